package org.openipma.routing;

import static org.openipma.routing.LintText.named;
import static org.openipma.routing.LintText.reaches;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@link Lint} rule at the heart of proxy-line mode: every ordinary line (any phone line that is not a
 * proxy line) dialing a manager line lands on a route point, so that the B2BUA sees the call. Otherwise the
 * caller bypasses interception ({@link LintFinding.Code#MANAGER_LINE_NOT_INTERCEPTED}) or cannot call the
 * manager at all ({@link LintFinding.Code#MANAGER_LINE_NOT_COVERED}).
 *
 * <p>Checked once per effective CSS, not per line: callers sharing one effective CSS dial alike. A bypass
 * caused by a CSS listing a manager partition, or by a shared manager partition, is left to
 * {@link ManagerPartitionLint}, which reports it once on its cause.
 */
final class InterceptionLint {
    private final LintIndex index;
    private final List<LintFinding> findings = new ArrayList<>();

    private InterceptionLint(LintIndex index) {
        this.index = index;
    }

    static List<LintFinding> ordinaryLinesAreIntercepted(LintIndex index) {
        InterceptionLint lint = new InterceptionLint(index);
        for (LintIndex.ManagerLine line : index.managerLines()) {
            for (List<LineAppearance> callers : index.callersByCss().values()) {
                lint.checkIntercepted(line, callers);
            }
        }
        return lint.findings;
    }

    /** Callers sharing one effective CSS (same line and device CSS names) dial {@code line}. */
    private void checkIntercepted(LintIndex.ManagerLine line, List<LineAppearance> callers) {
        LineAppearance first = callers.get(0);
        CallingSearchSpace css = first.effectiveCss();
        Route route = index.plan().route(css, line.dn());
        if (route.isFound() && route.target() instanceof RoutePointLine) {
            return;
        }
        String who = (css.partitions().isEmpty() ? "callers with no CSS" : "callers through " + css.name())
                + " (" + named(callers.stream().map(LineAppearance::toString).toList()) + ") dialing " + line.dn();
        if (!route.isFound()) {
            add(LintFinding.Code.MANAGER_LINE_NOT_COVERED, line.path(),
                    who + " reach nothing: no route point pattern covering " + line.dn()
                            + " is in a partition they reach",
                    coverFix(line, first));
            return;
        }
        if (index.isManagerPartition(route.partition())) {
            String responsible = first.line().css() != null
                    && index.cluster().css(first.line().css()).orElseThrow().partitions().contains(route.partition())
                    ? first.line().css() : first.phone().css();
            if (!index.isDedicated(route.partition()) || !index.privileged().contains(responsible)) {
                return; // reported once, on the shared partition or on the CSS itself
            }
            add(LintFinding.Code.MANAGER_LINE_NOT_INTERCEPTED, line.path(),
                    who + " reach " + reaches(route) + ", not a route point: they bypass interception",
                    "give these lines a CSS that does not list " + route.partition() + "; " + responsible
                            + " is meant for the route point, proxy lines, CFNA or MWI");
            return;
        }
        add(LintFinding.Code.MANAGER_LINE_NOT_INTERCEPTED, line.path(),
                who + " reach " + reaches(route) + ", not a route point: that pattern is closer than the route point's,"
                        + " so they bypass interception",
                "renumber " + route.pattern().text() + "/" + route.partition() + " or move it to a partition "
                        + css.name() + " does not list, so that a route point pattern is the closest match");
    }

    /** Where to list or add a route point pattern so that {@code caller} reaches one when dialing {@code line}. */
    private String coverFix(LintIndex.ManagerLine line, LineAppearance caller) {
        String cssName = caller.phone().css() != null ? caller.phone().css() : caller.line().css();
        for (RoutePointLine routePoint : index.cluster().routePointLines()) {
            if (Pattern.parse(routePoint.line().dn()).matches(line.dn())) {
                String partition = routePoint.line().partition() + " (" + routePoint.routePoint().name() + "'s "
                        + routePoint.line().dn() + ")";
                return cssName == null ? "give these lines a CSS that lists " + partition
                        : "list " + partition + " in " + cssName;
            }
        }
        List<String> listed = cssName == null ? List.of() : index.cluster().css(cssName).orElseThrow().partitions();
        return "add a route point line whose pattern covers " + line.dn() + " in a partition "
                + (listed.isEmpty() ? "these lines reach" : cssName + " lists (such as " + line.dn() + " in "
                + listed.get(0) + ")");
    }

    private void add(LintFinding.Code code, String path, String message, String fix) {
        findings.add(new LintFinding(code, path, message, fix));
    }
}
