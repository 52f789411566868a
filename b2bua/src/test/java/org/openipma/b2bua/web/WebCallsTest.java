package org.openipma.b2bua.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openipma.b2bua.sipp.Line.ASSISTANT;
import static org.openipma.b2bua.sipp.Line.MANAGER;
import static org.openipma.b2bua.sipp.Line.PHONE3;
import static org.openipma.b2bua.sipp.Line.PROXY_LINE;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openipma.b2bua.sip.call.CallFixture;
import org.openipma.b2bua.sip.testing.AnsweringPhone;
import org.openipma.b2bua.sip.testing.AnsweringPhone.Behaviour;
import org.openipma.b2bua.sip.testing.CallingPhone;

/**
 * Live calls through the API and the WebSocket, with real SIP phones: phone3 (1003) calls the manager (1001),
 * the route point sends the call to the assistant's proxy line (1112), and the consoles see and move it.
 */
@Timeout(90)
class WebCallsTest {
    /** phone3 puts the call on hold (RFC 3264 §8.4). */
    private static final String HOLD = "v=0\r\no=phone3 1 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendonly\r\n";

    private CallFixture lab;
    private ApiClient api;

    private void start() {
        lab = CallFixture.startWithHttp("two-managers.yaml", null);
        api = new ApiClient(lab.server().httpPort());
    }

    @AfterEach
    void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    private CompletableFuture<CallingPhone.Attempt> phone3CallsTheManager(CallingPhone phone3) {
        return CompletableFuture.supplyAsync(() -> phone3.dial(lab.uri("1001")));
    }

    private static boolean callEvent(JsonNode message, String event) {
        return message.get("type").asText().equals("call") && message.get("event").asText().equals(event);
    }

    @Test
    void theAssistantsConsoleIsPushedTheRingingCallWithinASecondAndRedirectsItToTheManager() throws Exception {
        start();
        AnsweringPhone proxyLine = lab.answering(PROXY_LINE, Behaviour.RINGS_ONLY);
        AnsweringPhone manager = lab.answering(MANAGER);
        CallingPhone phone3 = lab.calling(PHONE3);
        ApiClient.Login assistant = api.login("assistant", "lab-assistant");
        try (PushClient console = PushClient.withCookie(lab.server().httpPort(), assistant)) {
            CompletableFuture<CallingPhone.Attempt> call = phone3CallsTheManager(phone3);
            assertNotNull(proxyLine.awaitRequest(Request.INVITE), "the proxy line did not ring");
            long invited = System.nanoTime();

            PushClient.Message ringing = console.await(m -> callEvent(m, "ringing"), Duration.ofSeconds(1));

            assertNotNull(ringing, "no ringing event within a second of the INVITE");
            assertTrue(ringing.arrivedNanos() - invited < TimeUnit.SECONDS.toNanos(1));
            JsonNode pushed = ringing.json().get("call");
            assertEquals("1003", pushed.get("caller").asText());
            assertEquals("Phone 3", pushed.get("callerName").asText());
            assertEquals("ringing", pushed.get("state").asText());
            assertEquals("manager", pushed.get("manager").asText());
            assertEquals("1112", pushed.get("proxyLine").asText());
            assertEquals("assistant", pushed.get("assistant").asText());
            JsonNode listed = api.bearerGet(assistant, "/api/calls").json();
            assertEquals(1, listed.size(), listed::toString);
            assertEquals(pushed.get("id"), listed.get(0).get("id"));
            assertEquals("1001", listed.get(0).get("line").asText());

            ApiClient.Answer redirected = api.page(assistant, "POST", "/api/calls/" + pushed.get("id").asText()
                    + "/actions", Map.of("action", "redirect-to-manager"));

            assertEquals(200, redirected.status(), redirected::body);
            assertEquals("{\"result\":\"redirected: the call from 1003 rings 1001\"}", redirected.body());
            assertNotNull(proxyLine.awaitRequest(Request.CANCEL), "the proxy line kept ringing");
            assertNotNull(manager.awaitRequest(Request.INVITE), "the manager's phone did not ring");
            CallingPhone.Attempt answered = call.get(20, TimeUnit.SECONDS);
            assertEquals(Response.OK, answered.last().getStatusCode(), answered::toString);
            assertNotNull(console.await(m -> callEvent(m, "answered"), Duration.ofSeconds(2)));

            ApiClient.Answer late = api.page(assistant, "POST", "/api/calls/" + pushed.get("id").asText() + "/actions",
                    Map.of("action", "redirect-to-manager"));
            assertEquals(409, late.status(), late::body);
            assertEquals("the call from 1003 was answered or ended meanwhile", late.error());
            assertEquals("connected", api.bearerGet(assistant, "/api/calls").json().get(0).get("state").asText());

            assertEquals(Response.OK, phone3.inCall(answered, Request.INVITE,
                    HOLD)
                    .getStatusCode());
            assertEquals("held", api.bearerGet(assistant, "/api/calls").json().get(0).get("state").asText());

            ApiClient.Answer hungUp = api.page(assistant, "POST", "/api/calls/" + pushed.get("id").asText()
                    + "/actions", Map.of("action", "hangup"));
            assertEquals(200, hungUp.status(), hungUp::body);
            assertNotNull(phone3.awaitRequest(Request.BYE), "the caller was not hung up");
            assertNotNull(manager.awaitRequest(Request.BYE), "the manager was not hung up");
            PushClient.Message ended = console.await(m -> callEvent(m, "ended"), Duration.ofSeconds(2));
            assertNotNull(ended);
            assertEquals("hung up by assistant", ended.json().get("reason").asText());
        }
        lab.awaitReleased();
    }

    @Test
    void onlyTheManagerInterceptsAndANumberIsReachedThroughTheManagersLine() throws Exception {
        start();
        AnsweringPhone proxyLine = lab.answering(PROXY_LINE, Behaviour.RINGS_ONLY);
        AnsweringPhone primary = lab.answering(ASSISTANT);
        CallingPhone phone3 = lab.calling(PHONE3);
        ApiClient.Login assistant = api.login("assistant", "lab-assistant");
        ApiClient.Login manager = api.login("manager", "lab-manager");
        ApiClient.Login otherAssistant = api.login("assistant2", "lab-assistant2");
        CompletableFuture<CallingPhone.Attempt> call = phone3CallsTheManager(phone3);
        assertNotNull(proxyLine.awaitRequest(Request.INVITE), "the proxy line did not ring");
        String id = api.bearerGet(manager, "/api/calls").json().get(0).get("id").asText();
        String actions = "/api/calls/" + id + "/actions";

        ApiClient.Answer byAssistant = api.bearer(assistant, "POST", actions, Map.of("action", "intercept"));
        ApiClient.Answer byStranger = api.bearer(otherAssistant, "POST", actions, Map.of("action", "hangup"));
        ApiClient.Answer unknownAction = api.bearer(manager, "POST", actions, Map.of("action", "juggle"));
        ApiClient.Answer noNumber = api.bearer(manager, "POST", actions, Map.of("action", "redirect"));
        ApiClient.Answer routePoint = api.bearer(manager, "POST", actions, Map.of("action", "redirect", "number", "1001"));
        ApiClient.Answer noSuchCall = api.bearer(manager, "POST", "/api/calls/999/actions", Map.of("action", "hangup"));
        assertEquals(0, api.bearerGet(otherAssistant, "/api/calls").json().size(), "assistant2 saw manager's call");

        assertEquals(403, byAssistant.status());
        assertEquals("only the manager manager or an administrator may intercept", byAssistant.error());
        assertEquals(404, byStranger.status());
        assertEquals("action", unknownAction.json().get("field").asText());
        assertEquals("number", noNumber.json().get("field").asText());
        assertEquals(400, routePoint.status());
        assertEquals("number", routePoint.json().get("field").asText());
        assertTrue(routePoint.error().contains("CSS_DEFAULT"), routePoint.body());
        assertEquals(404, noSuchCall.status());

        ApiClient.Answer redirected = api.bearer(manager, "POST", actions, Map.of("action", "redirect", "number", "1002"));

        assertEquals("{\"result\":\"redirected: the call from 1003 rings 1002\"}", redirected.body());
        assertNotNull(proxyLine.awaitRequest(Request.CANCEL));
        assertNotNull(primary.awaitRequest(Request.INVITE), "1002 did not ring");
        CallingPhone.Attempt answered = call.get(20, TimeUnit.SECONDS);
        assertEquals(Response.OK, answered.last().getStatusCode());
        phone3.hangUp(answered);
        lab.awaitReleased();
    }

    @Test
    void theWebSocketNeedsALoginAndThisServersOriginAndPushesSettingsAndPresenceOnlyToWhoMaySeeThem()
            throws Exception {
        start();
        int port = lab.server().httpPort();
        ApiClient.Login assistant = api.login("assistant", "lab-assistant");
        ApiClient.Login manager2 = api.login("manager2", "lab-manager2");

        assertThrows(RuntimeException.class, () -> PushClient.connect(port, ""));
        assertThrows(RuntimeException.class, () -> PushClient.connect(port, "?token=made-up"));
        assertThrows(RuntimeException.class, () -> PushClient.connect(port, "", "Cookie", assistant.cookie(),
                "Origin", "http://evil.example"));
        try (PushClient console = PushClient.withToken(port, assistant);
             PushClient otherConsole = PushClient.withCookie(port, manager2)) {
            api.bearer(manager2, "PUT", "/api/managers/manager2/settings", Map.of("dnd", true));
            api.bearer(assistant, "PUT", "/api/managers/manager/settings", Map.of("dnd", true));
            api.bearer(assistant, "PUT", "/api/assistants/assistant/presence", Map.of("online", false));

            PushClient.Message settings = console.await(m -> m.get("type").asText().equals("settings"),
                    Duration.ofSeconds(1));
            PushClient.Message presence = console.await(m -> m.get("type").asText().equals("presence"),
                    Duration.ofSeconds(1));
            PushClient.Message own = otherConsole.await(m -> m.get("type").asText().equals("settings"),
                    Duration.ofSeconds(1));

            assertNotNull(settings);
            assertEquals("manager", settings.json().get("manager").asText(), "assistant was pushed manager2's change");
            assertTrue(settings.json().get("settings").get("dnd").asBoolean());
            assertEquals("{\"type\":\"presence\",\"assistant\":\"assistant\",\"manager\":\"manager\",\"online\":false}",
                    presence.json().toString());
            assertEquals("manager2", own.json().get("manager").asText());
            Thread.sleep(200);
            assertTrue(otherConsole.drain().isEmpty(), "manager2 was pushed what is not theirs");
        }
    }
}
