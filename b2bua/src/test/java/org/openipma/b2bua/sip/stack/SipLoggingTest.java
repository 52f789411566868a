package org.openipma.b2bua.sip.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openipma.b2bua.sip.testing.CapturedLog;
import org.openipma.b2bua.sip.testing.RegistrarFixture;

/** JAIN-SIP's log and the SIP messages reach SLF4J, and credentials never do. */
@Timeout(30)
class SipLoggingTest {
    private static final String STACK_LOG = "gov.nist.javax.sip";
    private static final String MESSAGE_LOG = "sip.messages";

    private static void registerOnce() {
        try (RegistrarFixture server = RegistrarFixture.start()) {
            server.phone("phone1", RegistrarFixture.PHONE1_PASSWORD).register("1001", server.port()).send();
        }
    }

    /**
     * The stack asks its stack logger whether TRACE_MESSAGES is on before handing a message to the server
     * logger; {@value #MESSAGE_LOG} at TRACE must be enough, whatever the level of {@value #STACK_LOG}.
     */
    @Test
    @SuppressWarnings("try") // the stack log only has to be held at ERROR
    void atTraceWholeMessagesAreLoggedWithCredentialsMasked() {
        List<String> messages;
        try (CapturedLog stack = CapturedLog.capture(STACK_LOG, Level.ERROR);
             CapturedLog log = CapturedLog.capture(MESSAGE_LOG, Level.TRACE)) {
            registerOnce();
            messages = log.messages();
        }

        assertTrue(messages.stream().anyMatch(m -> m.contains("\nAuthorization: Digest <masked>")), messages::toString);
        assertTrue(messages.stream().anyMatch(m -> m.contains("\nWWW-Authenticate: Digest realm=")), "challenges are shown");
        assertFalse(messages.stream().anyMatch(m -> m.contains("response=")), "no digest response is logged");
    }

    @Test
    void jainSipsOwnLogGoesToSlf4j() {
        List<String> messages;
        try (CapturedLog log = CapturedLog.capture(STACK_LOG, Level.DEBUG)) {
            registerOnce();
            messages = log.messages();
        }

        assertTrue(messages.size() > 10, messages::toString);
    }

    @Test
    void maskingHidesEveryCredentialsHeaderAndKeepsTheRest() {
        String message = "REGISTER sip:127.0.0.1 SIP/2.0\r\n"
                + "Authorization: Digest username=\"phone1\", response=\"abc\"\r\n"
                + "proxy-authorization:Digest username=\"phone1\", response=\"def\"\r\n"
                + "Contact: <sip:phone1@127.0.0.1>\r\n\r\n";

        assertEquals("REGISTER sip:127.0.0.1 SIP/2.0\r\n"
                + "Authorization: Digest <masked>\r\n"
                + "proxy-authorization:Digest <masked>\r\n"
                + "Contact: <sip:phone1@127.0.0.1>\r\n\r\n", Slf4jServerLogger.masked(message));
    }
}
