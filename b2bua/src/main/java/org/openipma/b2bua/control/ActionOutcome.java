package org.openipma.b2bua.control;

/**
 * What became of a {@link CallAction}.
 *
 * @param kind done, or why not
 * @param text one line a person can read: what happened ({@code intercepted: the call from 1003 rings 1001}) or
 *     why not
 */
public record ActionOutcome(Kind kind, String text) {

    /** Done, or why not. */
    public enum Kind {
        /** The call moved or ended as asked. */
        DONE,
        /** No live call has that id (it may have ended before it was looked up). */
        NO_SUCH_CALL,
        /** The call was answered, ended or moved meanwhile: it is no longer in a state the action needs. */
        GONE,
        /** The move cannot be made: the number reaches no line, no voicemail is configured, ... */
        REFUSED,
        /** The SIP stack could not send what the move needs. */
        FAILED
    }

    public static ActionOutcome done(String text) {
        return new ActionOutcome(Kind.DONE, text);
    }

    public static ActionOutcome of(Kind kind, String text) {
        return new ActionOutcome(kind, text);
    }
}
