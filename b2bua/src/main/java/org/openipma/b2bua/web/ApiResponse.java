package org.openipma.b2bua.web;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An endpoint's answer: a status, a JSON body (null for none) and any extra headers (a cookie).
 */
record ApiResponse(int status, Object body, Map<String, String> headers) {

    static ApiResponse ok(Object body) {
        return new ApiResponse(200, body, Map.of());
    }

    static ApiResponse noContent() {
        return new ApiResponse(204, null, Map.of());
    }

    ApiResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApiResponse(status, body, more);
    }
}
