package org.openipma.b2bua.sip;

import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * What the SIP layer tells whoever measures it (the server's metrics): one call per event at the point where it
 * happens. The SIP layer knows nothing of how it is counted; {@link #NONE} ignores everything, for tests and
 * components built without metrics.
 *
 * <p>Every method is called on a SIP, decision or call-work thread, often while a call's monitor is held: an
 * implementation must be thread-safe, must not block and must not throw.
 */
public interface SipProbe {
    /** Ignores everything. */
    SipProbe NONE = new SipProbe() { };

    /** Why a new call was refused for load rather than for what it asked. */
    enum Overload {
        /** {@code sip.maxCalls} calls were in progress: 503 with Retry-After. */
        MAX_CALLS,
        /** The routing decision pool's queue was full: the call took CFNA instead of waiting. */
        DECISION_QUEUE_FULL
    }

    /** Why a route point call took its Call Forward No Answer destination instead of the decision's. */
    enum FallbackCause {
        /** {@code routingService.enabled} is false. */
        DISABLED,
        /** The decision missed {@code routingService.decisionTimeoutMillis}. */
        TIMEOUT,
        /** The decision pool's queue was full. */
        QUEUE_FULL,
        /** The decision threw, or the waiting thread was interrupted. */
        ERROR
    }

    /**
     * Why a ringing round rings where it does, in a few fixed categories (the free-text reason of the call
     * record says more). Bounded on purpose: these become metric labels.
     */
    enum RoutingReason {
        /** Digit analysis alone: no route point involved. */
        DIRECT,
        /** The manager's filter sent the call to the assistant's proxy line. */
        FILTER_TO_ASSISTANT,
        /** The manager's filter (or its being off) let the call through to the manager. */
        FILTER_TO_MANAGER,
        /** The caller is one of the manager's assistants (proxy line or intercom): straight to the manager. */
        FROM_ASSISTANT,
        /** Divert All sent the call to the divert target or the assistant. */
        DIVERT_ALL,
        /** The call goes to the manager, who has Do Not Disturb on (silent alert). */
        DND,
        /** No assistant of the manager was available: to the manager. */
        ASSISTANT_UNAVAILABLE,
        /** The route point's Call Forward No Answer: the routing service failed or is off. */
        CFNA,
        /** The ring-no-answer policy after the assistant did not answer. */
        RING_NO_ANSWER,
        /** Someone acted on the ringing call: Intercept, Redirect, transfer to voicemail. */
        CALL_ACTION,
        /** The follow-up INVITE of a 302 the route point issued (redirect mode). */
        REDIRECTED,
        /** A number no manager owns, passed on through the route point's CSS. */
        PASSED_ON,
        /** Anything the categories above do not name. */
        OTHER
    }

    /** A request reached the application (after the stack's parsing and transaction matching). */
    default void requestReceived(Request request) {
    }

    /** The application sent {@code response}, in a transaction or statelessly. */
    default void responseSent(Response response) {
    }

    /** A new call was refused for load. */
    default void overloaded(Overload reason) {
    }

    /** A route point decision took {@code nanos} from submission to its result, deadline or failure. */
    default void decisionTook(long nanos) {
    }

    /** A route point call took its CFNA destination because of {@code cause}. */
    default void fellBack(FallbackCause cause) {
    }

    /** A ringing round started, the call's first ({@code firstRound}) or a later one (diverted). */
    default void rang(RoutingReason reason, boolean firstRound) {
    }

    /** An authentication failed; {@code reason} is the authenticator's wording (free text: classify, never label). */
    default void authFailed(String reason) {
    }

    /** A source address was banned for too many failed authentications. */
    default void banned() {
    }
}
