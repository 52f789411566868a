package org.openipma.b2bua.sip.call;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.openipma.routing.CallingSearchSpace;
import org.openipma.routing.Cluster;
import org.openipma.routing.DirectoryNumber;
import org.openipma.routing.IpmaConfig;
import org.openipma.routing.LineAppearance;
import org.openipma.routing.ManagerSettings;
import org.openipma.routing.Route;
import org.openipma.routing.RoutePointLine;
import org.openipma.routing.RoutingDecision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Digit analysis and the route point's decision for one call, with no SIP in sight: the caller's line and
 * the dialed digits in, a {@link Destination} (or a status) out.
 *
 * <p>A call that lands on a route point line for a manager's line is decided by
 * {@link RoutingDecision#decide}; onward numbers are resolved through the route point's CSS (which alone
 * reaches PT_MANAGER). When the decision fails (throws, misses its deadline, or the routing service is
 * disabled) the call takes the route point's Call Forward No Answer destination through its CFNA CSS.
 */
final class CallRouter {
    private static final Logger log = LoggerFactory.getLogger(CallRouter.class);

    private final Cluster cluster;
    private final Locations locations;
    private final ManagerSettingsSource settings;
    private final ExecutorService decisionExecutor;

    /** Supplies a manager's current settings (they change at run time). */
    interface ManagerSettingsSource {
        ManagerSettings settingsOf(IpmaConfig.Manager manager);
    }

    CallRouter(Cluster cluster, Locations locations, ManagerSettingsSource settings, ExecutorService decisionExecutor) {
        this.cluster = cluster;
        this.locations = locations;
        this.settings = settings;
        this.decisionExecutor = decisionExecutor;
    }

    /** Routes {@code dialed} from the caller's line through its effective CSS. */
    RoutingResult route(LineAppearance caller, String dialed) {
        Route route = cluster.route(caller, dialed);
        if (!route.isFound()) {
            return RoutingResult.reject(404, "Not Found");
        }
        if (route.target() instanceof DirectoryNumber) {
            return RoutingResult.to(Destination.direct((DirectoryNumber) route.target()));
        }
        if (route.target() instanceof RoutePointLine) {
            return atRoutePoint((RoutePointLine) route.target(), caller, dialed, java.util.Set.of());
        }
        return RoutingResult.reject(404, "Not Found");
    }

    /**
     * The route point's answer for a call to {@code dialed}; {@code excluded} assistants already rang
     * without answer (ring-no-answer policy "next assistant").
     */
    RoutingResult atRoutePoint(RoutePointLine routePoint, LineAppearance caller, String dialed,
                               Collection<String> excluded) {
        IpmaConfig.Manager manager = cluster.managerOfLine(dialed).orElse(null);
        if (manager == null) {
            // Not a manager line: the route point passes the number on through its own CSS.
            return onward(routePoint, null, null, dialed, null, "no manager owns " + dialed);
        }
        IpmaConfig.RoutingService service = cluster.config().routingService();
        if (!service.enabled()) {
            return forwardNoAnswer(routePoint, dialed, "the routing service is disabled");
        }
        RoutingDecision.Call call = new RoutingDecision.Call(caller.dn(), caller.line().intercom(), dialed);
        RoutingDecision.Decision decision;
        try {
            decision = CompletableFuture
                    .supplyAsync(() -> RoutingDecision.decide(call, manager, settings.settingsOf(manager),
                            this::isAvailable, excluded), decisionExecutor)
                    .get(service.decisionTimeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return forwardNoAnswer(routePoint, dialed, "the routing decision missed its "
                    + service.decisionTimeoutMillis() + " ms deadline");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return forwardNoAnswer(routePoint, dialed, "interrupted");
        } catch (Exception e) {
            log.warn("routing decision for a call to {} failed: {}", dialed, String.valueOf(e.getCause()));
            return forwardNoAnswer(routePoint, dialed, "the routing decision failed");
        }
        IpmaConfig.Assistant assistant = decision.outcome() == RoutingDecision.Outcome.ASSISTANT
                ? manager.assistants().stream().filter(a -> a.user().equals(decision.assistant())).findFirst().orElse(null)
                : null;
        String divertedFrom = decision.outcome() == RoutingDecision.Outcome.MANAGER ? null : dialed;
        return onward(routePoint, manager, assistant, decision.destination(), divertedFrom, decision.reason());
    }

    /**
     * A redirected call coming back with a valid token: the route point's choice, through its CSS, with
     * the manager and assistant it was chosen for (so Diversion and the ring-no-answer policy apply as in
     * bridge mode).
     */
    RoutingResult redirected(RedirectTokens.Grant grant) {
        RoutePointLine routePoint = cluster.routePointLines().get(grant.routePointIndex());
        IpmaConfig.Manager manager = cluster.managerOfLine(grant.dialed()).orElse(null);
        IpmaConfig.Assistant assistant = manager == null || grant.assistant() == null ? null
                : manager.assistants().stream().filter(a -> a.user().equals(grant.assistant())).findFirst().orElse(null);
        if (grant.forwardNoAnswer()) {
            return resolve(routePoint.forwardNoAnswerCss(), grant.destination(), routePoint, null, null, null, true,
                    "redirected by the route point's Call Forward No Answer");
        }
        return onward(routePoint, manager, assistant, grant.destination(), grant.divertedFrom(),
                "redirected by the route point");
    }

    /** The manager line itself (ring-no-answer policy "manager"), through the route point's CSS. */
    RoutingResult toManager(Destination from, String managerLine) {
        return onward(from.routePoint(), from.manager(), null, managerLine, null, "ring no answer: back to the manager");
    }

    /** The voicemail pilot on behalf of the manager line (ring-no-answer policy "voicemail"). */
    RoutingResult toVoicemail(Destination from, String managerLine) {
        IpmaConfig.Voicemail voicemail = cluster.config().voicemail();
        if (voicemail == null) {
            return toManager(from, managerLine);
        }
        return onward(from.routePoint(), from.manager(), null, voicemail.pilot(), managerLine,
                "ring no answer: to voicemail");
    }

    private RoutingResult forwardNoAnswer(RoutePointLine routePoint, String dialed, String why) {
        if (!routePoint.hasForwardNoAnswer()) {
            log.warn("route point {}: {}, and no Call Forward No Answer is configured", routePoint.routePoint().name(), why);
            return RoutingResult.reject(480, "Temporarily Unavailable");
        }
        String destination = routePoint.forwardNoAnswerDestination(dialed);
        log.info("route point {}: {}; Call Forward No Answer to {}", routePoint.routePoint().name(), why, destination);
        return resolve(routePoint.forwardNoAnswerCss(), destination, routePoint, null, null, null, true,
                why + "; Call Forward No Answer");
    }

    private RoutingResult onward(RoutePointLine routePoint, IpmaConfig.Manager manager, IpmaConfig.Assistant assistant,
                                 String number, String divertedFrom, String why) {
        return resolve(routePoint.css(), number, routePoint, manager, assistant, divertedFrom, false, why);
    }

    private RoutingResult resolve(CallingSearchSpace css, String number, RoutePointLine routePoint,
                                  IpmaConfig.Manager manager, IpmaConfig.Assistant assistant, String divertedFrom,
                                  boolean forwardNoAnswer, String why) {
        Route route = cluster.dialPlan().route(css, number);
        if (!route.isFound()) {
            return RoutingResult.reject(404, "Not Found");
        }
        if (!(route.target() instanceof DirectoryNumber)) {
            // The route point's own CSS landed on a route point again: refuse rather than loop.
            return RoutingResult.reject(482, "Loop Detected");
        }
        return RoutingResult.to(new Destination((DirectoryNumber) route.target(), divertedFrom, routePoint, manager,
                assistant, forwardNoAnswer, why));
    }

    /** An assistant is available when one of their proxy lines has a live registration. */
    private boolean isAvailable(String assistantUser) {
        return cluster.appearances(cluster.phone(assistantUser).orElseThrow()).stream()
                .anyMatch(line -> !line.line().intercom() && isProxyLine(assistantUser, line.dn())
                        && !locations.contacts(assistantUser, line.dn()).isEmpty());
    }

    private boolean isProxyLine(String assistantUser, String dn) {
        for (IpmaConfig.Manager manager : cluster.config().managers()) {
            for (IpmaConfig.Assistant assistant : manager.assistants()) {
                if (assistant.user().equals(assistantUser) && assistant.proxyLines().containsValue(dn)) {
                    return true;
                }
            }
        }
        return false;
    }
}
