package org.openipma.b2bua.sip.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.openipma.b2bua.sipp.Line.ASSISTANT;
import static org.openipma.b2bua.sipp.Line.PHONE3;

import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openipma.b2bua.TestConfigs;
import org.openipma.b2bua.sip.testing.AnsweringPhone;
import org.openipma.b2bua.sip.testing.CallingPhone;

/** No call outlives its parties: an answer never ACKed, and a call past {@code sip.maxCallSeconds}, end by BYE. */
@Timeout(90)
class CallGuardsTest {
    private CallFixture lab;

    @AfterEach
    void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void anAnswerTheCallerNeverAcknowledgesEndsTheCallAfter64T1() throws Exception {
        lab = CallFixture.start(TestConfigs.LAB);
        AnsweringPhone assistant = lab.answering(ASSISTANT);
        CallingPhone vanishing = lab.calling(PHONE3).withoutAck();

        CallingPhone.Attempt call = vanishing.dial(lab.uri("1002"));

        assertEquals(Response.OK, call.last().getStatusCode(), call::toString);
        assertNotNull(assistant.awaitRequest(Request.INVITE));
        long deadline = System.nanoTime() + CallGuards.ACK_TIMEOUT.plusSeconds(10).toNanos();
        Request bye = null;
        while (bye == null && System.nanoTime() < deadline) {
            bye = assistant.awaitRequest(Request.BYE);
        }
        assertNotNull(bye, "the callee of a never-acknowledged answer was not hung up");
        lab.awaitReleased();
    }

    @Test
    void anAcknowledgedCallOutlivesTheAckGuard() throws Exception {
        lab = CallFixture.start(TestConfigs.LAB);
        AnsweringPhone assistant = lab.answering(ASSISTANT);
        CallingPhone phone3 = lab.calling(PHONE3);
        CallingPhone.Attempt call = phone3.dial(lab.uri("1002"));
        assertEquals(Response.OK, call.last().getStatusCode(), call::toString);

        Thread.sleep(CallGuards.ACK_TIMEOUT.plusSeconds(3).toMillis());

        assertEquals(1, lab.server().liveCallCount(), "an acknowledged call was ended by the ACK guard");
        assertEquals(Response.OK, phone3.hangUp(call).getStatusCode());
        assertNotNull(assistant.awaitRequest(Request.BYE));
        lab.awaitReleased();
    }

    @Test
    void aCallReachingTheMaximumDurationIsHungUpOnBothLegs() throws Exception {
        lab = CallFixture.start("max-call-2s.yaml");
        AnsweringPhone assistant = lab.answering(ASSISTANT);
        CallingPhone phone3 = lab.calling(PHONE3);

        CallingPhone.Attempt call = phone3.dial(lab.uri("1002"));

        assertEquals(Response.OK, call.last().getStatusCode(), call::toString);
        assertNotNull(phone3.awaitRequest(Request.BYE), "the caller was not hung up at the maximum duration");
        assertNotNull(assistant.awaitRequest(Request.BYE), "the callee was not hung up at the maximum duration");
        lab.awaitReleased();
    }
}
