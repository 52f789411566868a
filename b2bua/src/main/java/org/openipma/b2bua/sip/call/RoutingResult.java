package org.openipma.b2bua.sip.call;

import javax.sip.message.Response;
import org.openipma.routing.FeatureCode;
import org.openipma.routing.Interception;

/**
 * The outcome of routing a call: a destination to ring, a feature code to apply, or the answer the caller gets.
 * Exactly one of the three is set.
 */
record RoutingResult(Destination destination, FeatureCode featureCode, Answer refusal) {

    static RoutingResult to(Destination destination) {
        return new RoutingResult(destination, null, null);
    }

    static RoutingResult feature(FeatureCode code) {
        return new RoutingResult(null, code, null);
    }

    static RoutingResult reject(int status, String reason) {
        return new RoutingResult(null, null, Answer.of(status, reason));
    }

    /** The SIP side of routing-core's result: a ring, or the status that says the cause. */
    static RoutingResult of(Interception.Result result) {
        if (result instanceof Interception.Ring ring) {
            return to(Destination.of(ring));
        }
        Interception.Refuse refuse = (Interception.Refuse) result;
        return switch (refuse.cause()) {
            case NOT_FOUND -> reject(Response.NOT_FOUND, "Not Found");
            case LOOP -> reject(Response.LOOP_DETECTED, "Loop Detected");
            case UNAVAILABLE -> reject(Response.TEMPORARILY_UNAVAILABLE, "Temporarily Unavailable");
        };
    }

    /** Whether a destination rings. */
    boolean isRouted() {
        return destination != null;
    }

    boolean isFeatureCode() {
        return featureCode != null;
    }

    /** The refusal's status (0 when routed). */
    int status() {
        return refusal == null ? 0 : refusal.status();
    }

    /** The refusal's reason phrase (null when routed). */
    String reason() {
        return refusal == null ? null : refusal.reason();
    }
}
