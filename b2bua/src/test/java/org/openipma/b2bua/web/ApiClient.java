package org.openipma.b2bua.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A script's and a browser's view of the API, over real HTTP to a server on loopback: plain requests, log-in,
 * and requests authenticated by bearer token or by cookie (with or without the CSRF header).
 */
final class ApiClient {
    static final ObjectMapper JSON = new ObjectMapper();

    /** What a log-in handed out. */
    record Login(String user, String token, String csrf, String cookie) {
    }

    /** An answer: status, headers, body (parsed when JSON). */
    record Answer(int status, java.net.http.HttpHeaders headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        String error() {
            return json().path("error").asText();
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    ApiClient(int port) {
        this.port = port;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Sends {@code method path} with a JSON {@code body} (null for none) and extra headers, in pairs. */
    Answer send(String method, String path, Object body, String... headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
            String text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
            request.method(method, text == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(text));
            if (text != null) {
                request.header("Content-Type", "application/json");
            }
            for (int i = 0; i < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    Answer get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    /** Logs in; fails the test unless it succeeds. */
    Login login(String user, String password) {
        Answer answer = send("POST", "/api/login", Map.of("user", user, "password", password));
        assertEquals(200, answer.status(), answer::body);
        String setCookie = answer.header("Set-Cookie");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        return new Login(user, answer.json().get("token").asText(), answer.json().get("csrf").asText(), cookie);
    }

    /** As a script: bearer token. */
    Answer bearer(Login login, String method, String path, Object body) {
        return send(method, path, body, "Authorization", "Bearer " + login.token());
    }

    Answer bearerGet(Login login, String path) {
        return bearer(login, "GET", path, null);
    }

    /** As a page: cookie and CSRF token, from this server's origin. */
    Answer page(Login login, String method, String path, Object body) {
        return send(method, path, body, "Cookie", login.cookie(), "X-CSRF-Token", login.csrf(),
                "Origin", "http://127.0.0.1:" + port);
    }
}
