package org.openipma.b2bua.sip;

import org.openipma.b2bua.sip.SipProbe.RoutingReason;

/**
 * Sorts a ringing round into a {@link RoutingReason}. The structured facts (direct or not, CFNA, silent alert,
 * an assistant's proxy line) decide first; the rest is read from the routing reason's wording, which
 * routing-core's {@code RoutingDecision} and {@code Interception} and the b2bua's call actions write in fixed
 * phrases. {@code RoutingReasonsTest} pins each phrase to its category, so rewording one fails a test rather
 * than silently moving calls into {@link RoutingReason#OTHER}.
 */
public final class RoutingReasons {
    private RoutingReasons() {
    }

    /**
     * The category of a round.
     *
     * @param direct no route point decided (plain digit analysis)
     * @param forwardNoAnswer the route point's Call Forward No Answer chose the destination
     * @param silentAlert the manager has DND on
     * @param toAssistant the round rings an assistant's proxy line
     * @param reason the round's reason in words; null is {@link RoutingReason#OTHER} unless a fact decides
     */
    public static RoutingReason of(boolean direct, boolean forwardNoAnswer, boolean silentAlert, boolean toAssistant,
                                   String reason) {
        if (direct) {
            return RoutingReason.DIRECT;
        }
        if (forwardNoAnswer) {
            return RoutingReason.CFNA;
        }
        if (reason == null) {
            return RoutingReason.OTHER;
        }
        // Order matters: a call action's reason embeds the original decision's words after its own.
        if (reason.startsWith("ring no answer")) {
            return RoutingReason.RING_NO_ANSWER;
        }
        if (reason.startsWith("redirected by the route point")) {
            return RoutingReason.REDIRECTED;
        }
        if (reason.startsWith("intercepted by") || reason.startsWith("redirected")
                || reason.startsWith("transferred to voicemail by")) {
            return RoutingReason.CALL_ACTION;
        }
        if (reason.startsWith("no manager owns")) {
            return RoutingReason.PASSED_ON;
        }
        if (reason.startsWith("no assistant of")) {
            return RoutingReason.ASSISTANT_UNAVAILABLE;
        }
        if (reason.startsWith("the caller is ")) {
            return RoutingReason.FROM_ASSISTANT;
        }
        if (reason.contains("Divert All is on")) {
            return RoutingReason.DIVERT_ALL;
        }
        if (!reason.contains("filter")) {
            return RoutingReason.OTHER;
        }
        if (toAssistant) {
            return RoutingReason.FILTER_TO_ASSISTANT;
        }
        return silentAlert ? RoutingReason.DND : RoutingReason.FILTER_TO_MANAGER;
    }
}
