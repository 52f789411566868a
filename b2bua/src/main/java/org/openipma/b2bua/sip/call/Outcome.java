package org.openipma.b2bua.sip.call;

/**
 * What one stage of the INVITE path concluded: a value to go on with (possibly null, e.g. "no redirect
 * token"), or an {@link Answer} that ends the request.
 */
final class Outcome<T> {
    private final T value;
    private final Answer answer;

    private Outcome(T value, Answer answer) {
        this.value = value;
        this.answer = answer;
    }

    static <T> Outcome<T> of(T value) {
        return new Outcome<>(value, null);
    }

    static <T> Outcome<T> stop(Answer answer) {
        return new Outcome<>(null, answer);
    }

    /** Whether the request ends here, with {@link #answer()}. */
    boolean stopped() {
        return answer != null;
    }

    T value() {
        return value;
    }

    Answer answer() {
        return answer;
    }
}
