package org.openipma.b2bua.sip.call;

import java.time.Instant;

/**
 * Something that happened to a call, for whatever observes calls (call records, consoles, metrics, BLF): they
 * listen to these and never poll SIP objects.
 *
 * @param type what happened
 * @param callId the call's id on this node
 * @param caller the calling line's DN
 * @param callerName the calling line's display name
 * @param dialled the number the caller dialled
 * @param target the DN the call now rings or was answered at; null for {@link Type#OFFERED}
 * @param reason why: the routing reason (pattern and partition; filter, Divert All, availability, CFNA, ring no
 *        answer) for OFFERED/RINGING/DIVERTED, the ending cause for ENDED
 * @param at when
 */
public record CallEvent(Type type, String callId, String caller, String callerName, String dialled, String target,
                        String reason, Instant at) {

    /** What happened. */
    public enum Type {
        /** A routed INVITE became a call. */
        OFFERED,
        /** The call's first ringing round started. */
        RINGING,
        /** A later ringing round started at another target (ring no answer policy). */
        DIVERTED,
        /** A target answered. */
        ANSWERED,
        /** The call was transferred (REFER). Reserved for call control. */
        TRANSFERRED,
        /** The call is over: {@code reason} says how. */
        ENDED
    }
}
