package org.openipma.b2bua.sip.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openipma.b2bua.sip.call.CallFixture.finals;
import static org.openipma.b2bua.sip.call.CallFixture.headerValues;
import static org.openipma.b2bua.sip.call.CallFixture.rang;
import static org.openipma.b2bua.sipp.Line.MANAGER;
import static org.openipma.b2bua.sipp.Line.PHONE3;
import static org.openipma.b2bua.sipp.Line.PROXY_LINE;
import static org.openipma.b2bua.sipp.Line.VOICEMAIL;

import java.util.List;
import javax.sip.message.Request;
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

    @Test
    void filterOffSendsTheNextCallToTheManagerAndFilterOnBackToTheAssistant() throws Exception {
        lab = CallFixture.start(TestConfigs.LAB);
        AnsweringPhone proxyLine = lab.answering(PROXY_LINE);
        AnsweringPhone manager = lab.answering(MANAGER);

        lab.dialCode(MANAGER, "*76", "filter off");
        lab.callTheManagerAndExpect(manager);
        assertTrue(!rang(proxyLine), "the proxy line rang with the filter off");

        lab.dialCode(MANAGER, "*75", "filter on");
        lab.callTheManagerAndExpect(proxyLine);
    }

    @Test
    void divertAllSendsTheCallsFilteringGaveTheManagerToTheDivertTarget() throws Exception {
        lab = CallFixture.start(TestConfigs.LAB);
        AnsweringPhone proxyLine = lab.answering(PROXY_LINE);
        AnsweringPhone manager = lab.answering(MANAGER);
        lab.dialCode(MANAGER, "*76", "filter off");

        lab.dialCode(MANAGER, "*71", "Divert All on");

        Request invite = lab.callTheManagerAndExpect(proxyLine);
        assertTrue(headerValues(invite, "Diversion").stream().anyMatch(value -> value.contains("sip:1001@")),
                () -> "no Diversion for 1001:\n" + invite);
        assertTrue(!rang(manager), "the manager rang with Divert All on");
    }

    @Test
    void anAssistantWhoLogsOutNoLongerGetsTheCallsAndLoggingInBringsThemBack() throws Exception {
        lab = CallFixture.start(TestConfigs.LAB);
        AnsweringPhone proxyLine = lab.answering(PROXY_LINE);
        AnsweringPhone manager = lab.answering(MANAGER);

        lab.dialCode(ASSISTANT_PRIMARY, "*82", "assistant logged out for manager");
        lab.callTheManagerAndExpect(manager);
        assertTrue(!rang(proxyLine), "a logged-out assistant's proxy line rang");

        lab.dialCode(ASSISTANT_PRIMARY, "*811001", "assistant logged in for manager");
        lab.callTheManagerAndExpect(proxyLine);
    }

    @Test
    void theDefaultAssistantLoggingBackInIsActiveAgain() throws Exception {
        lab = CallFixture.start("two-assistants-feature-codes.yaml");
        AnsweringPhone first = lab.answering(PROXY_LINE);
        AnsweringPhone second = lab.answering(SECOND_PROXY_LINE);

        lab.dialCode(ASSISTANT_PRIMARY, "*82", "assistant logged out for manager");
        lab.callTheManagerAndExpect(second);

        lab.dialCode(ASSISTANT_PRIMARY, "*81", "assistant logged in for manager");
        lab.callTheManagerAndExpect(first);
        assertTrue(!SECOND_ASSISTANT_PRIMARY.dn().equals(SECOND_PROXY_LINE.dn()));
    }

    @Test
    void dndAlertsTheManagerSilentlyWithoutRerouting() throws Exception {
        lab = CallFixture.start(TestConfigs.LAB);
        AnsweringPhone manager = lab.answering(MANAGER);
        lab.dialCode(MANAGER, "*76", "filter off");

        lab.dialCode(MANAGER, "*73", "DND on");

        Request invite = lab.callTheManagerAndExpect(manager);
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
