package org.openipma.b2bua.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openipma.b2bua.TestConfigs;
import org.openipma.b2bua.sip.call.CallFixture;
import org.openipma.b2bua.sip.testing.CapturedLog;

/**
 * Log-in, sessions, CSRF and the security headers, over real HTTP on the lab: what {@code docs/api.md} promises
 * under "Authentication". One server for the class (starting SIP costs a second); every case logs in afresh.
 */
@Timeout(60)
class WebAuthTest {
    private static CallFixture lab;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        lab = CallFixture.startWithHttp(TestConfigs.LAB, null);
        api = new ApiClient(lab.server().httpPort());
    }

    @AfterAll
    static void stop() {
        lab.close();
    }

    /** Every endpoint of docs/api.md but log-in, with a body where it takes one. */
    static Stream<Arguments> endpoints() {
        return Stream.of(
                Arguments.of("GET", "/api/me"), Arguments.of("POST", "/api/logout"),
                Arguments.of("GET", "/api/managers"), Arguments.of("GET", "/api/managers/manager/settings"),
                Arguments.of("PUT", "/api/managers/manager/settings"), Arguments.of("GET", "/api/assistants/assistant"),
                Arguments.of("PUT", "/api/assistants/assistant/presence"), Arguments.of("GET", "/api/calls"),
                Arguments.of("POST", "/api/calls/1/actions"), Arguments.of("POST", "/api/mwi/1001"),
                Arguments.of("GET", "/api/registrations"), Arguments.of("GET", "/api/records"),
                Arguments.of("GET", "/api/analyze?from=1003&digits=1001"), Arguments.of("GET", "/api/lint"),
                Arguments.of("GET", "/api/health"), Arguments.of("GET", "/api/no-such-endpoint"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("endpoints")
    void withoutALoginEveryEndpointAnswers401(String method, String path) {
        ApiClient.Answer answer = api.send(method, path, method.equals("GET") ? null : Map.of());

        assertEquals(401, answer.status(), answer::body);
        assertEquals("login required", answer.error());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("endpoints")
    void aMadeUpTokenOrCookieIsNoLogin(String method, String path) {
        assertEquals(401, api.send(method, path, null, "Authorization", "Bearer made-up").status());
        assertEquals(401, api.send(method, path, null, "Cookie", "ipma_session=made-up").status());
    }

    @Test
    void loginAnswersTheRolesATokenACsrfTokenAndAnHttpOnlyStrictCookie() {
        ApiClient.Answer answer = api.send("POST", "/api/login", Map.of("user", "assistant", "password", "lab-assistant"));

        assertEquals(200, answer.status(), answer::body);
        assertEquals("assistant", answer.json().get("user").asText());
        assertEquals("[\"assistant\"]", answer.json().get("roles").toString());
        assertTrue(answer.json().get("token").asText().length() >= 40);
        assertTrue(answer.json().get("csrf").asText().length() >= 40);
        String cookie = answer.header("Set-Cookie");
        assertTrue(cookie.startsWith("ipma_session="), cookie);
        assertTrue(cookie.toLowerCase(java.util.Locale.ROOT).contains("httponly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"), cookie);
        assertFalse(cookie.contains(answer.json().get("token").asText()), "the cookie is not the bearer token");
    }

    @Test
    void theCookieAndTheTokenBothLogIn() {
        ApiClient.Login login = api.login("manager", "lab-manager");

        ApiClient.Answer byCookie = api.get("/api/me", "Cookie", login.cookie());
        ApiClient.Answer byToken = api.bearerGet(login, "/api/me");

        assertEquals(200, byCookie.status());
        assertEquals(200, byToken.status());
        assertEquals("{\"user\":\"manager\",\"roles\":[\"manager\"],\"managers\":[\"manager\"],\"csrf\":\""
                + login.csrf() + "\"}", byToken.body());
    }

    @Test
    void anAdministratorOfTheConfigurationLogsInAsAdmin() {
        ApiClient.Login admin = api.login("admin", "lab-admin");

        ApiClient.Answer me = api.bearerGet(admin, "/api/me");

        assertEquals("[\"admin\"]", me.json().get("roles").toString());
        assertEquals("[\"manager\"]", me.json().get("managers").toString());
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameAnswerAndASecurityLogLine() {
        try (CapturedLog security = CapturedLog.capture("org.openipma.security", Level.INFO)) {
            ApiClient.Answer wrong = api.send("POST", "/api/login", Map.of("user", "manager", "password", "guess"));
            ApiClient.Answer unknown = api.send("POST", "/api/login", Map.of("user", "nobody", "password", "guess"));

            assertEquals(401, wrong.status());
            assertEquals("{\"error\":\"wrong user or password\"}", wrong.body());
            assertEquals(wrong.body(), unknown.body());
            List<String> lines = security.messages();
            assertEquals(2, lines.size(), lines::toString);
            assertTrue(lines.get(0).matches("security: auth-failed src=127\\.0\\.0\\.1:\\d+/http method=\"LOGIN\" "
                    + "user=\"manager\" reason=\"wrong user or password\" failures=\\d+"), lines.get(0));
            assertFalse(String.join("\n", lines).contains("guess"), "a password was logged");
        }
        api.login("manager", "lab-manager"); // resets the address's count for the other cases
    }

    @Test
    void aPhoneUserWithoutARoleIsRefused() {
        ApiClient.Answer answer = api.send("POST", "/api/login", Map.of("user", "phone3", "password", "lab-phone3"));

        assertEquals(403, answer.status());
        assertEquals("phone3 has no role here (not a manager, an assistant or an administrator)", answer.error());
    }

    @Test
    void aLoginWithoutAPasswordIsBadInputNamingTheField() {
        ApiClient.Answer answer = api.send("POST", "/api/login", Map.of("user", "manager"));

        assertEquals(400, answer.status());
        assertEquals("password", answer.json().get("field").asText());
        assertEquals("password: null is required", answer.error());
    }

    @Test
    void logoutEndsTheSessionForTheCookieAndTheToken() {
        ApiClient.Login login = api.login("manager", "lab-manager");

        ApiClient.Answer out = api.page(login, "POST", "/api/logout", null);

        assertEquals(204, out.status());
        assertTrue(out.header("Set-Cookie").contains("Max-Age=0"), out.header("Set-Cookie"));
        assertEquals(401, api.bearerGet(login, "/api/me").status());
        assertEquals(401, api.get("/api/me", "Cookie", login.cookie()).status());
    }

    @Test
    void aCookieStateChangeWithoutTheCsrfHeaderIsRefusedAndWithItPasses() {
        ApiClient.Login login = api.login("manager", "lab-manager");
        Map<String, Object> change = Map.of("dnd", false);

        ApiClient.Answer withoutHeader = api.send("PUT", "/api/managers/manager/settings", change,
                "Cookie", login.cookie());
        ApiClient.Answer wrongHeader = api.send("PUT", "/api/managers/manager/settings", change,
                "Cookie", login.cookie(), "X-CSRF-Token", login.token());
        ApiClient.Answer foreignOrigin = api.send("PUT", "/api/managers/manager/settings", change,
                "Cookie", login.cookie(), "X-CSRF-Token", login.csrf(), "Origin", "http://evil.example");
        ApiClient.Answer asPage = api.page(login, "PUT", "/api/managers/manager/settings", change);
        ApiClient.Answer asScript = api.bearer(login, "PUT", "/api/managers/manager/settings", change);

        assertEquals(403, withoutHeader.status());
        assertEquals("missing or wrong CSRF token", withoutHeader.error());
        assertEquals(403, wrongHeader.status());
        assertEquals(403, foreignOrigin.status());
        assertEquals(200, asPage.status(), asPage::body);
        assertEquals(200, asScript.status(), asScript::body);
    }

    @Test
    void aLoginFromAForeignOriginIsRefused() {
        ApiClient.Answer answer = api.send("POST", "/api/login", Map.of("user", "manager", "password", "lab-manager"),
                "Origin", "http://evil.example");

        assertEquals(403, answer.status());
    }

    @Test
    void everyAnswerCarriesTheSecurityHeadersAndApiAnswersAreNotStored() {
        ApiClient.Login login = api.login("manager", "lab-manager");
        for (ApiClient.Answer answer : List.of(api.bearerGet(login, "/api/me"), api.get("/api/me"), api.get("/"),
                api.get("/no-such-page.html"))) {
            assertEquals("default-src 'self'", answer.header("Content-Security-Policy"));
            assertEquals("nosniff", answer.header("X-Content-Type-Options"));
            assertEquals("DENY", answer.header("X-Frame-Options"));
            assertEquals("no-referrer", answer.header("Referrer-Policy"));
        }
        assertEquals("no-store", api.bearerGet(login, "/api/me").header("Cache-Control"));
        assertNotEquals("no-store", api.get("/").header("Cache-Control"));
    }

    @Test
    void sessionsAreNotSharedBetweenLogins() {
        ApiClient.Login first = api.login("manager", "lab-manager");
        ApiClient.Login second = api.login("manager", "lab-manager");

        assertNotEquals(first.token(), second.token());
        assertNotEquals(first.csrf(), second.csrf());
    }
}
