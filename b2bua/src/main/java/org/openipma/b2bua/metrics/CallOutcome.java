package org.openipma.b2bua.metrics;

import org.openipma.b2bua.sip.call.CallEvent;

/**
 * How a call ended, in five categories, read from its {@link CallEvent.Type#ENDED} event. The ending cause is
 * free text ({@code Termination} writes {@code "<status> <reason phrase>"} for a failure answered to the
 * caller, {@code "hung up by the caller"} and the like otherwise); only its leading status code is read.
 */
public enum CallOutcome {
    /** Someone answered: the call ended later with a BYE, a guard or a transfer. */
    ANSWERED,
    /** Nobody answered: 480 (no one registered, every fork unavailable, ring no answer exhausted) or 408. */
    NO_ANSWER,
    /** The callee was busy or declined: 486, 600, 603. */
    BUSY,
    /** The caller hung up before an answer: 487 after its CANCEL. */
    CANCELLED,
    /** Anything else: another failure status, the server stopping, an unreadable cause. */
    FAILED;

    /** The outcome of the call whose ENDED event is {@code ended}. */
    public static CallOutcome of(CallEvent ended) {
        // CallRegistry names the answered leg's DN as the target of ENDED only for an answered call.
        if (ended.target() != null) {
            return ANSWERED;
        }
        String cause = ended.reason();
        if (cause == null) {
            return FAILED;
        }
        if (cause.startsWith("hung up by the ") || cause.startsWith("joined into call ")) {
            return ANSWERED;
        }
        return switch (status(cause)) {
            case 487 -> CANCELLED;
            case 486, 600, 603 -> BUSY;
            case 480, 408 -> NO_ANSWER;
            default -> FAILED;
        };
    }

    /** The three-digit status that starts {@code cause} followed by a space or its end, else 0. */
    private static int status(String cause) {
        if (cause.length() < 3 || (cause.length() > 3 && cause.charAt(3) != ' ')) {
            return 0;
        }
        int status = 0;
        for (int i = 0; i < 3; i++) {
            char c = cause.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            status = status * 10 + (c - '0');
        }
        return status;
    }
}
