package org.openipma.b2bua.sip.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openipma.b2bua.sip.call.CallFixture.body;
import static org.openipma.b2bua.sipp.Line.MANAGER;
import static org.openipma.b2bua.sipp.Line.PHONE3;
import static org.openipma.b2bua.sipp.Line.PROXY_LINE;

import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openipma.b2bua.TestConfigs;
import org.openipma.b2bua.sip.testing.AnsweringPhone;
import org.openipma.b2bua.sip.testing.CallingPhone;

/**
 * Blind transfer (REFER, RFC 3515) handled inside the B2BUA: the target is routed through the referrer's CSS,
 * progress reaches the referrer as {@code message/sipfrag} NOTIFYs, the transferee is re-INVITEd with the
 * target's offer, and everything is released at the end.
 */
@Timeout(60)
class TransferTest {
    private CallFixture lab;

    @AfterEach
    void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void theProxyLineTransfersTheCallerToTheManagerItsCssReaches() throws Exception {
        lab = CallFixture.start(TestConfigs.LAB);
        AnsweringPhone proxyLine = lab.answering(PROXY_LINE);
        AnsweringPhone manager = lab.answering(MANAGER);
        CallingPhone phone3 = lab.calling(PHONE3);
        CallingPhone.Attempt call = phone3.dial(lab.uri("1001"));
        assertEquals(Response.OK, call.last().getStatusCode(), call::toString);

        Response accepted = proxyLine.refer("sip:1001@127.0.0.1");

        assertEquals(Response.ACCEPTED, accepted.getStatusCode());
        Request toManager = manager.awaitRequest(Request.INVITE);
        assertNotNull(toManager, "the manager was not called");
        Request reInvite = phone3.awaitRequest(Request.INVITE);
        assertNotNull(reInvite, "the caller was not re-INVITEd towards the manager");
        assertEquals(AnsweringPhone.sdpAnswer(), body(reInvite), "the caller gets the manager's session");
        assertTrue(awaitSipfrag(proxyLine, "SIP/2.0 200 OK"), "the referrer did not learn of the success");
        assertNotNull(proxyLine.awaitRequest(Request.BYE), "the referrer was not released");

        assertEquals(Response.OK, phone3.hangUp(call).getStatusCode());
        assertNotNull(manager.awaitRequest(Request.BYE), "the hang-up did not reach the manager");
        lab.awaitReleased();
    }

    @Test
    void theCallerTransfersToo_theProxyLineSendsThePhoneItCalledToTheManager() throws Exception {
        lab = CallFixture.start(TestConfigs.LAB);
        AnsweringPhone phone3 = lab.answering(PHONE3);
        AnsweringPhone manager = lab.answering(MANAGER);
        CallingPhone proxyLine = lab.calling(PROXY_LINE);
        CallingPhone.Attempt call = proxyLine.dial(lab.uri("1003"));
        assertEquals(Response.OK, call.last().getStatusCode(), call::toString);
        assertNotNull(phone3.awaitRequest(Request.INVITE));

        assertEquals(Response.ACCEPTED, proxyLine.refer(call, "sip:1001@127.0.0.1").getStatusCode());

        assertNotNull(manager.awaitRequest(Request.INVITE), "the caller's transfer did not reach the manager");
        Request reInvite = phone3.awaitRequest(Request.INVITE);
        assertNotNull(reInvite, "the callee was not re-INVITEd towards the manager");
        assertNotNull(proxyLine.awaitRequest(Request.BYE), "the transferring caller was not released");
        assertEquals(1, lab.server().liveCallCount(), "phone3 and the manager talk on: one call");
    }

    @Test
    void aReferToANumberTheReferrersCssCannotReachIsRefusedAndChangesNothing() throws Exception {
        lab = CallFixture.start(TestConfigs.LAB);
        AnsweringPhone phone3 = lab.answering(PHONE3);
        CallingPhone assistant = lab.calling(org.openipma.b2bua.sipp.Line.ASSISTANT);
        CallingPhone.Attempt call = assistant.dial(lab.uri("1003"));
        assertEquals(Response.OK, call.last().getStatusCode(), call::toString);

        Response refused = phone3.refer("sip:*1001@127.0.0.1");

        assertEquals(Response.NOT_FOUND, refused.getStatusCode());
        assertEquals(Response.OK, assistant.inCall(call, Request.INFO, null).getStatusCode(),
                "the call no longer carries requests after a refused REFER");
        assertEquals(Response.OK, assistant.hangUp(call).getStatusCode());
        lab.awaitReleased();
    }

    @Test
    void aReferToTheRedirectCodeSendsTheConnectedCallToTheManager() throws Exception {
        lab = CallFixture.start(TestConfigs.LAB);
        AnsweringPhone proxyLine = lab.answering(PROXY_LINE);
        AnsweringPhone manager = lab.answering(MANAGER);
        CallingPhone phone3 = lab.calling(PHONE3);
        CallingPhone.Attempt call = phone3.dial(lab.uri("1001"));
        assertEquals(Response.OK, call.last().getStatusCode(), call::toString);

        assertEquals(Response.ACCEPTED, proxyLine.refer("sip:*84@127.0.0.1").getStatusCode());

        assertNotNull(manager.awaitRequest(Request.INVITE), "Redirect by REFER did not reach the manager");
        assertTrue(awaitSipfrag(proxyLine, "SIP/2.0 200 OK"));
        assertEquals(Response.OK, phone3.hangUp(call).getStatusCode());
        lab.awaitReleased();
    }

    @Test
    void aHeldCallIsRedirectedByAReferToTheRedirectCode() throws Exception {
        lab = CallFixture.start(TestConfigs.LAB);
        AnsweringPhone proxyLine = lab.answering(PROXY_LINE);
        AnsweringPhone manager = lab.answering(MANAGER);
        CallingPhone phone3 = lab.calling(PHONE3);
        CallingPhone.Attempt call = phone3.dial(lab.uri("1001"));
        assertEquals(Response.OK, call.last().getStatusCode(), call::toString);
        String hold = "v=0\r\no=held 2 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendonly\r\n";
        assertEquals(Response.OK, phone3.inCall(call, Request.UPDATE, hold).getStatusCode(), "the hold");

        assertEquals(Response.ACCEPTED, proxyLine.refer("sip:*84@127.0.0.1").getStatusCode());

        assertNotNull(manager.awaitRequest(Request.INVITE), "the held call was not redirected to the manager");
        assertTrue(awaitSipfrag(proxyLine, "SIP/2.0 200 OK"));
        assertEquals(Response.OK, phone3.hangUp(call).getStatusCode());
        lab.awaitReleased();
    }

    @Test
    void anAttendedTransferJoinsTheCallerWithTheConsultedManager() throws Exception {
        lab = CallFixture.start(TestConfigs.LAB);
        AnsweringPhone proxyLine = lab.answering(PROXY_LINE);
        AnsweringPhone manager = lab.answering(MANAGER);
        CallingPhone phone3 = lab.calling(PHONE3);
        CallingPhone.Attempt call = phone3.dial(lab.uri("1001"));
        assertEquals(Response.OK, call.last().getStatusCode(), call::toString);
        CallingPhone consulting = lab.calling(PROXY_LINE);
        CallingPhone.Attempt consultation = consulting.dial(lab.uri("1001"));
        assertEquals(Response.OK, consultation.last().getStatusCode(), consultation::toString);
        assertNotNull(manager.awaitRequest(Request.INVITE));
        javax.sip.Dialog replaced = consultation.dialog();
        String replaces = replaced.getCallId().getCallId() + ";to-tag=" + replaced.getRemoteTag() + ";from-tag="
                + replaced.getLocalTag();

        Response accepted = proxyLine.refer("<sip:1001@127.0.0.1?Replaces="
                + java.net.URLEncoder.encode(replaces, java.nio.charset.StandardCharsets.UTF_8) + ">");

        assertEquals(Response.ACCEPTED, accepted.getStatusCode());
        Request reInvite = phone3.awaitRequest(Request.INVITE);
        assertNotNull(reInvite, "the caller was not re-INVITEd towards the manager");
        assertEquals(AnsweringPhone.sdpAnswer(), body(reInvite), "the caller gets the manager's session");
        assertTrue(awaitSipfrag(proxyLine, "SIP/2.0 200 OK"), "the transferor did not learn of the success");
        assertNotNull(proxyLine.awaitRequest(Request.BYE), "the transferor's first call was not hung up");
        assertNotNull(consulting.awaitRequest(Request.BYE), "the transferor's consultation was not hung up");

        assertEquals(Response.OK, phone3.hangUp(call).getStatusCode());
        assertNotNull(manager.awaitRequest(Request.BYE), "the hang-up did not reach the manager");
        lab.awaitReleased();
    }

    /** Whether a NOTIFY whose sipfrag starts with {@code statusLine} reaches {@code referrer}. */
    private static boolean awaitSipfrag(AnsweringPhone referrer, String statusLine) throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            Request notify = referrer.awaitRequest(Request.NOTIFY);
            if (notify == null) {
                return false;
            }
            if (body(notify).startsWith(statusLine)) {
                return true;
            }
        }
        return false;
    }
}
