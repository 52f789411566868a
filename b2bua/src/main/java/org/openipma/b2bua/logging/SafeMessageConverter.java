package org.openipma.b2bua.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %safeMsg}: the log message with what a peer sent made harmless for a terminal, a log file and the
 * tools that read it (fail2ban, grep): control characters (NUL, ESC, CR, LF in a header value, ...) are written
 * as {@code \xNN} escapes, so one event is one line and cannot forge another; a message longer than
 * {@link #MAX_CHARS} is cut with a marker saying how much was left out. The SIP message trace
 * ({@code sip.messages}) keeps its line breaks, since a whole message is its point, and has a larger limit.
 */
public final class SafeMessageConverter extends MessageConverter {
    /** The longest message written whole, in characters. */
    static final int MAX_CHARS = 2_000;
    /** The longest SIP message trace written whole. */
    static final int MAX_TRACE_CHARS = 16_000;
    private static final String TRACE_LOGGER = "sip.messages";

    @Override
    public String convert(ILoggingEvent event) {
        boolean trace = TRACE_LOGGER.equals(event.getLoggerName());
        return escape(super.convert(event), trace, trace ? MAX_TRACE_CHARS : MAX_CHARS);
    }

    /** {@code message} with control characters escaped (line feeds kept when {@code keepLines}) and cut. */
    static String escape(String message, boolean keepLines, int maxChars) {
        if (message == null) {
            return null;
        }
        int length = Math.min(message.length(), maxChars);
        StringBuilder safe = new StringBuilder(length + 16);
        for (int i = 0; i < length; i++) {
            char c = message.charAt(i);
            if (keepLines && (c == '\n' || c == '\t')) {
                safe.append(c);
            } else if (keepLines && c == '\r') {
                continue; // CRLF in a trace: the LF carries the line break
            } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                safe.append(String.format("\\x%02x", (int) c));
            } else {
                safe.append(c);
            }
        }
        if (message.length() > maxChars) {
            safe.append(" [cut: ").append(message.length() - maxChars).append(" more characters]");
        }
        return safe.toString();
    }
}
