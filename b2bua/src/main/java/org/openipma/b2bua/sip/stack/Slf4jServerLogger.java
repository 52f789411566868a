package org.openipma.b2bua.sip.stack;

import gov.nist.core.ServerLogger;
import gov.nist.javax.sip.message.SIPMessage;
import java.util.Properties;
import javax.sip.SipStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs every SIP message sent and received at TRACE on logger {@code sip.messages}. Authorization headers
 * carry digest responses, so they are masked before anything is written.
 */
public final class Slf4jServerLogger implements ServerLogger {
    private static final Logger log = LoggerFactory.getLogger("sip.messages");

    /** Whether logger {@code sip.messages} is at TRACE, i.e. whether messages should be handed to us. */
    static boolean isTracing() {
        return log.isTraceEnabled();
    }

    @Override
    public void closeLogFile() {
        // No file: SLF4J owns the output.
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, boolean sender, long time) {
        logMessage(message, from, to, null, sender);
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender, long time) {
        logMessage(message, from, to, status, sender);
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender) {
        if (log.isTraceEnabled()) {
            log.trace("{} {} -> {}\n{}", sender ? "sent" : "received", from, to, masked(message.encode()));
        }
    }

    static String masked(String message) {
        return message.replaceAll("(?im)^((?:proxy-)?authorization:\\s*\\S+).*$", "$1 <masked>");
    }

    @Override
    public void logException(Exception exception) {
        log.debug("JAIN-SIP message exception", exception);
    }

    @Override
    public void setStackProperties(Properties properties) {
        // Nothing to configure.
    }

    @Override
    public void setSipStack(SipStack sipStack) {
        // Not needed.
    }
}
