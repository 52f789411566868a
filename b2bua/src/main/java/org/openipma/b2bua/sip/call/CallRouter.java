package org.openipma.b2bua.sip.call;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.openipma.routing.AssistantPresence;
import org.openipma.routing.Cluster;
import org.openipma.routing.FeatureCode;
import org.openipma.routing.Interception;
import org.openipma.routing.IpmaConfig;
import org.openipma.routing.LineAppearance;
import org.openipma.routing.ManagerSettings;
import org.openipma.routing.Route;
import org.openipma.routing.RoutePointLine;
import org.openipma.routing.RoutingDecision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routing stage of the INVITE path, over one configuration snapshot: digit analysis, then for a call that
 * lands on a route point line, routing-core's {@link Interception}, run on the bounded decision pool under the
 * routing service's deadline. A decision that throws, misses its deadline (it is then cancelled), finds the
 * pool's queue full, or a disabled routing service, sends the call to the route point's Call Forward No Answer.
 */
final class CallRouter {
    private static final Logger log = LoggerFactory.getLogger(CallRouter.class);

    private final Cluster cluster;
    private final Interception interception;
    private final Locations locations;
    private final ManagerSettingsSource settings;
    private final ExecutorService decisionExecutor;
    private final AssistantPresence presence;

    /** Supplies a manager's current settings (they change at run time). */
    interface ManagerSettingsSource {
        ManagerSettings settingsOf(IpmaConfig.Manager manager);
    }

    /**
     * @param decisionExecutor runs the decisions; a bounded queue whose overflow is refused
     *     ({@link RejectedExecutionException}) makes an overloaded decision service take CFNA rather than queue
     */
    CallRouter(Cluster cluster, Locations locations, ManagerSettingsSource settings, ExecutorService decisionExecutor) {
        this(cluster, locations, settings, AssistantPresence.allLoggedIn(), decisionExecutor);
    }

    /** @param presence who is logged in for whom: an assistant is available when logged in and registered */
    CallRouter(Cluster cluster, Locations locations, ManagerSettingsSource settings, AssistantPresence presence,
               ExecutorService decisionExecutor) {
        this.presence = presence;
        this.cluster = cluster;
        this.interception = new Interception(cluster);
        this.locations = locations;
        this.settings = settings;
        this.decisionExecutor = decisionExecutor;
    }

    Cluster cluster() {
        return cluster;
    }

    /** Routes {@code dialed} from the caller's line through its effective CSS. */
    RoutingResult route(LineAppearance caller, String dialed) {
        Route route = cluster.route(caller, dialed);
        if (route.isFound() && route.target() instanceof RoutePointLine routePoint) {
            return atRoutePoint(routePoint, caller, dialed, Set.of());
        }
        if (route.isFound() && route.target() instanceof FeatureCode code) {
            return RoutingResult.feature(code);
        }
        return RoutingResult.of(interception.direct(route));
    }

    /**
     * The route point's answer for a call to {@code dialed}; {@code excluded} assistants already rang
     * without answer (ring-no-answer policy "next assistant"). Blocks at most the decision deadline.
     */
    RoutingResult atRoutePoint(RoutePointLine routePoint, LineAppearance caller, String dialed,
                               Collection<String> excluded) {
        RoutingDecision.Call call = new RoutingDecision.Call(caller.dn(), caller.line().intercom(), dialed);
        IpmaConfig.Manager manager = interception.managerOf(dialed);
        if (manager == null) {
            // Not a manager line: the route point passes the number on through its own CSS; nothing to decide.
            return RoutingResult.of(interception.atRoutePoint(routePoint, call, null, this::isRegistered, excluded));
        }
        IpmaConfig.RoutingService service = cluster.config().routingService();
        if (!service.enabled()) {
            return forwardNoAnswer(routePoint, dialed, "the routing service is disabled");
        }
        Future<Interception.Result> decision;
        try {
            decision = decisionExecutor.submit(() -> interception.atRoutePoint(routePoint, call,
                    settings.settingsOf(manager), presence.availableFor(manager, this::isRegistered), excluded));
        } catch (RejectedExecutionException e) {
            return forwardNoAnswer(routePoint, dialed, "the routing decision queue is full");
        }
        try {
            return RoutingResult.of(decision.get(service.decisionTimeoutMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            decision.cancel(true);
            return forwardNoAnswer(routePoint, dialed, "the routing decision missed its "
                    + service.decisionTimeoutMillis() + " ms deadline");
        } catch (InterruptedException e) {
            decision.cancel(true);
            Thread.currentThread().interrupt();
            return forwardNoAnswer(routePoint, dialed, "interrupted");
        } catch (ExecutionException e) {
            log.warn("routing decision for a call to {} failed: {}", dialed, String.valueOf(e.getCause()));
            return forwardNoAnswer(routePoint, dialed, "the routing decision failed");
        }
    }

    /**
     * A redirected call coming back with a valid token: the route point's choice, through the CSS it was chosen
     * through, with the manager and assistant it was chosen for (so Diversion and ring-no-answer apply).
     */
    RoutingResult redirected(RedirectTokens.Grant grant) {
        RoutePointLine routePoint = cluster.routePointLines().get(grant.routePointIndex());
        return RoutingResult.of(interception.redirected(routePoint, grant.destination(), grant.dialed(),
                grant.divertedFrom(), grant.assistant(), grant.forwardNoAnswer()));
    }

    /** The manager line itself (ring-no-answer policy "manager"), through the route point's CSS. */
    RoutingResult toManager(Destination from, String managerLine) {
        return RoutingResult.of(interception.toManager(from.routePoint(), from.manager(), managerLine));
    }

    /** The voicemail pilot on behalf of the manager line (ring-no-answer policy "voicemail"). */
    RoutingResult toVoicemail(Destination from, String managerLine) {
        return RoutingResult.of(interception.toVoicemail(from.routePoint(), from.manager(), managerLine));
    }

    /**
     * Where the manager's Redirect sends a call ringing at the manager: the divert target, or by default the
     * active assistant's proxy line for the line dialled; 480 when there is neither.
     */
    RoutingResult divertTarget(Destination from, String managerLine, String why) {
        IpmaConfig.Manager manager = from.manager();
        ManagerSettings current = settings.settingsOf(manager);
        if (current.divertTarget() != null) {
            return RoutingResult.of(interception.divert(from.routePoint(), manager, null, current.divertTarget(),
                    managerLine, why + "; to the divert target"));
        }
        IpmaConfig.Assistant active = RoutingDecision.activeAssistant(manager, current, managerLine,
                presence.availableFor(manager, this::isRegistered), Set.of());
        if (active == null) {
            return RoutingResult.reject(480, "Temporarily Unavailable (no divert target and no assistant of "
                    + manager.user() + " is available)");
        }
        return RoutingResult.of(interception.divert(from.routePoint(), manager, active,
                active.proxyLines().get(managerLine), managerLine, why + "; to " + active.user() + "'s proxy line"));
    }

    /** The manager's line, because someone sent the call there ({@code why}). */
    RoutingResult toManager(Destination from, String managerLine, String why) {
        return RoutingResult.of(interception.divert(from.routePoint(), from.manager(), null, managerLine, null, why));
    }

    /**
     * {@code number} as the manager's line {@code managerLine} would dial it, through that line's effective CSS:
     * whoever redirects a manager's call reaches only what the manager's line reaches, and only a phone line
     * (never a route point or a feature code). 404 naming the line and what the number reaches otherwise.
     */
    RoutingResult throughManagerLine(Destination from, String managerLine, String number, String why) {
        IpmaConfig.Manager manager = from.manager();
        java.util.Optional<LineAppearance> line = cluster.appearance(manager.user(), managerLine);
        if (line.isEmpty()) {
            return RoutingResult.reject(404, "Not Found (" + managerLine + " is not a line of " + manager.user() + ")");
        }
        Route route = cluster.route(line.get(), number);
        if (!(route.target() instanceof org.openipma.routing.DirectoryNumber reached) || !reached.dn().equals(number)) {
            return RoutingResult.reject(404, "Not Found (" + managerLine + "'s calling search space "
                    + line.get().effectiveCss().name() + " reaches " + (route.isFound() ? route.toString() : "nothing")
                    + " for " + number + ", not a line)");
        }
        return RoutingResult.to(new Destination(reached, managerLine, from.routePoint(), manager, null, false, false,
                why + "; " + route));
    }

    /** The voicemail pilot on the manager line's behalf, because someone sent the call there; 480 without one. */
    RoutingResult toVoicemail(Destination from, String managerLine, String why) {
        IpmaConfig.Voicemail voicemail = cluster.config().voicemail();
        if (voicemail == null) {
            return RoutingResult.reject(480, "Temporarily Unavailable (no voicemail is configured)");
        }
        return RoutingResult.of(interception.divert(from.routePoint(), from.manager(), null, voicemail.pilot(),
                managerLine, why));
    }

    private RoutingResult forwardNoAnswer(RoutePointLine routePoint, String dialed, String why) {
        Interception.Result result = interception.forwardNoAnswer(routePoint, dialed, why);
        if (result instanceof Interception.Ring ring) {
            log.info("route point {}: {}; Call Forward No Answer to {}", routePoint.routePoint().name(), why,
                    ring.number().dn());
        } else {
            log.warn("route point {}: {}", routePoint.routePoint().name(), ((Interception.Refuse) result).reason());
        }
        return RoutingResult.of(result);
    }

    /** Whether one of the assistant's proxy lines has a live registration (availability needs log-in too). */
    boolean isRegistered(String assistantUser) {
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
