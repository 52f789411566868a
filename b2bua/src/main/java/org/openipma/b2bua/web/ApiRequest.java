package org.openipma.b2bua.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * One API request as an endpoint sees it: already authenticated (except for log-in), its path parameters
 * matched, its query decoded.
 *
 * @param principal who asks, or null for {@code POST /api/login}
 * @param session their session, or null for log-in and HTTP Basic
 * @param pathParameters the path's {@code {name}} parts, decoded, in order
 */
record ApiRequest(String method, String path, List<String> pathParameters, Map<String, List<String>> query,
                  byte[] body, Principal principal, Session session, InetSocketAddress remote) {

    /** The {@code index}th path parameter. */
    String pathParameter(int index) {
        return pathParameters.get(index);
    }

    /** The query parameter {@code name}'s first value, or null. */
    String query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The body as a JSON object; 400 when it is not one. An empty body is an empty object. */
    JsonNode json() {
        if (body.length == 0) {
            return JsonNodeFactory.instance.objectNode();
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ApiException(400, "the body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ApiException(400, "the body is not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new ApiException(400, "the body is not a JSON object");
        }
        return node;
    }
}
