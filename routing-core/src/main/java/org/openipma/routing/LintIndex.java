package org.openipma.routing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What every {@link Lint} rule needs to know about a compiled cluster, computed once: the manager lines,
 * the proxy lines, what each partition holds, the ordinary callers grouped by effective CSS, where their
 * calls to each manager line land, and which CSSes are privileged (allowed to reach manager partitions).
 * Every collection keeps configuration order, so findings built by walking them come out in that order.
 *
 * <p>Read-only once built; one per {@link Lint#check} run.
 */
final class LintIndex {
    /** A manager's intercepted line: its config path ({@code managers[0].lines[0]}) and its directory number. */
    record ManagerLine(String path, IpmaConfig.Manager manager, DirectoryNumber number) {
        String dn() {
            return number.dn();
        }
    }

    /** Receives each route point line with its path {@code routePoints[r].lines[l]}. */
    interface RoutePointLineVisitor {
        void visit(RoutePointLine line, String path);
    }

    /** Receives each route point line with a manager line whose ordinary calls land on it. */
    interface CoveredLineVisitor {
        void visit(RoutePointLine routePoint, String path, ManagerLine line);
    }

    private final Cluster cluster;
    private final IpmaConfig config;
    private final DialPlan plan;
    private final List<ManagerLine> managerLines = new ArrayList<>();
    private final Set<DirectoryNumber> managerNumbers = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<LineAppearance> proxyLines = new LinkedHashSet<>();
    /** Partition → the directory numbers and route point lines it holds, in configuration order. */
    private final Map<String, List<Target>> occupants = new LinkedHashMap<>();
    /** The ordinary lines (all but proxy lines), grouped by effective CSS name: alike callers dial alike. */
    private final Map<String, List<LineAppearance>> callersByCss = new LinkedHashMap<>();
    /** Route point line → the manager lines whose calls land on it when an ordinary line dials them. */
    private final Map<RoutePointLine, Set<ManagerLine>> landings = new IdentityHashMap<>();
    /** The CSSes allowed to reach manager partitions, in configuration order. */
    private final Set<String> privileged = new LinkedHashSet<>();

    LintIndex(Cluster cluster) {
        this.cluster = cluster;
        this.config = cluster.config();
        this.plan = cluster.dialPlan();
        indexManagers();
        indexOccupants();
        indexPrivilegedCss();
        indexCallers();
    }

    private void indexManagers() {
        for (int m = 0; m < config.managers().size(); m++) {
            IpmaConfig.Manager manager = config.managers().get(m);
            for (int l = 0; l < manager.lines().size(); l++) {
                String dn = manager.lines().get(l);
                DirectoryNumber number = cluster.appearance(manager.user(), dn).orElseThrow().number();
                managerLines.add(new ManagerLine("managers[" + m + "].lines[" + l + "]", manager, number));
                managerNumbers.add(number);
            }
            // By manager line, not over proxyLines().values(): that map's order changes from one JVM to the next.
            for (String managerDn : manager.lines()) {
                for (IpmaConfig.Assistant assistant : manager.assistants()) {
                    String proxyDn = assistant.proxyLines().get(managerDn);
                    if (proxyDn != null) {
                        proxyLines.add(cluster.appearance(assistant.user(), proxyDn).orElseThrow());
                    }
                }
            }
        }
    }

    private void indexOccupants() {
        for (IpmaConfig.Phone phone : config.phones()) {
            for (LineAppearance appearance : cluster.appearances(phone)) {
                List<Target> held = occupants.computeIfAbsent(appearance.number().partition(), p -> new ArrayList<>());
                if (!held.contains(appearance.number())) { // a shared line appears on several phones
                    held.add(appearance.number());
                }
            }
        }
        for (RoutePointLine line : cluster.routePointLines()) {
            occupants.computeIfAbsent(line.line().partition(), p -> new ArrayList<>()).add(line);
        }
    }

    private void indexPrivilegedCss() {
        config.routePoints().forEach(routePoint -> privileged.add(routePoint.css()));
        proxyLines.forEach(proxy -> {
            if (proxy.line().css() != null) {
                privileged.add(proxy.line().css());
            }
        });
        config.routePoints().forEach(routePoint -> routePoint.lines().forEach(line -> {
            if (line.forwardNoAnswer() != null) {
                privileged.add(line.forwardNoAnswer().css());
            }
        }));
        if (config.voicemail() != null && config.voicemail().mwiCss() != null) {
            privileged.add(config.voicemail().mwiCss());
        }
    }

    private void indexCallers() {
        for (IpmaConfig.Phone phone : config.phones()) {
            for (LineAppearance appearance : cluster.appearances(phone)) {
                if (!proxyLines.contains(appearance)) {
                    callersByCss.computeIfAbsent(appearance.effectiveCss().name(), css -> new ArrayList<>())
                            .add(appearance);
                }
            }
        }
        for (ManagerLine line : managerLines) {
            for (List<LineAppearance> callers : callersByCss.values()) {
                if (plan.route(callers.get(0).effectiveCss(), line.dn()).target() instanceof RoutePointLine landed) {
                    landings.computeIfAbsent(landed, l -> new LinkedHashSet<>()).add(line);
                }
            }
        }
    }

    Cluster cluster() {
        return cluster;
    }

    IpmaConfig config() {
        return config;
    }

    DialPlan plan() {
        return plan;
    }

    /** Every manager line, in configuration order (manager, then line). */
    List<ManagerLine> managerLines() {
        return managerLines;
    }

    /** Whether {@code occupant} is a manager line's directory number (by identity). */
    boolean isManagerNumber(Target occupant) {
        return managerNumbers.contains(occupant);
    }

    /** What {@code partition} holds: directory numbers and route point lines; empty if nothing. */
    List<Target> occupants(String partition) {
        return occupants.getOrDefault(partition, List.of());
    }

    /** The ordinary lines grouped by effective CSS name, groups in the order their first line is configured. */
    Map<String, List<LineAppearance>> callersByCss() {
        return callersByCss;
    }

    /** The route point, proxy line, CFNA and MWI CSSes, in that order: the ones allowed to reach managers. */
    Set<String> privileged() {
        return privileged;
    }

    /** Visits every route point line with its path {@code routePoints[r].lines[l]}, in configuration order. */
    void forEachRoutePointLine(RoutePointLineVisitor visitor) {
        int index = 0;
        for (int r = 0; r < config.routePoints().size(); r++) {
            for (int l = 0; l < config.routePoints().get(r).lines().size(); l++) {
                visitor.visit(cluster.routePointLines().get(index++), "routePoints[" + r + "].lines[" + l + "]");
            }
        }
    }

    /**
     * Visits each (route point line, manager line) pair where ordinary calls to the manager line land on the
     * route point line. A pattern that matches the manager's number but always loses to a closer route point
     * pattern never takes those calls, so its CSS and CFNA do not matter for them.
     */
    void forEachCoveredManagerLine(CoveredLineVisitor visitor) {
        forEachRoutePointLine((routePoint, path) -> {
            for (ManagerLine line : landings.getOrDefault(routePoint, Set.of())) {
                visitor.visit(routePoint, path, line);
            }
        });
    }

    boolean isManagerPartition(String partition) {
        return managerLines.stream().anyMatch(line -> line.number().partition().equals(partition));
    }

    /** Whether {@code partition} holds manager lines and nothing else. */
    boolean isDedicated(String partition) {
        return occupants(partition).stream().allMatch(managerNumbers::contains);
    }

    /** The partitions holding manager lines, comma-separated, in configuration order. */
    String managerPartitions() {
        Set<String> partitions = new LinkedHashSet<>();
        managerLines.forEach(line -> partitions.add(line.number().partition()));
        return String.join(", ", partitions);
    }

    /** Every declared CSS, the privileged ones first: the ones a fix should suggest before any other. */
    Set<String> candidateCsses() {
        Set<String> candidates = new LinkedHashSet<>(privileged);
        candidates.addAll(config.callingSearchSpaces().keySet());
        return candidates;
    }

    /** Whether a line that is not a proxy line searches {@code cssName}, as its line CSS or its phone's. */
    boolean usedByOrdinaryLines(String cssName) {
        for (IpmaConfig.Phone phone : config.phones()) {
            for (LineAppearance appearance : cluster.appearances(phone)) {
                if (!proxyLines.contains(appearance)
                        && (cssName.equals(appearance.line().css()) || cssName.equals(phone.css()))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code phones[p].lines[l]}: where {@code appearance} is configured. */
    String linePath(LineAppearance appearance) {
        return "phones[" + config.phones().indexOf(appearance.phone()) + "].lines["
                + appearance.phone().lines().indexOf(appearance.line()) + "]";
    }
}
