package org.openipma.b2bua.sip.call;

import java.util.List;

/** Several {@link CallEventListener}s as one: the call controller tells one listener, which tells them all. */
public final class CallEventListeners {
    private CallEventListeners() {
    }

    /**
     * A listener that hands each event to {@code listeners} in the order given. Each must return at once, as
     * {@link CallEventListener} says; one that throws keeps the rest from hearing that event.
     */
    public static CallEventListener of(CallEventListener... listeners) {
        List<CallEventListener> all = List.of(listeners);
        return event -> {
            for (CallEventListener listener : all) {
                listener.onCallEvent(event);
            }
        };
    }
}
