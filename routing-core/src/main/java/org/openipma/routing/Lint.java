package org.openipma.routing;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the configuration mistakes that break proxy-line interception, the ones the seed's checklist
 * exists to prevent. Every rule is checked by dialing through the compiled {@link DialPlan}, never by
 * reading partition lists alone, so closest match, CSS order and effective CSSes count exactly as they
 * will for real calls.
 *
 * <h2>The rules</h2>
 * <ul>
 * <li>Every ordinary line (any phone line that is not a proxy line) dialing a manager line lands on a route
 * point: otherwise it bypasses the B2BUA ({@link LintFinding.Code#MANAGER_LINE_NOT_INTERCEPTED}) or cannot
 * call the manager at all ({@link LintFinding.Code#MANAGER_LINE_NOT_COVERED}).</li>
 * <li>A manager line sits in a partition holding only manager lines
 * ({@link LintFinding.Code#MANAGER_PARTITION_SHARED}), and only the privileged CSSes list it: the route
 * points' CSSes, the proxy lines' line CSSes, the CFNA CSSes and the MWI CSS
 * ({@link LintFinding.Code#CSS_BYPASSES_INTERCEPTION}).</li>
 * <li>Each proxy line, the MWI CSS, and the CSS and CFNA (its mask applied to the manager's number) of every
 * route point line that calls to the manager land on reach the manager's own line; that route point's CSS
 * also reaches the proxy lines it offers those calls to. Every route point line has a CFNA.</li>
 * <li>No CSS other than an intercom line's own CSS reaches an intercom line.</li>
 * <li>Managers and assistants reach their feature codes, and codes and numbers do not hide each other
 * ({@link FeatureCodeLint}).</li>
 * </ul>
 * A configuration without a {@code voicemail} section is not asked for an MWI CSS: there is no voicemail
 * system to light lamps.
 *
 * <h2>One finding per cause</h2>
 * A CSS that lists the manager partition is reported once, on the CSS, not again on every line using it;
 * a manager line in a shared partition is reported on that line's partition, not on every CSS reaching it.
 * Findings come in rule order, then configuration order; the same finding is never listed twice.
 *
 * <h2>Where the rules live</h2>
 * Each group of rules is a package-private class of its own, run here in checklist order over one shared
 * {@link LintIndex}: {@link ManagerPartitionLint}, {@link InterceptionLint}, {@link ProxyLineLint},
 * {@link RoutePointLint}, {@link MwiLint}, {@link IntercomLint}, {@link FeatureCodeLint}.
 */
public final class Lint {
    private Lint() {
    }

    /**
     * Checks a compiled configuration against the rules above.
     *
     * @return the findings, in rule order then configuration order; empty when the configuration is clean
     */
    public static List<LintFinding> check(Cluster cluster) {
        LintIndex index = new LintIndex(cluster);
        Set<LintFinding> findings = new LinkedHashSet<>();
        findings.addAll(ManagerPartitionLint.partitionsAreDedicated(index));
        findings.addAll(InterceptionLint.ordinaryLinesAreIntercepted(index));
        findings.addAll(ManagerPartitionLint.onlyPrivilegedCssesReachManagers(index));
        findings.addAll(ProxyLineLint.proxyLinesReachTheirManagers(index));
        findings.addAll(RoutePointLint.routePointsReachManagersAndProxyLines(index));
        findings.addAll(RoutePointLint.routePointsForwardToManagers(index));
        findings.addAll(MwiLint.mwiReachesManagers(index));
        findings.addAll(IntercomLint.intercomsAreReachedOnlyFromIntercoms(index));
        findings.addAll(FeatureCodeLint.check(cluster));
        return List.copyOf(findings);
    }
}
