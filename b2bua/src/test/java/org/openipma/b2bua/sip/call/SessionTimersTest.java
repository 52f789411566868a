package org.openipma.b2bua.sip.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openipma.b2bua.sip.call.CallFixture.finals;
import static org.openipma.b2bua.sip.call.CallFixture.headerValues;
import static org.openipma.b2bua.sipp.Line.ASSISTANT;
import static org.openipma.b2bua.sipp.Line.PHONE3;

import ch.qos.logback.classic.Level;
import java.util.List;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openipma.b2bua.TestConfigs;
import org.openipma.b2bua.sip.testing.AnsweringPhone;
import org.openipma.b2bua.sip.testing.CallingPhone;
import org.openipma.b2bua.sip.testing.CapturedLog;

/**
 * Session timers (RFC 4028) on both legs: negotiated where a phone supports them, a 422 under Min-SE, a call
 * ended when its refresher falls silent, kept while it refreshes, our own refreshes where we are the refresher,
 * and nothing at all for phones without timers. The short intervals run on a server whose Min-SE is lowered to
 * 2 s ({@link CallFixture#startWithMinSessionExpires}), so a 4 s session expires after 4 - 4/3 ≈ 2.7 s.
 */
@Timeout(60)
class SessionTimersTest {
    private static final String TIMER_SUPPORTED = "Supported: timer";
    private CallFixture lab;

    @AfterEach
    void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void aCallerAskingForATimerGetsSessionExpiresInThe200AndTheCalleeIsOfferedOne() throws Exception {
        lab = CallFixture.start(TestConfigs.LAB);
        AnsweringPhone assistant = lab.answering(ASSISTANT);
        CallingPhone phone3 = lab.calling(PHONE3).withInviteHeaders(TIMER_SUPPORTED, "Session-Expires: 3600");

        CallingPhone.Attempt call = phone3.dial(lab.uri("1002"));

        assertEquals(Response.OK, call.last().getStatusCode(), call::toString);
        // Lowered to sip.sessionExpiresSeconds (1800); the caller named no refresher, so it refreshes.
        assertEquals(List.of("Session-Expires: 1800;refresher=uac"), headerValues(call.last(), "Session-Expires"));
        assertEquals(List.of("Require: timer"), headerValues(call.last(), "Require"));
        Request invite = assistant.awaitRequest(Request.INVITE);
        assertNotNull(invite);
        assertTrue(headerValues(invite, "Supported").stream().anyMatch(value -> value.contains("timer")),
                () -> "Supported: " + headerValues(invite, "Supported"));
        assertEquals(List.of("Session-Expires: 1800"), headerValues(invite, "Session-Expires"));
        assertEquals(List.of("Min-SE: 90"), headerValues(invite, "Min-SE"));
        assertEquals(Response.OK, phone3.hangUp(call).getStatusCode());
        lab.awaitReleased();
    }

    @Test
    void aSessionIntervalUnderMinSeGets422WithOurMinSe() throws Exception {
        lab = CallFixture.start(TestConfigs.LAB);
        lab.answering(ASSISTANT);
        CallingPhone phone3 = lab.calling(PHONE3).withInviteHeaders(TIMER_SUPPORTED, "Session-Expires: 60");

        CallingPhone.Attempt call = phone3.dial(lab.uri("1002"));

        assertEquals(List.of(407, 422), finals(call), call::toString);
        assertEquals("Session Interval Too Small", call.last().getReasonPhrase());
        assertEquals(List.of("Min-SE: 90"), headerValues(call.last(), "Min-SE"));
        lab.awaitReleased();
    }

    @Test
    void aCallerThatNeverRefreshesIsHungUpOnBothLegs() throws Exception {
        lab = CallFixture.startWithMinSessionExpires(TestConfigs.LAB, 2);
        AnsweringPhone assistant = lab.answering(ASSISTANT);
        CallingPhone phone3 = lab.calling(PHONE3).withInviteHeaders(TIMER_SUPPORTED, "Session-Expires: 4;refresher=uac");
        try (CapturedLog log = CapturedLog.capture(SessionTimers.class.getName(), Level.INFO)) {
            CallingPhone.Attempt call = phone3.dial(lab.uri("1002"));
            assertEquals(Response.OK, call.last().getStatusCode(), call::toString);
            assertEquals(List.of("Session-Expires: 4;refresher=uac"), headerValues(call.last(), "Session-Expires"));

            assertNotNull(phone3.awaitRequest(Request.BYE), "the silent caller was not hung up");
            assertNotNull(assistant.awaitRequest(Request.BYE), "the callee of an expired session was not hung up");
            lab.awaitReleased();
            assertTrue(log.messages().stream().anyMatch(message -> message.endsWith(
                    "ended by the server: no session refresh from the caller's phone within its 4 s session interval")),
                    () -> String.join("\n", log.messages()));
        }
    }

    @Test
    void aCallerThatRefreshesKeepsItsCallAndTheRefreshReachesTheCallee() throws Exception {
        lab = CallFixture.startWithMinSessionExpires(TestConfigs.LAB, 2);
        AnsweringPhone assistant = lab.answering(ASSISTANT);
        String asked = "Session-Expires: 4;refresher=uac";
        CallingPhone phone3 = lab.calling(PHONE3).withInviteHeaders(TIMER_SUPPORTED, asked);
        CallingPhone.Attempt call = phone3.dial(lab.uri("1002"));
        assertEquals(Response.OK, call.last().getStatusCode(), call::toString);
        assertNotNull(assistant.awaitRequest(Request.INVITE));

        for (int i = 0; i < 4; i++) { // 6 s, twice the time the session would last unrefreshed
            Thread.sleep(1500);
            Response refreshed = phone3.inCall(call, Request.UPDATE, null, TIMER_SUPPORTED, asked);
            assertEquals(Response.OK, refreshed.getStatusCode());
            assertEquals(List.of("Session-Expires: 4;refresher=uac"), headerValues(refreshed, "Session-Expires"));
            assertNotNull(assistant.awaitRequest(Request.UPDATE), "the refresh was not relayed to the callee");
        }

        assertEquals(1, lab.server().liveCallCount(), "a refreshed call was ended");
        assertEquals(Response.OK, phone3.hangUp(call).getStatusCode());
        assertNotNull(assistant.awaitRequest(Request.BYE));
        lab.awaitReleased();
    }

    @Test
    void whereWeAreTheRefresherTheCalleeGetsRefreshesAndTheCallStays() throws Exception {
        lab = CallFixture.startWithMinSessionExpires(TestConfigs.LAB, 2);
        AnsweringPhone assistant = lab.answering(ASSISTANT).withSessionExpires("4;refresher=uac");
        CallingPhone phone3 = lab.calling(PHONE3);
        CallingPhone.Attempt call = phone3.dial(lab.uri("1002"));
        assertEquals(Response.OK, call.last().getStatusCode(), call::toString);
        assertEquals(List.of(), headerValues(call.last(), "Session-Expires"), "the caller asked for no timer");
        assertNotNull(assistant.awaitRequest(Request.INVITE));

        // The callee allows no UPDATE: refreshed with a re-INVITE carrying the caller's SDP, every 2 s.
        Request first = assistant.awaitRequest(Request.INVITE);
        assertNotNull(first, "no refresh reached the callee");
        assertEquals(List.of("Session-Expires: 4;refresher=uac"), headerValues(first, "Session-Expires"));
        assertNotNull(assistant.awaitRequest(Request.INVITE), "no second refresh reached the callee");

        assertEquals(1, lab.server().liveCallCount(), "a refreshed call was ended");
        assertTrue(phone3.receivedSoFar().isEmpty(), () -> "the caller without timers got " + phone3.receivedSoFar());
        assertEquals(Response.OK, phone3.hangUp(call).getStatusCode());
        lab.awaitReleased();
    }

    @Test
    void phonesWithoutTimersAreUnaffected() throws Exception {
        lab = CallFixture.startWithMinSessionExpires(TestConfigs.LAB, 2);
        AnsweringPhone assistant = lab.answering(ASSISTANT);
        CallingPhone phone3 = lab.calling(PHONE3);
        CallingPhone.Attempt call = phone3.dial(lab.uri("1002"));
        assertEquals(Response.OK, call.last().getStatusCode(), call::toString);
        assertEquals(List.of(), headerValues(call.last(), "Session-Expires"));
        assertNotNull(assistant.awaitRequest(Request.INVITE));

        Thread.sleep(5000); // past any session our 2 s Min-SE would allow

        assertEquals(1, lab.server().liveCallCount(), "a call between phones without timers was ended");
        assertTrue(phone3.receivedSoFar().isEmpty(), () -> "the caller got " + phone3.receivedSoFar());
        assertTrue(assistant.receivedSoFar().stream().allMatch(request -> request.getMethod().equals(Request.ACK)),
                () -> "the callee got " + assistant.receivedSoFar());
        assertEquals(Response.OK, phone3.hangUp(call).getStatusCode());
        lab.awaitReleased();
    }
}
