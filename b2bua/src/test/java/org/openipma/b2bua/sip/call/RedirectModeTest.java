package org.openipma.b2bua.sip.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openipma.b2bua.sipp.Line.MANAGER;
import static org.openipma.b2bua.sipp.Line.PHONE3;
import static org.openipma.b2bua.sipp.Line.PROXY_LINE;
import static org.openipma.b2bua.sipp.Line.VOICEMAIL;
import static org.openipma.b2bua.sip.call.CallFixture.body;
import static org.openipma.b2bua.sip.call.CallFixture.contactOf;
import static org.openipma.b2bua.sip.call.CallFixture.finals;
import static org.openipma.b2bua.sip.call.CallFixture.fromUser;
import static org.openipma.b2bua.sip.call.CallFixture.headerValues;

import java.util.List;
import javax.sip.address.SipURI;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openipma.b2bua.sip.testing.AnsweringPhone;
import org.openipma.b2bua.sip.testing.CallingPhone;

/**
 * Redirect mode ({@code routingService.mode: redirect}) on a real server with in-process phones: the route
 * point answers a call to the manager's line with a 302 whose Contact points back through the B2BUA with
 * a signed token, and the caller's follow-up INVITE, authenticated again, reaches only what the route
 * point chose. SIPp cannot run these calls: it signs a fixed digest {@code uri}, never the Contact it
 * follows.
 */
@Timeout(60)
class RedirectModeTest {
    private static final String REDIRECT = "redirect-mode.yaml";
    private static final String REDIRECT_ROUTING_DISABLED = "redirect-mode-routing-service-disabled.yaml";
    private static final String REDIRECT_RING_NO_ANSWER_2S = "redirect-mode-ring-no-answer-2s-to-manager.yaml";

    private CallFixture lab;

    @AfterEach
    void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void phone3DialingTheManagerIsRedirectedBackThroughTheB2buaAndRingsTheProxyLine() throws Exception {
        lab = CallFixture.start(REDIRECT);
        AnsweringPhone proxyLine = lab.answering(PROXY_LINE);
        AnsweringPhone manager = lab.answering(MANAGER);
        CallingPhone phone3 = lab.calling(PHONE3);

        CallingPhone.Attempt redirected = phone3.dial(lab.uri("1001"));
        assertEquals(List.of(407, 302), finals(redirected));
        SipURI contact = contactOf(redirected.last());
        assertEquals("1112", contact.getUser());
        assertEquals(lab.address(), contact.getHost() + ":" + contact.getPort(),
                "the 302 must point back through the B2BUA, never at the proxy line's phone");
        assertNotNull(contact.getParameter(CallController.REDIRECT_PARAMETER));

        CallingPhone.Attempt answered = phone3.follow(redirected);
        assertEquals(List.of(407, 200), finals(answered), "the follow-up is authenticated like any call");
        SipURI answeredBy = contactOf(answered.last());
        assertEquals(lab.address(), answeredBy.getHost() + ":" + answeredBy.getPort(),
                "the callee's Contact must not leak to the caller");

        Request invite = proxyLine.awaitRequest(Request.INVITE);
        assertNotNull(invite, "the proxy line was not called");
        assertEquals("1003", fromUser(invite), "the proxy line sees who called");
        assertEquals(body(redirected.request()), body(invite), "the SDP offer crosses unchanged");
        assertTrue(headerValues(invite, "Diversion").stream().anyMatch(value -> value.contains("sip:1001@")),
                () -> "Diversion must name the manager's line 1001: " + headerValues(invite, "Diversion"));
        assertEquals(1, headerValues(invite, ViaHeader.NAME).size(), "the caller's Via must not leak to the callee");

        assertEquals(Response.OK, phone3.hangUp(answered).getStatusCode());
        assertNotNull(proxyLine.awaitRequest(Request.BYE), "the BYE did not reach the proxy line");
        assertTrue(manager.receivedSoFar().isEmpty(), () -> "the manager must not be called: " + manager.receivedSoFar());
        lab.awaitReleased();
    }

    @Test
    void withNoAssistantRegisteredTheRedirectLeadsToTheManagerThroughTheRoutePointsCss() throws Exception {
        lab = CallFixture.start(REDIRECT);
        AnsweringPhone manager = lab.answering(MANAGER);
        CallingPhone phone3 = lab.calling(PHONE3);

        CallingPhone.Attempt redirected = phone3.dial(lab.uri("1001"));
        assertEquals(List.of(407, 302), finals(redirected));
        assertEquals("1001", contactOf(redirected.last()).getUser());

        CallingPhone.Attempt answered = phone3.follow(redirected);
        assertEquals(List.of(407, 200), finals(answered),
                "1001 is in PT_MANAGER, beyond phone3's CSS: only the token's route point CSS reaches it");
        Request invite = manager.awaitRequest(Request.INVITE);
        assertNotNull(invite, "the manager was not called");
        assertTrue(headerValues(invite, "Diversion").isEmpty(), "a call to the manager is not diverted");

        assertEquals(Response.OK, phone3.hangUp(answered).getStatusCode());
        assertNotNull(manager.awaitRequest(Request.BYE));
        lab.awaitReleased();
    }

    @Test
    void whenTheRoutingServiceIsDisabledTheRedirectLeadsToTheCfnaDestination() throws Exception {
        lab = CallFixture.start(REDIRECT_ROUTING_DISABLED);
        AnsweringPhone proxyLine = lab.answering(PROXY_LINE);
        AnsweringPhone manager = lab.answering(MANAGER);
        CallingPhone phone3 = lab.calling(PHONE3);

        CallingPhone.Attempt redirected = phone3.dial(lab.uri("1001"));
        assertEquals(List.of(407, 302), finals(redirected));
        assertEquals("1001", contactOf(redirected.last()).getUser(), "CFNA 100X masks 1001 to 1001");

        CallingPhone.Attempt answered = phone3.follow(redirected);
        assertEquals(List.of(407, 200), finals(answered));
        assertNotNull(manager.awaitRequest(Request.INVITE), "the CFNA destination, the manager, was not called");

        assertEquals(Response.OK, phone3.hangUp(answered).getStatusCode());
        assertTrue(proxyLine.receivedSoFar().isEmpty(), "a failed decision does not ring the assistant");
        lab.awaitReleased();
    }

    @Test
    void whenTheProxyLineDoesNotAnswerTheRingNoAnswerPolicyStillApplies() throws Exception {
        lab = CallFixture.start(REDIRECT_RING_NO_ANSWER_2S);
        AnsweringPhone proxyLine = lab.answering(PROXY_LINE, AnsweringPhone.Behaviour.RINGS_ONLY);
        AnsweringPhone manager = lab.answering(MANAGER);
        CallingPhone phone3 = lab.calling(PHONE3);

        CallingPhone.Attempt answered = phone3.follow(phone3.dial(lab.uri("1001")));

        assertEquals(List.of(407, 200), finals(answered), "after 2 s of ringing, policy manager rings 1001");
        assertNotNull(proxyLine.awaitRequest(Request.INVITE), "the proxy line rang first");
        assertNotNull(proxyLine.awaitRequest(Request.CANCEL), "the unanswered proxy line was cancelled");
        assertNotNull(manager.awaitRequest(Request.INVITE), "the manager was not called");
        assertEquals(Response.OK, phone3.hangUp(answered).getStatusCode());
        lab.awaitReleased();
    }

    @Test
    void theProxyLineDialingTheManagerIsBridgedWithoutARedirect() throws Exception {
        lab = CallFixture.start(REDIRECT);
        AnsweringPhone manager = lab.answering(MANAGER);
        CallingPhone proxyLine = lab.calling(PROXY_LINE);

        CallingPhone.Attempt answered = proxyLine.dial(lab.uri("1001"));
        assertEquals(List.of(407, 200), finals(answered), "CSS_IPMA reaches 1001 itself, not the route point");
        assertNotNull(manager.awaitRequest(Request.INVITE));

        assertEquals(Response.OK, proxyLine.hangUp(answered).getStatusCode());
        lab.awaitReleased();
    }

    @Test
    void aTokenPointedAtTheManagersLineIsRefused() throws Exception {
        lab = CallFixture.start(REDIRECT);
        lab.answering(PROXY_LINE);
        AnsweringPhone manager = lab.answering(MANAGER);
        CallingPhone phone3 = lab.calling(PHONE3);
        SipURI toProxyLine = contactOf(phone3.dial(lab.uri("1001")).last());

        SipURI toManager = (SipURI) toProxyLine.clone();
        toManager.setUser("1001");
        CallingPhone.Attempt refused = phone3.dial(toManager);

        assertEquals(List.of(407, 403), finals(refused));
        assertTrue(manager.receivedSoFar().isEmpty(), "a stretched token must not reach PT_MANAGER");
        lab.awaitReleased();
    }

    @Test
    void anotherCallerCannotUsePhone3sToken() throws Exception {
        lab = CallFixture.start(REDIRECT);
        AnsweringPhone proxyLine = lab.answering(PROXY_LINE);
        SipURI phone3sToken = contactOf(lab.calling(PHONE3).dial(lab.uri("1001")).last());

        CallingPhone.Attempt refused = lab.calling(VOICEMAIL).dial(phone3sToken);

        assertEquals(List.of(407, 403), finals(refused));
        assertTrue(proxyLine.receivedSoFar().isEmpty());
        lab.awaitReleased();
    }

    @Test
    void aForgedTokenIsRefused() throws Exception {
        lab = CallFixture.start(REDIRECT);
        AnsweringPhone proxyLine = lab.answering(PROXY_LINE);
        CallingPhone phone3 = lab.calling(PHONE3);
        SipURI genuine = contactOf(phone3.dial(lab.uri("1001")).last());
        String token = genuine.getParameter(CallController.REDIRECT_PARAMETER);

        SipURI forged = (SipURI) genuine.clone();
        // A character inside the signature: the last one of a Base64 string may carry only ignored padding bits.
        int inSignature = token.indexOf('.') + 10;
        forged.setParameter(CallController.REDIRECT_PARAMETER, token.substring(0, inSignature)
                + (token.charAt(inSignature) == 'A' ? 'B' : 'A') + token.substring(inSignature + 1));
        CallingPhone.Attempt refused = phone3.dial(forged);

        assertEquals(List.of(407, 403), finals(refused));
        assertTrue(proxyLine.receivedSoFar().isEmpty());
        lab.awaitReleased();
    }
}
