package org.openipma.b2bua.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A console's WebSocket: connects to {@code /ws} and keeps every JSON message pushed, with when it arrived. */
final class PushClient implements AutoCloseable {
    /** A pushed message and its arrival (System.nanoTime). */
    record Message(JsonNode json, long arrivedNanos) {
    }

    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    private final WebSocket socket;

    private PushClient(URI uri, String... headers) {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        this.socket = builder.buildAsync(uri, new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    try {
                        messages.add(new Message(ApiClient.JSON.readTree(text.toString()), System.nanoTime()));
                    } catch (IOException e) {
                        throw new AssertionError("not JSON: " + text, e);
                    }
                    text.setLength(0);
                }
                webSocket.request(1);
                return null;
            }
        }).orTimeout(5, TimeUnit.SECONDS).join();
    }

    /** Connects with the session cookie, from the server's own origin. */
    static PushClient withCookie(int port, ApiClient.Login login) {
        return new PushClient(URI.create("ws://127.0.0.1:" + port + "/ws"), "Cookie", login.cookie(),
                "Origin", "http://127.0.0.1:" + port);
    }

    /** Connects with {@code ?token=}. */
    static PushClient withToken(int port, ApiClient.Login login) {
        return new PushClient(URI.create("ws://127.0.0.1:" + port + "/ws?token=" + login.token()));
    }

    /** Connects with whatever headers; throws when the server refuses. */
    static PushClient connect(int port, String query, String... headers) {
        return new PushClient(URI.create("ws://127.0.0.1:" + port + "/ws" + query), headers);
    }

    /** The next message {@code test} accepts within {@code timeout}, or null; earlier ones are dropped. */
    Message await(Predicate<JsonNode> test, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Message message = messages.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (message == null || test.test(message.json())) {
                return message;
            }
        }
    }

    /** Every message received so far, taken. */
    java.util.List<JsonNode> drain() {
        java.util.List<Message> taken = new java.util.ArrayList<>();
        messages.drainTo(taken);
        return taken.stream().map(Message::json).toList();
    }

    @Override
    public void close() {
        socket.abort();
    }
}
