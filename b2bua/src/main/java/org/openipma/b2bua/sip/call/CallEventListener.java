package org.openipma.b2bua.sip.call;

/**
 * Learns what happens to calls. Called on the SIP thread that handled the message, while the call's monitor is
 * held, in the order things happened to that call: it must return at once (queue, don't write a database).
 */
@FunctionalInterface
public interface CallEventListener {
    void onCallEvent(CallEvent event);

    /** Listens to nothing. */
    CallEventListener NONE = event -> { };
}
