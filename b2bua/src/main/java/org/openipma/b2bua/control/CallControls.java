package org.openipma.b2bua.control;

import java.util.List;
import java.util.Optional;

/**
 * The live calls of this node and the actions on one of them, for the console and the API. The phones' feature
 * codes (*83, *84, *85) act through the same move code, choosing the oldest matching call instead of one by
 * id. Who may do what is the caller's business (the API checks roles); this facade checks only what the call
 * itself allows. Thread-safe; every method returns without waiting for a phone.
 */
public interface CallControls {
    /** The live calls that have a destination, oldest first. */
    List<LiveCall> liveCalls();

    /** The live call {@code id}, if it is still live. */
    Optional<LiveCall> find(String id);

    /**
     * Applies {@code action} to call {@code id}.
     *
     * @param number for {@link CallAction#REDIRECT}: the number to ring, routed through the CSS of the manager's
     *     line; ignored otherwise
     * @param who the user asking, written into the call's routing reason (and so its record)
     */
    ActionOutcome act(String id, CallAction action, String number, String who);

    /**
     * Controls that ask {@code current} for the real ones at each call: for whoever must be handed the controls
     * before the call controller exists (the HTTP server binds before SIP, so a port in use fails first).
     */
    static CallControls deferred(java.util.function.Supplier<CallControls> current) {
        return new CallControls() {
            @Override
            public List<LiveCall> liveCalls() {
                return current.get().liveCalls();
            }

            @Override
            public Optional<LiveCall> find(String id) {
                return current.get().find(id);
            }

            @Override
            public ActionOutcome act(String id, CallAction action, String number, String who) {
                return current.get().act(id, action, number, who);
            }
        };
    }

    /** No calls: for servers without a call controller (tests of the web layer alone). */
    CallControls NONE = new CallControls() {
        @Override
        public List<LiveCall> liveCalls() {
            return List.of();
        }

        @Override
        public Optional<LiveCall> find(String id) {
            return Optional.empty();
        }

        @Override
        public ActionOutcome act(String id, CallAction action, String number, String who) {
            return ActionOutcome.of(ActionOutcome.Kind.NO_SUCH_CALL, "no call " + id);
        }
    };
}
