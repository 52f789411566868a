package org.openipma.b2bua.control;

import java.time.Instant;

/**
 * One live call as a console shows it: immutable, taken under the call's lock at one moment.
 *
 * @param id the call's id on this node (what {@link CallControls#act} takes)
 * @param manager the manager whose line was dialled, by user; null for a call the route point did not decide
 * @param line the number dialled (for a manager's call: the manager line)
 * @param caller the calling line's DN
 * @param callerName the calling line's display name, or null
 * @param state ringing, connected or held
 * @param since when the INVITE arrived
 * @param target the DN the call rings or was answered at
 * @param proxyLine the assistant's proxy line it rings or was answered at, or null
 * @param assistant whose proxy line that is, or null
 * @param reason why it rings there (the routing reason, or who moved it)
 */
public record LiveCall(String id, String manager, String line, String caller, String callerName, State state,
                       Instant since, String target, String proxyLine, String assistant, String reason) {

    /** Where a call is in its life. */
    public enum State {
        /** Not answered yet. */
        RINGING,
        /** Answered. */
        CONNECTED,
        /**
         * Answered, and the last offer either side sent in a re-INVITE or UPDATE put the media on hold
         * ({@code sendonly}, {@code inactive}, or connection address 0.0.0.0).
         */
        HELD
    }
}
