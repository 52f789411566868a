package org.openipma.b2bua.sip.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openipma.b2bua.sip.call.CallFixture.body;
import static org.openipma.b2bua.sip.call.CallFixture.contactOf;
import static org.openipma.b2bua.sip.call.CallFixture.finals;
import static org.openipma.b2bua.sip.call.CallFixture.from;
import static org.openipma.b2bua.sip.call.CallFixture.headerValues;
import static org.openipma.b2bua.sipp.Line.ASSISTANT;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openipma.b2bua.TestConfigs;
import org.openipma.b2bua.sip.testing.AnsweringPhone;
import org.openipma.b2bua.sip.testing.AnsweringPhone.Behaviour;
import org.openipma.b2bua.sip.testing.CallingPhone;
import org.openipma.b2bua.sipp.Line;

/**
 * What the B2BUA carries between two legs, on a real server with in-process phones, where SIPp cannot
 * look closely enough: forking to several contacts, early media, failure mapping, INFO and UPDATE, the
 * caller's name, the voicemail ring-no-answer policy, and what a stopping server tells the phones of live
 * calls. Phone3 (1003) calls the assistant's primary line 1002 directly unless a test says otherwise.
 */
@Timeout(60)
class CallFlowTest {
    private static final String RING_NO_ANSWER_2S_TO_VOICEMAIL = "ring-no-answer-2s-to-voicemail.yaml";
    private static final String MAX_CALLS_1 = "max-calls-1.yaml";
    private static final String TWO_ASSISTANTS_NEXT_ASSISTANT = "two-assistants-ring-no-answer-2s-to-next-assistant.yaml";
    /** The second assistant's proxy line for 1001 in {@value #TWO_ASSISTANTS_NEXT_ASSISTANT}. */
    private static final Line SECOND_PROXY_LINE = new Line("assistant2", "lab-assistant2", "1113");

    private CallFixture lab;
    /** The outcome of a call placed on another thread (it blocks until its final response). */
    private volatile CallingPhone.Attempt waitingResult;

    @AfterEach
    void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void aLineRegisteredFromTwoPhonesRingsBothAndTheOneThatDidNotAnswerIsCancelled() throws Exception {
        lab = CallFixture.start(TestConfigs.LAB);
        AnsweringPhone desk = lab.answering(ASSISTANT, Behaviour.RINGS_ONLY);
        AnsweringPhone soft = lab.answering(ASSISTANT);
        CallingPhone phone3 = lab.calling(PHONE3);

        CallingPhone.Attempt answered = phone3.dial(lab.uri("1002"));

        assertEquals(List.of(407, 200), finals(answered));
        assertNotNull(desk.awaitRequest(Request.INVITE), "the desk phone did not ring");
        assertNotNull(soft.awaitRequest(Request.INVITE), "the softphone did not ring");
        assertNotNull(desk.awaitRequest(Request.CANCEL), "the desk phone kept ringing after the softphone answered");
        assertEquals(Response.OK, phone3.hangUp(answered).getStatusCode());
        assertNotNull(soft.awaitRequest(Request.BYE));
        lab.awaitReleased();
    }

    @Test
    void whenTwoPhonesAnswerTheCallerGetsOneAnswerAndTheLateOneIsHungUp() throws Exception {
        lab = CallFixture.start(TestConfigs.LAB);
        AnsweringPhone desk = lab.answering(ASSISTANT);
        AnsweringPhone soft = lab.answering(ASSISTANT);
        CallingPhone phone3 = lab.calling(PHONE3);

        CallingPhone.Attempt answered = phone3.dial(lab.uri("1002"));

        assertEquals(List.of(407, 200), finals(answered));
        assertEquals(Response.OK, phone3.hangUp(answered).getStatusCode());
        assertNotNull(desk.awaitRequest(Request.BYE), "the desk phone's call was not hung up");
        assertNotNull(soft.awaitRequest(Request.BYE), "the softphone's call was not hung up");
        lab.awaitReleased();
    }

    @Test
    void earlyMediaReachesTheCallerWithTheCalleesSdpUnchanged() throws Exception {
        lab = CallFixture.start(TestConfigs.LAB);
        lab.answering(ASSISTANT, Behaviour.EARLY_MEDIA_THEN_ANSWERS);
        CallingPhone phone3 = lab.calling(PHONE3);

        CallingPhone.Attempt answered = phone3.dial(lab.uri("1002"));

        Response progress = answered.responses().stream().filter(r -> r.getStatusCode() == Response.SESSION_PROGRESS)
                .findFirst().orElseThrow(() -> new AssertionError("no 183 relayed: " + answered));
        assertEquals(AnsweringPhone.sdpAnswer(), body(progress));
        assertEquals(AnsweringPhone.sdpAnswer(), body(answered.last()));
        assertEquals(Response.OK, phone3.hangUp(answered).getStatusCode());
        lab.awaitReleased();
    }

    @ParameterizedTest(name = "the callee answers {0}: the caller gets {1}")
    @CsvSource({"486, 486", "603, 603", "408, 480", "500, 500", "503, 503"})
    void aFailureOfTheCalleeReachesTheCallerMapped(int calleeStatus, int callerStatus) throws Exception {
        lab = CallFixture.start(TestConfigs.LAB);
        lab.answering(ASSISTANT, Behaviour.rejects(calleeStatus));

        CallingPhone.Attempt failed = lab.calling(PHONE3).dial(lab.uri("1002"));

        assertEquals(List.of(407, callerStatus), finals(failed));
        lab.awaitReleased();
    }

    @Test
    void infoAndUpdateCrossTheB2buaAndTheirAnswersComeBack() throws Exception {
        lab = CallFixture.start(TestConfigs.LAB);
        AnsweringPhone assistant = lab.answering(ASSISTANT);
        CallingPhone phone3 = lab.calling(PHONE3);
        CallingPhone.Attempt answered = phone3.dial(lab.uri("1002"));
        assertNotNull(assistant.awaitRequest(Request.INVITE));

        assertEquals(Response.OK, phone3.inCall(answered, Request.INFO, null).getStatusCode());
        assertNotNull(assistant.awaitRequest(Request.INFO), "INFO was not relayed");
        String newOffer = body(answered.request()).replace("o=caller 1 1", "o=caller 1 2");
        Response updated = phone3.inCall(answered, Request.UPDATE, newOffer);
        assertEquals(Response.OK, updated.getStatusCode());
        Request update = assistant.awaitRequest(Request.UPDATE);
        assertNotNull(update, "UPDATE was not relayed");
        assertEquals(newOffer, body(update), "the UPDATE's offer crosses unchanged");
        assertEquals(lab.address(), contactOf(update).getHost() + ":" + contactOf(update).getPort(),
                "the caller's Contact must not leak into the UPDATE");
        assertEquals(Response.OK, phone3.hangUp(answered).getStatusCode());
        lab.awaitReleased();
    }

    @Test
    void theCalleeSeesTheCallersNumberAndNameFromTheConfigurationNotFromTheCaller() throws Exception {
        lab = CallFixture.start(TestConfigs.LAB);
        AnsweringPhone assistant = lab.answering(ASSISTANT);
        CallingPhone phone3 = lab.calling(PHONE3);

        CallingPhone.Attempt answered = phone3.dial(lab.uri("1002"));

        Request invite = assistant.awaitRequest(Request.INVITE);
        assertEquals(CallingPhone.SELF_CHOSEN_NAME, from(answered.request()).getAddress().getDisplayName());
        assertEquals("Phone 3", from(invite).getAddress().getDisplayName(), "the name configured for line 1003");
        assertEquals("sip:1003@127.0.0.1", from(invite).getAddress().getURI().toString());
        assertTrue(headerValues(invite, "Record-Route").isEmpty(), "no Record-Route crosses");
        assertEquals(Response.OK, phone3.hangUp(answered).getStatusCode());
        lab.awaitReleased();
    }

    @Test
    void ringNoAnswerPolicyVoicemailSendsTheCallToThePilotOnTheManagersBehalf() throws Exception {
        lab = CallFixture.start(RING_NO_ANSWER_2S_TO_VOICEMAIL);
        AnsweringPhone proxyLine = lab.answering(PROXY_LINE, Behaviour.RINGS_ONLY);
        AnsweringPhone voicemail = lab.answering(VOICEMAIL);
        CallingPhone phone3 = lab.calling(PHONE3);

        CallingPhone.Attempt answered = phone3.dial(lab.uri("1001"));

        assertEquals(List.of(407, 200), finals(answered), "after 2 s of ringing the voicemail pilot answers");
        assertNotNull(proxyLine.awaitRequest(Request.CANCEL), "the unanswered proxy line was not cancelled");
        Request invite = voicemail.awaitRequest(Request.INVITE);
        assertNotNull(invite, "the voicemail pilot 8000 was not called");
        assertTrue(headerValues(invite, "Diversion").stream().anyMatch(value -> value.contains("sip:1001@")),
                () -> "voicemail must know whose mailbox: " + headerValues(invite, "Diversion"));
        assertEquals(Response.OK, phone3.hangUp(answered).getStatusCode());
        lab.awaitReleased();
    }

    @Test
    void ringNoAnswerPolicyNextAssistantRingsTheOtherAssistantsProxyLine() throws Exception {
        lab = CallFixture.start(TWO_ASSISTANTS_NEXT_ASSISTANT);
        AnsweringPhone defaultAssistant = lab.answering(PROXY_LINE, Behaviour.RINGS_ONLY);
        AnsweringPhone secondAssistant = lab.answering(SECOND_PROXY_LINE);
        AnsweringPhone manager = lab.answering(MANAGER);
        CallingPhone phone3 = lab.calling(PHONE3);

        CallingPhone.Attempt answered = phone3.dial(lab.uri("1001"));

        assertEquals(List.of(407, 200), finals(answered), "after 2 s the second assistant answers");
        assertNotNull(defaultAssistant.awaitRequest(Request.INVITE), "the default assistant rings first");
        assertNotNull(defaultAssistant.awaitRequest(Request.CANCEL), "the default assistant was not cancelled");
        Request invite = secondAssistant.awaitRequest(Request.INVITE);
        assertNotNull(invite, "the second assistant's proxy line 1113 was not called");
        assertTrue(headerValues(invite, "Diversion").stream().anyMatch(value -> value.contains("sip:1001@")));
        assertTrue(manager.receivedSoFar().isEmpty(), "the manager must not ring while an assistant is available");
        assertEquals(Response.OK, phone3.hangUp(answered).getStatusCode());
        lab.awaitReleased();
    }

    @Test
    void pastMaxCallsANewCallIsRefusedWith503AndRetryAfterUntilOneEnds() throws Exception {
        lab = CallFixture.start(MAX_CALLS_1);
        lab.answering(ASSISTANT);
        CallingPhone phone3 = lab.calling(PHONE3);
        CallingPhone voicemail = lab.calling(VOICEMAIL);
        CallingPhone.Attempt first = phone3.dial(lab.uri("1002"));
        assertEquals(List.of(407, 200), finals(first));

        CallingPhone.Attempt refused = voicemail.dial(lab.uri("1002"));

        assertEquals(List.of(503), finals(refused), "refused before any challenge");
        assertEquals("5", headerValues(refused.last(), "Retry-After").get(0).replaceAll("\\D", ""));
        assertEquals(Response.OK, phone3.hangUp(first).getStatusCode());
        lab.awaitReleased();
        assertEquals(List.of(407, 200), finals(voicemail.dial(lab.uri("1002"))), "accepted again once the call ended");
    }

    @Test
    void stoppingTheServerHangsUpAnsweredCallsAndFailsRingingOnes() throws Exception {
        lab = CallFixture.start(TestConfigs.LAB);
        AnsweringPhone assistant = lab.answering(ASSISTANT);
        AnsweringPhone proxyLine = lab.answering(PROXY_LINE, Behaviour.RINGS_ONLY);
        CallingPhone talking = lab.calling(PHONE3);
        CallingPhone.Attempt answered = talking.dial(lab.uri("1002"));
        assertEquals(List.of(407, 200), finals(answered));
        CallingPhone waiting = lab.calling(VOICEMAIL);
        Thread ringing = new Thread(() -> waitingResult = waiting.dial(lab.uri("1001")));
        ringing.start();
        assertNotNull(proxyLine.awaitRequest(Request.INVITE), "the proxy line did not ring");

        lab.stopServer();

        assertNotNull(talking.awaitRequest(Request.BYE), "the caller of the answered call got no BYE");
        assertNotNull(assistant.awaitRequest(Request.BYE), "the callee of the answered call got no BYE");
        assertNotNull(proxyLine.awaitRequest(Request.CANCEL), "the ringing proxy line was not cancelled");
        ringing.join(10_000);
        assertNotNull(waitingResult, "the ringing call's caller got no final response");
        assertEquals(List.of(407, 503), finals(waitingResult));
    }
}
