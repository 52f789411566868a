package org.openipma.routing;

import static org.openipma.routing.LintText.missed;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@link Lint} rule about assistants' proxy lines: each proxy line, dialing its manager's line through
 * its effective CSS (line CSS, then the phone's device CSS), reaches that line
 * ({@link LintFinding.Code#PROXY_LINE_CANNOT_REACH_MANAGER}). Without it the assistant cannot hand a call
 * back to the manager. The fix is sought for the line CSS as the phone combines it with its device CSS.
 */
final class ProxyLineLint {
    private ProxyLineLint() {
    }

    static List<LintFinding> proxyLinesReachTheirManagers(LintIndex index) {
        Cluster cluster = index.cluster();
        List<LintFinding> findings = new ArrayList<>();
        for (LintIndex.ManagerLine line : index.managerLines()) {
            for (IpmaConfig.Assistant assistant : line.manager().assistants()) {
                String proxyDn = assistant.proxyLines().get(line.dn());
                if (proxyDn == null) {
                    continue;
                }
                LineAppearance proxy = cluster.appearance(assistant.user(), proxyDn).orElseThrow();
                Route route = cluster.route(proxy, line.dn());
                if (route.target() != line.number()) {
                    CallingSearchSpace device = proxy.phone().css() == null ? null
                            : cluster.css(proxy.phone().css()).orElseThrow();
                    findings.add(new LintFinding(LintFinding.Code.PROXY_LINE_CANNOT_REACH_MANAGER,
                            index.linePath(proxy) + ".css",
                            missed("proxy line " + proxy + " (CSS " + proxy.effectiveCss().name() + ")", line.dn(),
                                    route, "the manager's line " + line.number())
                                    + ": the assistant cannot hand calls back to the manager",
                            ReachFix.suggest(index, proxy.line().css(), route, line.number(), line.dn(),
                                    css -> index.plan().effective(css, device))));
                }
            }
        }
        return findings;
    }
}
