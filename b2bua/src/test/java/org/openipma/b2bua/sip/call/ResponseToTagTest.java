package org.openipma.b2bua.sip.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.openipma.b2bua.sip.call.CallFixture.finals;
import static org.openipma.b2bua.sipp.Line.ASSISTANT;
import static org.openipma.b2bua.sipp.Line.PHONE3;
import static org.openipma.b2bua.sipp.Line.PROXY_LINE;
import static org.openipma.b2bua.sipp.Line.VOICEMAIL;

import java.util.List;
import javax.sip.header.ToHeader;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openipma.b2bua.TestConfigs;
import org.openipma.b2bua.sip.testing.CallingPhone;

/**
 * Every response to an INVITE but 100 carries a To tag (RFC 3261 §8.2.6.2): a stricter phone or SBC refuses a
 * final response without one. One case per way the INVITE path ends early, on a real server.
 */
@Timeout(60)
class ResponseToTagTest {
    private CallFixture lab;

    @AfterEach
    void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void theChallengeTheNotFoundAndTheUnavailableAnswersCarryAToTag() {
        lab = CallFixture.start(TestConfigs.LAB);
        CallingPhone phone3 = lab.calling(PHONE3);

        CallingPhone.Attempt notFound = phone3.dial(lab.uri("1999"));
        CallingPhone.Attempt unregistered = phone3.dial(lab.uri("1002"));

        assertEquals(List.of(407, 404), finals(notFound));
        assertEquals(List.of(407, 480), finals(unregistered));
        assertEveryNon100HasAToTag(notFound);
        assertEveryNon100HasAToTag(unregistered);
    }

    @Test
    void aForbiddenCallingLineIsAnsweredWithAToTag() {
        lab = CallFixture.start(TestConfigs.LAB);
        CallingPhone impostor = lab.calling(PHONE3.claiming("1002"));

        CallingPhone.Attempt forbidden = impostor.dial(lab.uri("1001"));

        assertEquals(List.of(407, 403), finals(forbidden));
        assertEveryNon100HasAToTag(forbidden);
    }

    @Test
    void aRedirectCarriesAToTag() {
        lab = CallFixture.start("redirect-mode.yaml");
        lab.answering(PROXY_LINE);
        CallingPhone phone3 = lab.calling(PHONE3);

        CallingPhone.Attempt redirected = phone3.dial(lab.uri("1001"));

        assertEquals(List.of(407, 302), finals(redirected));
        assertEveryNon100HasAToTag(redirected);
    }

    @Test
    void anOverloadRefusalCarriesAToTag() throws Exception {
        lab = CallFixture.start("max-calls-1.yaml");
        lab.answering(ASSISTANT);
        CallingPhone phone3 = lab.calling(PHONE3);
        CallingPhone voicemail = lab.calling(VOICEMAIL);
        CallingPhone.Attempt first = phone3.dial(lab.uri("1002"));

        CallingPhone.Attempt refused = voicemail.dial(lab.uri("1002"));

        assertEquals(List.of(503), finals(refused));
        assertEveryNon100HasAToTag(refused);
        assertEveryNon100HasAToTag(first);
        assertEquals(Response.OK, phone3.hangUp(first).getStatusCode());
        lab.awaitReleased();
    }

    private static void assertEveryNon100HasAToTag(CallingPhone.Attempt attempt) {
        for (Response response : attempt.responses()) {
            if (response.getStatusCode() > Response.TRYING) {
                assertNotNull(((ToHeader) response.getHeader(ToHeader.NAME)).getTag(),
                        () -> response.getStatusCode() + " without a To tag:\n" + response);
            }
        }
    }
}
