package org.openipma.b2bua.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openipma.b2bua.TestConfigs;
import org.openipma.b2bua.sip.call.CallFixture;

/**
 * The pages, request limits and {@code /metrics}: static files from the classpath's {@code web/}, no way out of
 * it, bodies over 64 KiB refused, and metrics for administrators only (cookie, bearer or Basic).
 */
@Timeout(60)
class WebStaticTest {
    static final String SCRAPE = "# TYPE ipma_test_total counter\nipma_test_total 1\n";
    private static CallFixture lab;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        lab = CallFixture.startWithHttp(TestConfigs.LAB, new MetricsExposition() {
            @Override
            public String contentType() {
                return "text/plain; version=0.0.4; charset=utf-8";
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                out.write(SCRAPE.getBytes(StandardCharsets.UTF_8));
            }
        });
        api = new ApiClient(lab.server().httpPort());
    }

    @AfterAll
    static void stop() {
        lab.close();
    }

    @Test
    void theRootIsIndexHtmlWithAnEtagAndARevalidationIs304() {
        ApiClient.Answer index = api.get("/");

        assertEquals(200, index.status());
        assertEquals("text/html; charset=utf-8", index.header("Content-Type"));
        assertEquals("no-cache", index.header("Cache-Control"));
        assertTrue(index.body().contains("<html"), index.body());
        assertEquals(index.body(), api.get("/index.html").body());
        assertEquals(304, api.get("/", "If-None-Match", index.header("ETag")).status());
    }

    /** Sent byte for byte (an HTTP client would normalise the dots away). */
    @ParameterizedTest
    @ValueSource(strings = {"/../pom.xml", "/..%2fpom.xml", "/%2e%2e/%2e%2e/pom.xml", "/web/../logback.xml",
            "/..\\logback.xml", "/.hidden.html", "//etc/passwd", "/logback.xml", "/org/openipma/b2bua/IpmaServer.class",
            "/index.html%00.txt", "/WEB-INF"})
    void aPathOutsideTheWebDirectoryIs404(String path) throws IOException {
        String answer = raw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

        assertTrue(answer.startsWith("HTTP/1.1 404") || answer.startsWith("HTTP/1.1 400"), answer);
    }

    @Test
    void aBodyOver64KiBIs413() throws IOException {
        String body = "x".repeat(70 * 1024);
        String answer = raw("POST /api/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);

        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
    }

    @Test
    void metricsAreForAdministratorsByBearerOrBasic() {
        ApiClient.Login admin = api.login("admin", "lab-admin");
        ApiClient.Login manager = api.login("manager", "lab-manager");
        String basic = "Basic " + Base64.getEncoder().encodeToString("admin:lab-admin".getBytes(StandardCharsets.UTF_8));
        String managerBasic = "Basic " + Base64.getEncoder().encodeToString("manager:lab-manager"
                .getBytes(StandardCharsets.UTF_8));

        ApiClient.Answer byToken = api.bearerGet(admin, "/metrics");
        ApiClient.Answer byBasic = api.get("/metrics", "Authorization", basic);

        assertEquals(200, byToken.status());
        assertEquals(SCRAPE, byToken.body());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", byToken.header("Content-Type"));
        assertEquals(SCRAPE, byBasic.body());
        assertEquals(401, api.get("/metrics").status());
        assertEquals("Basic realm=\"openipma\"", api.get("/metrics").header("WWW-Authenticate"));
        assertEquals(403, api.bearerGet(manager, "/metrics").status());
        assertEquals(403, api.get("/metrics", "Authorization", managerBasic).status());
    }

    @Test
    void withoutAnExpositionMetricsAre404() {
        try (CallFixture bare = CallFixture.startWithHttp(TestConfigs.LAB, null)) {
            ApiClient other = new ApiClient(bare.server().httpPort());
            ApiClient.Login admin = other.login("admin", "lab-admin");

            assertEquals(404, other.bearerGet(admin, "/metrics").status());
        }
    }

    private static String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", lab.server().httpPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException closedEarly) {
                // The server may answer and close before reading a refused body: read what it said.
            }
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
