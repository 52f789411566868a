package org.openipma.routing;

import static org.openipma.routing.LintText.missed;
import static org.openipma.routing.LintText.reaches;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@link Lint} rules about route points and their Call Forward No Answer, the two ways an intercepted
 * call leaves a route point:
 * <ul>
 * <li>The CSS of every route point line that ordinary calls to a manager line land on reaches that manager
 * line ({@link LintFinding.Code#ROUTE_POINT_CANNOT_REACH_MANAGER}) and the proxy lines the call is offered
 * to ({@link LintFinding.Code#ROUTE_POINT_CANNOT_REACH_PROXY_LINE}): the B2BUA places those calls through it.</li>
 * <li>Every route point line has a CFNA ({@link LintFinding.Code#ROUTE_POINT_WITHOUT_CFNA}), and that CFNA,
 * its mask applied to the manager's number, reaches the manager's line
 * ({@link LintFinding.Code#CFNA_DOES_NOT_REACH_MANAGER}): it is what rings the manager when the routing
 * service fails.</li>
 * </ul>
 * A route point pattern that always loses to a closer one takes no calls, so its CSS and CFNA are checked
 * only for the manager lines whose calls do land on it ({@link LintIndex#forEachCoveredManagerLine}).
 */
final class RoutePointLint {
    private RoutePointLint() {
    }

    static List<LintFinding> routePointsReachManagersAndProxyLines(LintIndex index) {
        Cluster cluster = index.cluster();
        List<LintFinding> findings = new ArrayList<>();
        index.forEachCoveredManagerLine((routePoint, path, line) -> {
            String css = routePoint.routePoint().css();
            String where = path.substring(0, path.indexOf(".lines[")) + ".css";
            Route route = index.plan().route(routePoint.css(), line.dn());
            if (route.target() != line.number()) {
                findings.add(new LintFinding(LintFinding.Code.ROUTE_POINT_CANNOT_REACH_MANAGER, where,
                        missed(routePoint.describe() + "'s CSS " + css, line.dn(), route,
                                "the manager's line " + line.number())
                                + ": calls it decides to put through to the manager cannot be placed",
                        ReachFix.suggest(index, css, route, line.number(), line.dn())));
            }
            for (IpmaConfig.Assistant assistant : line.manager().assistants()) {
                String proxyDn = assistant.proxyLines().get(line.dn());
                if (proxyDn == null) {
                    continue;
                }
                DirectoryNumber proxy = cluster.appearance(assistant.user(), proxyDn).orElseThrow().number();
                Route toProxy = index.plan().route(routePoint.css(), proxyDn);
                if (toProxy.target() != proxy) {
                    findings.add(new LintFinding(LintFinding.Code.ROUTE_POINT_CANNOT_REACH_PROXY_LINE, where,
                            missed(routePoint.describe() + "'s CSS " + css, proxyDn, toProxy,
                                    "the proxy line " + proxy + " of " + assistant.user())
                                    + ": intercepted calls to " + line.dn() + " cannot be offered to the assistant",
                            ReachFix.suggest(index, css, toProxy, proxy, proxyDn)));
                }
            }
        });
        return findings;
    }

    static List<LintFinding> routePointsForwardToManagers(LintIndex index) {
        List<LintFinding> findings = new ArrayList<>();
        index.forEachRoutePointLine((routePoint, path) -> {
            if (!routePoint.hasForwardNoAnswer()) {
                findings.add(new LintFinding(LintFinding.Code.ROUTE_POINT_WITHOUT_CFNA, path + ".forwardNoAnswer",
                        routePoint.describe() + " line " + routePoint.line().dn() + "/" + routePoint.line().partition()
                                + " has no Call Forward No Answer: when the routing service fails, its calls have"
                                + " nowhere to go",
                        "add forwardNoAnswer: { destination: \"" + suggestedMask(index, routePoint) + "\", css: "
                                + routePoint.routePoint().css() + " }"));
            }
        });
        index.forEachCoveredManagerLine((routePoint, path, line) -> {
            if (!routePoint.hasForwardNoAnswer()) {
                return;
            }
            IpmaConfig.Forward forward = routePoint.line().forwardNoAnswer();
            String destination = routePoint.forwardNoAnswerDestination(line.dn());
            Route route = index.plan().route(routePoint.forwardNoAnswerCss(), destination);
            if (route.target() != line.number()) {
                findings.add(new LintFinding(LintFinding.Code.CFNA_DOES_NOT_REACH_MANAGER, path + ".forwardNoAnswer",
                        "CFNA " + forward.destination() + " → " + destination + " through " + forward.css()
                                + " reaches " + reaches(route) + ", not the manager's line " + line.number()
                                + ": when the routing service fails, calls to " + line.dn() + " miss the manager",
                        !destination.equals(line.dn())
                                ? "set the destination to a mask that keeps the dialed number, such as \""
                                        + suggestedMask(index, routePoint) + "\""
                                : ReachFix.suggest(index, forward.css(), route, line.number(), destination)));
            }
        });
        return findings;
    }

    /**
     * A CFNA mask that gives back the number dialed: the route point's own pattern when it is a usable mask
     * ({@code 100X}), with digit sets widened to {@code X} ({@code 10[0-5]X} → {@code 10XX}), else one
     * {@code X} per digit of the first manager line it covers (a placeholder when it covers none).
     */
    private static String suggestedMask(LintIndex index, RoutePointLine routePoint) {
        String widened = routePoint.line().dn().replaceAll("\\[[^]]*]", "X");
        if (DigitMask.isValid(widened)) {
            return widened;
        }
        Pattern pattern = Pattern.parse(routePoint.line().dn());
        return index.managerLines().stream().filter(line -> pattern.matches(line.dn())).findFirst()
                .map(line -> "X".repeat(line.dn().length())).orElse("<number>");
    }
}
