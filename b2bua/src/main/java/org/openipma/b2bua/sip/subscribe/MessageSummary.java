package org.openipma.b2bua.sip.subscribe;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A mailbox's state as RFC 3842 writes it: {@code Messages-Waiting: yes|no} and, when the voicemail system
 * says, {@code Voice-Message: new/old} with optional {@code (urgent-new/urgent-old)}. Other lines of the
 * voicemail's body (other message classes, headers of messages) are not kept.
 *
 * @param voiceMessage the Voice-Message value as received (e.g. {@code 2/8 (0/0)}), or null
 */
record MessageSummary(boolean waiting, String voiceMessage) {
    /** The state of a mailbox nothing was signalled for. */
    static final MessageSummary NONE = new MessageSummary(false, null);

    private static final Pattern COUNTS = Pattern.compile("\\d{1,9}/\\d{1,9}( \\(\\d{1,9}/\\d{1,9}\\))?");

    /**
     * Reads a voicemail system's body.
     *
     * @return the summary, or a refusal naming what is wrong: a 400 never reaches a phone
     */
    static Verdict<MessageSummary> parse(String body) {
        Boolean waiting = null;
        String voice = null;
        for (String line : body.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals("messages-waiting")) {
                String flag = value.toLowerCase(Locale.ROOT);
                if (!flag.equals("yes") && !flag.equals("no")) {
                    return bad("Messages-Waiting: '" + value + "' (expected: yes or no)");
                }
                waiting = flag.equals("yes");
            } else if (name.equals("voice-message")) {
                if (!COUNTS.matcher(value).matches()) {
                    return bad("Voice-Message: '" + value + "' (expected: new/old, optionally (urgent-new/urgent-old))");
                }
                voice = value;
            }
        }
        if (waiting == null) {
            return bad("no Messages-Waiting line");
        }
        return Verdict.of(new MessageSummary(waiting, voice));
    }

    private static Verdict<MessageSummary> bad(String why) {
        return Verdict.refuse(Refusal.of(400, "Bad Request (message-summary: " + why + ")"));
    }

    /** The body of a NOTIFY to a phone, for the mailbox {@code account} (a SIP URI). */
    String body(String account) {
        return "Messages-Waiting: " + (waiting ? "yes" : "no") + "\r\n"
                + "Message-Account: " + account + "\r\n"
                + (voiceMessage == null ? "" : "Voice-Message: " + voiceMessage + "\r\n");
    }
}
