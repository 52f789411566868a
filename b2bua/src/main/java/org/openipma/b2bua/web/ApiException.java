package org.openipma.b2bua.web;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An API answer that is not a success, thrown by an endpoint and turned into one JSON object:
 * {@code {"error": "...", "field": ..., "value": ..., "rule": ...}} (the last three only for bad input). An
 * expected outcome, never logged with a stack trace.
 */
final class ApiException extends RuntimeException {
    private final int status;
    private final String field;
    private final Object value;
    private final String rule;
    private final Map<String, String> headers = new LinkedHashMap<>();

    ApiException(int status, String error) {
        this(status, error, null, null, null);
    }

    private ApiException(int status, String error, String field, Object value, String rule) {
        super(error, null, false, false);
        this.status = status;
        this.field = field;
        this.value = value;
        this.rule = rule;
    }

    /** 400: {@code field: "value" rule}, e.g. {@code filterMode: "sideways" is not inclusive or exclusive}. */
    static ApiException badInput(String field, Object value, String rule) {
        String shown = value instanceof String text ? "\"" + text + "\"" : String.valueOf(value);
        return new ApiException(400, field + ": " + shown + " " + rule, field, value, rule);
    }

    static ApiException forbidden(String why) {
        return new ApiException(403, why);
    }

    static ApiException notFound(String what) {
        return new ApiException(404, what);
    }

    ApiException withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    int status() {
        return status;
    }

    Map<String, String> headers() {
        return headers;
    }

    /** The JSON body. */
    Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", getMessage());
        if (field != null) {
            body.put("field", field);
            body.put("value", value);
            body.put("rule", rule);
        }
        return body;
    }
}
