package org.openipma.b2bua.sip.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openipma.b2bua.sip.call.CallFixture.headerValues;
import static org.openipma.b2bua.sipp.Line.ASSISTANT;
import static org.openipma.b2bua.sipp.Line.MANAGER;
import static org.openipma.b2bua.sipp.Line.PHONE3;
import static org.openipma.b2bua.sipp.Line.PROXY_LINE;
import static org.openipma.b2bua.sipp.Line.VOICEMAIL;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openipma.b2bua.TestConfigs;
import org.openipma.b2bua.sip.testing.AnsweringPhone;
import org.openipma.b2bua.sip.testing.AnsweringPhone.Behaviour;
import org.openipma.b2bua.sip.testing.CallingPhone;
import org.openipma.b2bua.sipp.Line;

/**
 * Acting on a ringing call from plain SIP phones (REFERENCE §4–§5): Intercept, Redirect and transfer to
 * voicemail by feature code, on a real server. phone3 (1003) calls the manager (1001); the call rings where the
 * route point sends it; then someone dials a code and the call moves, keeping its caller.
 */
@Timeout(60)
class CallActionsTest {
    private CallFixture lab;

    @AfterEach
    void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    /** Dials {@code code} from {@code line}; the final answer. */
    private Response dial(Line line, String code) {
        CallingPhone.Attempt attempt = lab.calling(line).dial(lab.uri(code));
        return attempt.last();
    }

    /** phone3 calls 1001 on another thread (the call blocks until answered); returns once {@code ringing} rings. */
    private CompletableFuture<CallingPhone.Attempt> phone3CallsTheManagerUntil(AnsweringPhone ringing,
                                                                              CallingPhone phone3) throws Exception {
        CompletableFuture<CallingPhone.Attempt> call = CompletableFuture.supplyAsync(() -> phone3.dial(lab.uri("1001")));
        assertNotNull(ringing.awaitRequest(Request.INVITE), ringing + " did not ring");
        return call;
    }

    @Test
    void interceptMovesTheCallRingingAtTheProxyLineToTheManager() throws Exception {
        lab = CallFixture.start(TestConfigs.LAB);
        AnsweringPhone proxyLine = lab.answering(PROXY_LINE, Behaviour.RINGS_ONLY);
        AnsweringPhone manager = lab.answering(MANAGER);
        CallingPhone phone3 = lab.calling(PHONE3);
        CompletableFuture<CallingPhone.Attempt> call = phone3CallsTheManagerUntil(proxyLine, phone3);

        Response intercepted = dial(MANAGER, "*83");

        assertEquals(603, intercepted.getStatusCode());
        assertEquals("intercepted: the call from 1003 rings 1001", intercepted.getReasonPhrase());
        assertNotNull(proxyLine.awaitRequest(Request.CANCEL), "the proxy line kept ringing");
        assertNotNull(manager.awaitRequest(Request.INVITE), "the manager's phone did not ring");
        CallingPhone.Attempt answered = call.get(20, TimeUnit.SECONDS);
        assertEquals(Response.OK, answered.last().getStatusCode(), answered::toString);
        assertEquals(Response.OK, phone3.hangUp(answered).getStatusCode());
        lab.awaitReleased();
    }

    @Test
    void withTwoCallsRingingInterceptTakesTheOldest() throws Exception {
        lab = CallFixture.start(TestConfigs.LAB);
        AnsweringPhone proxyLine = lab.answering(PROXY_LINE, Behaviour.RINGS_ONLY);
        lab.answering(MANAGER);
        CallingPhone phone3 = lab.calling(PHONE3);
        CompletableFuture<CallingPhone.Attempt> oldest = phone3CallsTheManagerUntil(proxyLine, phone3);
        CallingPhone voicemail = lab.calling(VOICEMAIL);
        CompletableFuture<CallingPhone.Attempt> newer = CompletableFuture.supplyAsync(
                () -> voicemail.dial(lab.uri("1001")));
        assertNotNull(proxyLine.awaitRequest(Request.INVITE), "the second call did not ring");

        Response intercepted = dial(MANAGER, "*83");

        assertEquals("intercepted: the call from 1003 rings 1001", intercepted.getReasonPhrase());
        CallingPhone.Attempt answered = oldest.get(20, TimeUnit.SECONDS);
        assertEquals(Response.OK, answered.last().getStatusCode(), answered::toString);
        phone3.hangUp(answered);
        newer.cancel(true);
    }

    @Test
    void interceptIsRefusedWithTheReasonOnceTheAssistantAnswered() throws Exception {
        lab = CallFixture.start(TestConfigs.LAB);
        lab.answering(PROXY_LINE);
        CallingPhone phone3 = lab.calling(PHONE3);
        CallingPhone.Attempt answered = phone3.dial(lab.uri("1001"));
        assertEquals(Response.OK, answered.last().getStatusCode());

        Response refused = dial(MANAGER, "*83");

        assertEquals(480, refused.getStatusCode());
        assertEquals("Temporarily Unavailable (the call from 1003 was already answered by assistant)",
                refused.getReasonPhrase());
        assertEquals(Response.OK, phone3.hangUp(answered).getStatusCode());
        lab.awaitReleased();
    }

    @Test
    void theAssistantRedirectsTheCallRingingAtTheProxyLineToTheManager() throws Exception {
        lab = CallFixture.start(TestConfigs.LAB);
        AnsweringPhone proxyLine = lab.answering(PROXY_LINE, Behaviour.RINGS_ONLY);
        AnsweringPhone manager = lab.answering(MANAGER);
        CallingPhone phone3 = lab.calling(PHONE3);
        CompletableFuture<CallingPhone.Attempt> call = phone3CallsTheManagerUntil(proxyLine, phone3);

        Response redirected = dial(ASSISTANT, "*84");

        assertEquals("redirected: the call from 1003 rings 1001", redirected.getReasonPhrase());
        assertNotNull(manager.awaitRequest(Request.INVITE));
        CallingPhone.Attempt answered = call.get(20, TimeUnit.SECONDS);
        assertEquals(Response.OK, answered.last().getStatusCode(), answered::toString);
        phone3.hangUp(answered);
        lab.awaitReleased();
    }

    @Test
    void theManagerRedirectsTheCallRingingAtTheManagerToTheDivertTarget() throws Exception {
        lab = CallFixture.start(TestConfigs.LAB);
        AnsweringPhone manager = lab.answering(MANAGER, Behaviour.RINGS_ONLY);
        AnsweringPhone proxyLine = lab.answering(PROXY_LINE);
        lab.dialCode(MANAGER, "*76", "filter off");
        CallingPhone phone3 = lab.calling(PHONE3);
        CompletableFuture<CallingPhone.Attempt> call = phone3CallsTheManagerUntil(manager, phone3);

        Response redirected = dial(MANAGER, "*84");

        assertEquals("redirected: the call from 1003 rings 1112", redirected.getReasonPhrase());
        Request invite = proxyLine.awaitRequest(Request.INVITE);
        assertNotNull(invite, "the divert target did not ring");
        assertTrue(headerValues(invite, "Diversion").stream().anyMatch(value -> value.contains("sip:1001@")));
        CallingPhone.Attempt answered = call.get(20, TimeUnit.SECONDS);
        assertEquals(Response.OK, answered.last().getStatusCode(), answered::toString);
        phone3.hangUp(answered);
        lab.awaitReleased();
    }

    @Test
    void transferToVoicemailNamesTheManagersLineInDiversionAndHistoryInfo() throws Exception {
        lab = CallFixture.start(TestConfigs.LAB);
        AnsweringPhone proxyLine = lab.answering(PROXY_LINE, Behaviour.RINGS_ONLY);
        AnsweringPhone voicemail = lab.answering(VOICEMAIL);
        CallingPhone phone3 = lab.calling(PHONE3);
        CompletableFuture<CallingPhone.Attempt> call = phone3CallsTheManagerUntil(proxyLine, phone3);

        Response sent = dial(ASSISTANT, "*85");

        assertEquals("sent to voicemail: the call from 1003 rings 8000", sent.getReasonPhrase());
        Request invite = voicemail.awaitRequest(Request.INVITE);
        assertNotNull(invite, "voicemail did not get the call");
        List<String> diversion = headerValues(invite, "Diversion");
        assertTrue(diversion.size() == 1 && diversion.get(0).contains("<sip:1001@"), diversion::toString);
        String historyInfo = String.join(",", headerValues(invite, "History-Info"));
        assertTrue(historyInfo.contains("<sip:1001@") && historyInfo.contains("index=1")
                && historyInfo.contains("<sip:8000@") && historyInfo.contains("index=1.1"), historyInfo);
        CallingPhone.Attempt answered = call.get(20, TimeUnit.SECONDS);
        assertEquals(Response.OK, answered.last().getStatusCode(), answered::toString);
        phone3.hangUp(answered);
        lab.awaitReleased();
    }

    @Test
    void aCallerWhoIsNeitherManagerNorAssistantCannotActOnCalls() {
        lab = CallFixture.start(TestConfigs.LAB);

        assertEquals("Forbidden (phone3 is not a manager)", dial(PHONE3, "*83").getReasonPhrase());
        assertEquals("Forbidden (phone3 is not a manager or an assistant)", dial(PHONE3, "*84").getReasonPhrase());
    }
}
