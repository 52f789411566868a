package org.openipma.b2bua.sip.subscribe;

/** What one stage of a SUBSCRIBE or NOTIFY concluded: a value to go on with, or the refusal that ends it. */
record Verdict<T>(T value, Refusal refusal) {

    static <T> Verdict<T> of(T value) {
        return new Verdict<>(value, null);
    }

    static <T> Verdict<T> refuse(Refusal refusal) {
        return new Verdict<>(null, refusal);
    }

    boolean refused() {
        return refusal != null;
    }
}
