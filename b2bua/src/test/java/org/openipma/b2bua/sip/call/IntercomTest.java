package org.openipma.b2bua.sip.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openipma.b2bua.sip.call.CallFixture.finals;
import static org.openipma.b2bua.sip.call.CallFixture.headerValues;
import static org.openipma.b2bua.sipp.Line.MANAGER;
import static org.openipma.b2bua.sipp.Line.PHONE3;

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
 * Intercom (REFERENCE §4): the manager's and the assistant's intercom lines reach each other through the intercom
 * CSS only, and the call carries the auto-answer indications phones honour; the manager's DND never touches it.
 */
@Timeout(60)
class IntercomTest {
    private static final Line MANAGER_INTERCOM = new Line("manager", "lab-manager", "*1001");
    private static final Line ASSISTANT_INTERCOM = new Line("assistant", "lab-assistant", "*1002");

    private CallFixture lab;

    @AfterEach
    void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void anIntercomCallCarriesEveryAutoAnswerIndication() throws Exception {
        lab = CallFixture.start(TestConfigs.LAB);
        AnsweringPhone assistant = lab.answering(ASSISTANT_INTERCOM);
        CallingPhone manager = lab.calling(MANAGER_INTERCOM);

        CallingPhone.Attempt call = manager.dial(lab.uri("*1002"));

        assertEquals(Response.OK, call.last().getStatusCode(), call::toString);
        Request invite = assistant.awaitRequest(Request.INVITE);
        assertNotNull(invite);
        assertTrue(headerValues(invite, "Call-Info").stream().anyMatch(v -> v.contains("answer-after=0")),
                () -> "no Call-Info answer-after:\n" + invite);
        assertTrue(headerValues(invite, "Alert-Info").stream().anyMatch(v -> v.contains("info=alert-autoanswer")),
                () -> "no Alert-Info auto-answer:\n" + invite);
        assertEquals(List.of("Answer-Mode: Auto"), headerValues(invite, "Answer-Mode"));
        assertEquals(Response.OK, manager.hangUp(call).getStatusCode());
        lab.awaitReleased();
    }

    @Test
    void theManagersDndDoesNotSilenceTheIntercom() throws Exception {
        lab = CallFixture.start(TestConfigs.LAB);
        AnsweringPhone managerIntercom = lab.answering(MANAGER_INTERCOM);
        lab.dialCode(MANAGER, "*73", "DND on");
        CallingPhone assistant = lab.calling(ASSISTANT_INTERCOM);

        CallingPhone.Attempt call = assistant.dial(lab.uri("*1001"));

        assertEquals(Response.OK, call.last().getStatusCode(), call::toString);
        Request invite = managerIntercom.awaitRequest(Request.INVITE);
        assertTrue(headerValues(invite, "Alert-Info").stream().noneMatch(v -> v.contains("alert-silent")),
                () -> "DND reached the intercom:\n" + invite);
        assistant.hangUp(call);
        lab.awaitReleased();
    }

    @Test
    void anOrdinaryCssCannotReachAnIntercomLine() {
        lab = CallFixture.start(TestConfigs.LAB);

        CallingPhone.Attempt call = lab.calling(PHONE3).dial(lab.uri("*1002"));

        assertEquals(List.of(407, 404), finals(call));
    }
}
