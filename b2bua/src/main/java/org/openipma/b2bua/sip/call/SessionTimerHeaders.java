package org.openipma.b2bua.sip.call;

import java.text.ParseException;
import java.util.Iterator;
import java.util.Locale;
import javax.sip.header.AllowHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.RequireHeader;
import javax.sip.header.SupportedHeader;
import javax.sip.message.Message;

/**
 * Reads and writes the RFC 4028 headers: {@code Session-Expires} (compact {@code x}), {@code Min-SE}, and the
 * {@code timer} option tag in {@code Supported} and {@code Require}. Values are read from the header's text, so a
 * header the stack parsed into its own class and one it kept as an unknown extension read alike.
 */
final class SessionTimerHeaders {
    static final String SESSION_EXPIRES = "Session-Expires";
    static final String MIN_SE = "Min-SE";
    static final String TIMER = "timer";
    /** The refresher parameter's values: the UAC or the UAS of the transaction that carried the header. */
    static final String UAC = "uac";
    static final String UAS = "uas";

    private SessionTimerHeaders() {
    }

    /**
     * A {@code Session-Expires} as received.
     *
     * @param seconds the session interval
     * @param refresher {@link #UAC}, {@link #UAS}, or null when the sender left the choice to the other side
     */
    record SessionExpires(int seconds, String refresher) {
    }

    /** The message's {@code Session-Expires}, or null when it has none (or one whose value is not a number). */
    static SessionExpires sessionExpires(Message message) {
        Header header = message.getHeader(SESSION_EXPIRES);
        if (header == null) {
            header = message.getHeader("x");
        }
        if (header == null) {
            return null;
        }
        String[] parts = valueOf(header).split(";");
        int seconds = seconds(parts[0]);
        if (seconds < 0) {
            return null;
        }
        String refresher = null;
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].trim().split("=", 2);
            if (parameter.length == 2 && parameter[0].trim().equalsIgnoreCase("refresher")) {
                String value = parameter[1].trim().toLowerCase(Locale.ROOT);
                refresher = value.equals(UAC) || value.equals(UAS) ? value : null;
            }
        }
        return new SessionExpires(seconds, refresher);
    }

    /** The message's {@code Min-SE} in seconds, or 0 when it has none. */
    static int minSe(Message message) {
        Header header = message.getHeader(MIN_SE);
        return header == null ? 0 : Math.max(0, seconds(valueOf(header).split(";")[0]));
    }

    /** Whether the sender supports session timers: {@code timer} in its {@code Supported} or {@code Require}. */
    static boolean supportsTimer(Message message) {
        return lists(message.getHeaders(SupportedHeader.NAME)) || lists(message.getHeaders(RequireHeader.NAME));
    }

    /** Whether the message's {@code Allow} lists {@code method}. */
    static boolean allows(Message message, String method) {
        for (Iterator<?> it = message.getHeaders(AllowHeader.NAME); it.hasNext(); ) {
            if (((AllowHeader) it.next()).getMethod().equalsIgnoreCase(method)) {
                return true;
            }
        }
        return false;
    }

    /** {@code Supported: timer}, which every INVITE, UPDATE and 2xx to them of ours carries. */
    static Header supported(HeaderFactory headers) throws ParseException {
        return headers.createSupportedHeader(TIMER);
    }

    /** {@code Require: timer} (RFC 4028 §9: in a 2xx naming a refresher, to a UAC that supports timers). */
    static Header require(HeaderFactory headers) throws ParseException {
        return headers.createRequireHeader(TIMER);
    }

    /** {@code Session-Expires: seconds[;refresher=refresher]}, without the parameter when {@code refresher} is null. */
    static Header sessionExpires(HeaderFactory headers, int seconds, String refresher) throws ParseException {
        return headers.createHeader(SESSION_EXPIRES,
                refresher == null ? Integer.toString(seconds) : seconds + ";refresher=" + refresher);
    }

    /** {@code Min-SE: seconds}. */
    static Header minSe(HeaderFactory headers, int seconds) throws ParseException {
        return headers.createHeader(MIN_SE, Integer.toString(seconds));
    }

    private static boolean lists(Iterator<?> headers) {
        while (headers.hasNext()) {
            Object header = headers.next();
            String tag = header instanceof SupportedHeader supported ? supported.getOptionTag()
                    : header instanceof RequireHeader required ? required.getOptionTag() : null;
            if (tag != null && tag.trim().equalsIgnoreCase(TIMER)) {
                return true;
            }
        }
        return false;
    }

    /** The header's value as written after its name: the stack's own text form, so any header class reads alike. */
    private static String valueOf(Header header) {
        String text = header.toString();
        int colon = text.indexOf(':');
        return (colon < 0 ? text : text.substring(colon + 1)).trim();
    }

    /** A delta-seconds value, or -1 when it is none (RFC 3261: 1*DIGIT; bounded to an int). */
    private static int seconds(String text) {
        String digits = text.trim();
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Integer.parseInt(digits);
    }
}
