package org.openipma.b2bua.sip.call;

import org.openipma.routing.DirectoryNumber;
import org.openipma.routing.Interception;
import org.openipma.routing.IpmaConfig;
import org.openipma.routing.RoutePointLine;

/**
 * Where one round of a call rings: a directory number (all its registered contacts), and, when the route
 * point chose it, on whose behalf (the manager line, sent as {@code Diversion}). The SIP side's copy of
 * {@link Interception.Ring}.
 *
 * @param number the line to ring
 * @param divertedFrom the manager line the call was diverted from, or null
 * @param routePoint the route point line that decided, or null for a direct call
 * @param manager the manager whose line was dialed, or null
 * @param assistant the assistant whose proxy line rings (ring-no-answer applies), or null
 * @param forwardNoAnswer whether the route point's Call Forward No Answer chose it (resolved through the
 *        CFNA CSS rather than the route point's own)
 * @param silentAlert the manager has DND on: the phone is alerted without ringing ({@code Alert-Info})
 * @param reason why the call goes here, for logs, events and call records
 */
record Destination(DirectoryNumber number, String divertedFrom, RoutePointLine routePoint,
                   IpmaConfig.Manager manager, IpmaConfig.Assistant assistant, boolean forwardNoAnswer,
                   boolean silentAlert, String reason) {

    static Destination of(Interception.Ring ring) {
        return new Destination(ring.number(), ring.divertedFrom(), ring.routePoint(), ring.manager(), ring.assistant(),
                ring.forwardNoAnswer(), ring.silentAlert(), ring.reason());
    }

    /** This round's reason in one of a few categories, for metrics. */
    org.openipma.b2bua.sip.SipProbe.RoutingReason category() {
        return org.openipma.b2bua.sip.RoutingReasons.of(routePoint == null, forwardNoAnswer, silentAlert,
                assistant != null, reason);
    }

    /** Whether this round rings an assistant's proxy line, so the ring-no-answer policy applies. */
    boolean ringsAssistant() {
        return assistant != null;
    }
}
