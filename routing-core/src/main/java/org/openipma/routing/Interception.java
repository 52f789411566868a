package org.openipma.routing;

import java.util.Collection;
import java.util.function.Predicate;

/**
 * The route point's interception, as a pure function of one configuration snapshot: where a call goes once
 * digit analysis landed it on a route point line for a manager's line, and where it goes when the routing
 * service fails. No SIP, no threads, no clock: the B2BUA runs {@link #atRoutePoint} on its bounded decision
 * pool under a deadline and maps a {@link Refuse#cause()} to a SIP status itself.
 *
 * <p>Onward numbers are resolved through the route point's CSS (the only one that reaches PT_MANAGER); Call
 * Forward No Answer destinations through the route point's CFNA CSS, a mask such as {@code 100X} keeping the
 * dialled digits in its X positions.
 */
public final class Interception {
    private final Cluster cluster;

    public Interception(Cluster cluster) {
        this.cluster = cluster;
    }

    /** What stops a call: a cause, not a status code. */
    public enum Cause {
        /** Digit analysis found nothing the calling search space reaches. */
        NOT_FOUND,
        /** The route point's own CSS led to a route point again. */
        LOOP,
        /** The routing service failed and the route point has no Call Forward No Answer. */
        UNAVAILABLE
    }

    /** The outcome of routing a call: {@link Ring} or {@link Refuse}. */
    public sealed interface Result permits Ring, Refuse {
    }

    /**
     * The call rings a directory number (all its registered contacts).
     *
     * @param number the line to ring
     * @param divertedFrom the manager line the call was diverted from (sent as Diversion), or null
     * @param routePoint the route point line that decided, or null for a direct call
     * @param manager the manager whose line was dialled, or null
     * @param assistant the assistant whose proxy line rings (ring-no-answer applies), or null
     * @param forwardNoAnswer whether the route point's Call Forward No Answer chose it
     * @param silentAlert the manager has DND on: alert without ringing (never set for an intercom call)
     * @param reason why the call goes here, in words, for logs, events and call records
     */
    public record Ring(DirectoryNumber number, String divertedFrom, RoutePointLine routePoint,
                       IpmaConfig.Manager manager, IpmaConfig.Assistant assistant, boolean forwardNoAnswer,
                       boolean silentAlert, String reason) implements Result {
    }

    /** The call goes nowhere, for {@code cause}; {@code reason} says why in words. */
    public record Refuse(Cause cause, String reason) implements Result {
    }

    /** Which manager owns {@code dialled} as an intercepted line, if any. */
    public IpmaConfig.Manager managerOf(String dialled) {
        return cluster.managerOfLine(dialled).orElse(null);
    }

    /** Routes {@code dialled} from the caller's line when it is a plain number (no route point): ring or refuse. */
    public Result direct(Route route) {
        if (!route.isFound() || !(route.target() instanceof DirectoryNumber number)) {
            return new Refuse(Cause.NOT_FOUND, "no pattern the caller's CSS reaches matches");
        }
        return new Ring(number, null, null, null, null, false, false,
                "direct: " + route.pattern() + " in " + route.partition());
    }

    /**
     * The route point's decision for a call to {@code call.managerLine()}: manager, assistant's proxy line or
     * divert target (REFERENCE §3), resolved through the route point's CSS. A number that no manager owns is
     * passed on through the route point's CSS. {@code excluded} assistants already rang without answer.
     */
    public Result atRoutePoint(RoutePointLine routePoint, RoutingDecision.Call call, ManagerSettings settings,
                               Predicate<String> available, Collection<String> excluded) {
        IpmaConfig.Manager manager = managerOf(call.managerLine());
        if (manager == null) {
            return onward(routePoint, null, null, call.managerLine(), null, false,
                    "no manager owns " + call.managerLine());
        }
        RoutingDecision.Decision decision = RoutingDecision.decide(call, manager, settings, available, excluded);
        IpmaConfig.Assistant assistant = decision.outcome() == RoutingDecision.Outcome.ASSISTANT
                ? assistant(manager, decision.assistant()) : null;
        String divertedFrom = decision.outcome() == RoutingDecision.Outcome.MANAGER ? null : call.managerLine();
        boolean silent = decision.silentAlert() && !call.viaIntercom();
        return onward(routePoint, manager, assistant, decision.destination(), divertedFrom, silent, decision.reason());
    }

    /** The route point's Call Forward No Answer, taken because the routing service failed ({@code why}). */
    public Result forwardNoAnswer(RoutePointLine routePoint, String dialled, String why) {
        if (!routePoint.hasForwardNoAnswer()) {
            return new Refuse(Cause.UNAVAILABLE, why + ", and route point " + routePoint.routePoint().name()
                    + " has no Call Forward No Answer");
        }
        return resolve(routePoint.forwardNoAnswerCss(), routePoint.forwardNoAnswerDestination(dialled), routePoint,
                null, null, null, true, false, why + "; Call Forward No Answer");
    }

    /**
     * A destination the route point chose earlier (a followed 302): resolved again through the CSS it was
     * chosen through, with the manager and assistant it was chosen for.
     */
    public Result redirected(RoutePointLine routePoint, String destination, String dialled, String divertedFrom,
                             String assistantUser, boolean forwardNoAnswer) {
        if (forwardNoAnswer) {
            return resolve(routePoint.forwardNoAnswerCss(), destination, routePoint, null, null, null, true, false,
                    "redirected by the route point's Call Forward No Answer");
        }
        IpmaConfig.Manager manager = managerOf(dialled);
        IpmaConfig.Assistant assistant = manager == null ? null : assistant(manager, assistantUser);
        return onward(routePoint, manager, assistant, destination, divertedFrom, false, "redirected by the route point");
    }

    /** Ring no answer at the assistant: back to the manager's line, through the route point's CSS. */
    public Result toManager(RoutePointLine routePoint, IpmaConfig.Manager manager, String managerLine) {
        return onward(routePoint, manager, null, managerLine, null, false, "ring no answer: back to the manager");
    }

    /** Ring no answer at the assistant: the voicemail pilot on the manager line's behalf (or the manager). */
    public Result toVoicemail(RoutePointLine routePoint, IpmaConfig.Manager manager, String managerLine) {
        IpmaConfig.Voicemail voicemail = cluster.config().voicemail();
        if (voicemail == null) {
            return toManager(routePoint, manager, managerLine);
        }
        return onward(routePoint, manager, null, voicemail.pilot(), managerLine, false, "ring no answer: to voicemail");
    }

    /**
     * A call the route point decided is sent on by someone's action (Intercept, Redirect, transfer to voicemail):
     * {@code number} through the route point's CSS, on behalf of {@code divertedFrom} (or null), {@code why}
     * saying who did what.
     */
    public Result divert(RoutePointLine routePoint, IpmaConfig.Manager manager, IpmaConfig.Assistant assistant,
                         String number, String divertedFrom, String why) {
        return onward(routePoint, manager, assistant, number, divertedFrom, false, why);
    }

    private Result onward(RoutePointLine routePoint, IpmaConfig.Manager manager, IpmaConfig.Assistant assistant,
                          String number, String divertedFrom, boolean silentAlert, String why) {
        return resolve(routePoint.css(), number, routePoint, manager, assistant, divertedFrom, false, silentAlert, why);
    }

    private Result resolve(CallingSearchSpace css, String number, RoutePointLine routePoint,
                           IpmaConfig.Manager manager, IpmaConfig.Assistant assistant, String divertedFrom,
                           boolean forwardNoAnswer, boolean silentAlert, String why) {
        Route route = cluster.dialPlan().route(css, number);
        if (!route.isFound()) {
            return new Refuse(Cause.NOT_FOUND, why + "; " + number + " is not reachable through " + css.name());
        }
        if (!(route.target() instanceof DirectoryNumber target)) {
            // The route point's own CSS landed on a route point again: refuse rather than loop.
            return new Refuse(Cause.LOOP, why + "; " + number + " leads to " + route.target().describe() + " again");
        }
        return new Ring(target, divertedFrom, routePoint, manager, assistant, forwardNoAnswer, silentAlert,
                why + "; " + route.pattern() + " in " + route.partition());
    }

    private static IpmaConfig.Assistant assistant(IpmaConfig.Manager manager, String user) {
        if (user == null) {
            return null;
        }
        for (IpmaConfig.Assistant assistant : manager.assistants()) {
            if (assistant.user().equals(user)) {
                return assistant;
            }
        }
        return null;
    }
}
