package org.openipma.b2bua.metrics;

import java.util.Locale;

/**
 * The SIP methods counted by name; every other method (a typo, an extension, garbage a scanner sends) is
 * {@link #OTHER}, so a peer cannot grow the number of series by inventing methods.
 */
enum SipMethod {
    INVITE, ACK, BYE, CANCEL, REGISTER, OPTIONS, SUBSCRIBE, NOTIFY, REFER, INFO, UPDATE, PRACK, MESSAGE, PUBLISH,
    OTHER;

    private static final SipMethod[] VALUES = values();

    /** The label value: the method's name, or {@code other}. */
    final String label = name().equals("OTHER") ? "other" : name();

    /** The method named {@code method} (case-sensitive, as RFC 3261 §7.1 says methods are); null is OTHER. */
    static SipMethod of(String method) {
        if (method == null) {
            return OTHER;
        }
        // A switch on strings hashes once: cheaper than valueOf's exception for unknown names.
        return switch (method) {
            case "INVITE" -> INVITE;
            case "ACK" -> ACK;
            case "BYE" -> BYE;
            case "CANCEL" -> CANCEL;
            case "REGISTER" -> REGISTER;
            case "OPTIONS" -> OPTIONS;
            case "SUBSCRIBE" -> SUBSCRIBE;
            case "NOTIFY" -> NOTIFY;
            case "REFER" -> REFER;
            case "INFO" -> INFO;
            case "UPDATE" -> UPDATE;
            case "PRACK" -> PRACK;
            case "MESSAGE" -> MESSAGE;
            case "PUBLISH" -> PUBLISH;
            default -> OTHER;
        };
    }

    static SipMethod[] all() {
        return VALUES;
    }

    /** The label value of a lower-case enum name: {@code FILTER_TO_ASSISTANT} → {@code filter_to_assistant}. */
    static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
