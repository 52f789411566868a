package org.openipma.b2bua.sip.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openipma.b2bua.sip.call.CallFixture.finals;
import static org.openipma.b2bua.sip.call.CallFixture.headerValues;
import static org.openipma.b2bua.sipp.Line.MANAGER;
import static org.openipma.b2bua.sipp.Line.PHONE3;
import static org.openipma.b2bua.sipp.Line.PROXY_LINE;
import static org.openipma.b2bua.sipp.Line.VOICEMAIL;

import java.util.List;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openipma.b2bua.TestConfigs;
import org.openipma.b2bua.sip.testing.AnsweringPhone;
import org.openipma.b2bua.sip.testing.CallingPhone;
import org.openipma.b2bua.sipp.Line;

/**
 * Feature codes dialled from plain SIP phones change the next call's routing, on a real server with its
 * embedded database: the phone gets {@code 603} whose reason phrase is the new state, or the refusal with its
 * reason. Each test dials a code, then places the call the code is about (phone3, 1003, calls 1001).
 */
@Timeout(60)
class FeatureCodeTest {
    private static final Line ASSISTANT_PRIMARY = Line.ASSISTANT;
    private static final Line SECOND_PROXY_LINE = new Line("assistant2", "lab-assistant2", "1113");
    private static final Line SECOND_ASSISTANT_PRIMARY = new Line("assistant2", "lab-assistant2", "1004");

    private CallFixture lab;

    @AfterEach
    void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    /** Dials {@code code} from {@code line} and asserts the 603 whose reason phrase is {@code newState}. */
    private void dialCode(Line line, String code, String newState) {
        CallingPhone.Attempt attempt = lab.calling(line).dial(lab.uri(code));
        assertEquals(List.of(407, 603), finals(attempt), () -> line + " dialling " + code + ": " + attempt);
        assertEquals(newState, attempt.last().getReasonPhrase());
    }

    /** phone3 calls 1001; asserts that {@code expected} rings and answers, then hangs up. Returns the INVITE. */
    private Request callTheManagerAndExpect(AnsweringPhone expected) throws InterruptedException {
        CallingPhone phone3 = lab.calling(PHONE3);
        CallingPhone.Attempt call = phone3.dial(lab.uri("1001"));
        assertEquals(Response.OK, call.last().getStatusCode(), call::toString);
        Request invite = expected.awaitRequest(Request.INVITE);
        assertNotNull(invite, expected + " did not ring");
        assertEquals(Response.OK, phone3.hangUp(call).getStatusCode());
        lab.awaitReleased();
        return invite;
    }

    private static boolean rang(AnsweringPhone phone) {
        return phone.receivedSoFar().stream().anyMatch(request -> request.getMethod().equals(Request.INVITE));
    }

    @Test
    void filterOffSendsTheNextCallToTheManagerAndFilterOnBackToTheAssistant() throws Exception {
        lab = CallFixture.start(TestConfigs.LAB);
        AnsweringPhone proxyLine = lab.answering(PROXY_LINE);
        AnsweringPhone manager = lab.answering(MANAGER);

        dialCode(MANAGER, "*76", "filter off");
        callTheManagerAndExpect(manager);
        assertTrue(!rang(proxyLine), "the proxy line rang with the filter off");

        dialCode(MANAGER, "*75", "filter on");
        callTheManagerAndExpect(proxyLine);
    }

    @Test
    void divertAllSendsTheCallsFilteringGaveTheManagerToTheDivertTarget() throws Exception {
        lab = CallFixture.start(TestConfigs.LAB);
        AnsweringPhone proxyLine = lab.answering(PROXY_LINE);
        AnsweringPhone manager = lab.answering(MANAGER);
        dialCode(MANAGER, "*76", "filter off");

        dialCode(MANAGER, "*71", "Divert All on");

        Request invite = callTheManagerAndExpect(proxyLine);
        assertTrue(headerValues(invite, "Diversion").stream().anyMatch(value -> value.contains("sip:1001@")),
                () -> "no Diversion for 1001:\n" + invite);
        assertTrue(!rang(manager), "the manager rang with Divert All on");
    }

    @Test
    void anAssistantWhoLogsOutNoLongerGetsTheCallsAndLoggingInBringsThemBack() throws Exception {
        lab = CallFixture.start(TestConfigs.LAB);
        AnsweringPhone proxyLine = lab.answering(PROXY_LINE);
        AnsweringPhone manager = lab.answering(MANAGER);

        dialCode(ASSISTANT_PRIMARY, "*82", "assistant logged out for manager");
        callTheManagerAndExpect(manager);
        assertTrue(!rang(proxyLine), "a logged-out assistant's proxy line rang");

        dialCode(ASSISTANT_PRIMARY, "*811001", "assistant logged in for manager");
        callTheManagerAndExpect(proxyLine);
    }

    @Test
    void theDefaultAssistantLoggingBackInIsActiveAgain() throws Exception {
        lab = CallFixture.start("two-assistants-feature-codes.yaml");
        AnsweringPhone first = lab.answering(PROXY_LINE);
        AnsweringPhone second = lab.answering(SECOND_PROXY_LINE);

        dialCode(ASSISTANT_PRIMARY, "*82", "assistant logged out for manager");
        callTheManagerAndExpect(second);

        dialCode(ASSISTANT_PRIMARY, "*81", "assistant logged in for manager");
        callTheManagerAndExpect(first);
        assertTrue(!SECOND_ASSISTANT_PRIMARY.dn().equals(SECOND_PROXY_LINE.dn()));
    }

    @Test
    void dndAlertsTheManagerSilentlyWithoutRerouting() throws Exception {
        lab = CallFixture.start(TestConfigs.LAB);
        AnsweringPhone manager = lab.answering(MANAGER);
        dialCode(MANAGER, "*76", "filter off");

        dialCode(MANAGER, "*73", "DND on");

        Request invite = callTheManagerAndExpect(manager);
        assertEquals(List.of(Forking.SILENT_ALERT_INFO), headerValues(invite, "Alert-Info").stream()
                .map(value -> value.substring(value.indexOf(':') + 1).trim()).toList());
    }

    @Test
    void aCallerWhoIsNotAManagerIsRefusedWithTheReason() {
        lab = CallFixture.start(TestConfigs.LAB);

        CallingPhone.Attempt refused = lab.calling(PHONE3).dial(lab.uri("*71"));

        assertEquals(List.of(407, 403), finals(refused));
        assertEquals("Forbidden (phone3 is not a manager)", refused.last().getReasonPhrase());
    }

    @Test
    void aCodeTheCallersCssDoesNotReachIsNotFound() {
        lab = CallFixture.start("voicemail-without-feature-codes.yaml");

        CallingPhone.Attempt unreachable = lab.calling(VOICEMAIL).dial(lab.uri("*82"));

        assertEquals(List.of(407, 404), finals(unreachable));
    }
}
