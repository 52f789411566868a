package org.openipma.routing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

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
 */
public final class Lint {
    private static final int MAX_NAMED = 3;

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
    private final Set<LintFinding> findings = new LinkedHashSet<>();

    private Lint(Cluster cluster) {
        this.cluster = cluster;
        this.config = cluster.config();
        this.plan = cluster.dialPlan();
        indexManagers();
        indexOccupants();
        indexPrivilegedCss();
        indexCallers();
    }

    /**
     * Checks a compiled configuration against the rules above.
     *
     * @return the findings, in rule order then configuration order; empty when the configuration is clean
     */
    public static List<LintFinding> check(Cluster cluster) {
        Lint lint = new Lint(cluster);
        lint.managerPartitionsAreDedicated();
        lint.ordinaryLinesAreIntercepted();
        lint.onlyPrivilegedCssesReachManagers();
        lint.proxyLinesReachTheirManagers();
        lint.routePointsReachManagersAndProxyLines();
        lint.routePointsForwardToManagers();
        lint.mwiReachesManagers();
        lint.intercomsAreReachedOnlyFromIntercoms();
        lint.findings.addAll(FeatureCodeLint.check(cluster));
        return List.copyOf(lint.findings);
    }

    /** A manager's intercepted line: its config path ({@code managers[0].lines[0]}) and its directory number. */
    private record ManagerLine(String path, IpmaConfig.Manager manager, DirectoryNumber number) {
        String dn() {
            return number.dn();
        }
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

    // ---- the rules ----

    private void managerPartitionsAreDedicated() {
        for (ManagerLine line : managerLines) {
            List<String> others = new ArrayList<>();
            for (Target occupant : occupants.get(line.number().partition())) {
                if (!managerNumbers.contains(occupant)) {
                    others.add(label(occupant));
                }
            }
            if (!others.isEmpty()) {
                LineAppearance appearance = cluster.appearance(line.manager().user(), line.dn()).orElseThrow();
                add(LintFinding.Code.MANAGER_PARTITION_SHARED, linePath(appearance) + ".partition",
                        "manager line " + line.number() + " shares its partition with " + named(others)
                                + ": every CSS that reaches them reaches the manager directly",
                        "put " + line.dn() + " in a partition of its own that only the route point, proxy line,"
                                + " CFNA and MWI CSSes list");
            }
        }
    }

    private void ordinaryLinesAreIntercepted() {
        for (ManagerLine line : managerLines) {
            for (List<LineAppearance> callers : callersByCss.values()) {
                checkIntercepted(line, callers);
            }
        }
    }

    /** Callers sharing one effective CSS (same line and device CSS names) dial {@code line}. */
    private void checkIntercepted(ManagerLine line, List<LineAppearance> callers) {
        LineAppearance first = callers.get(0);
        CallingSearchSpace css = first.effectiveCss();
        Route route = plan.route(css, line.dn());
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
        if (isManagerPartition(route.partition())) {
            String responsible = first.line().css() != null
                    && cluster.css(first.line().css()).orElseThrow().partitions().contains(route.partition())
                    ? first.line().css() : first.phone().css();
            if (!isDedicated(route.partition()) || !privileged.contains(responsible)) {
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

    private String coverFix(ManagerLine line, LineAppearance caller) {
        String cssName = caller.phone().css() != null ? caller.phone().css() : caller.line().css();
        for (RoutePointLine routePoint : cluster.routePointLines()) {
            if (Pattern.parse(routePoint.line().dn()).matches(line.dn())) {
                String partition = routePoint.line().partition() + " (" + routePoint.routePoint().name() + "'s "
                        + routePoint.line().dn() + ")";
                return cssName == null ? "give these lines a CSS that lists " + partition
                        : "list " + partition + " in " + cssName;
            }
        }
        List<String> listed = cssName == null ? List.of() : cluster.css(cssName).orElseThrow().partitions();
        return "add a route point line whose pattern covers " + line.dn() + " in a partition "
                + (listed.isEmpty() ? "these lines reach" : cssName + " lists (such as " + line.dn() + " in "
                + listed.get(0) + ")");
    }

    private void onlyPrivilegedCssesReachManagers() {
        for (Map.Entry<String, List<String>> css : config.callingSearchSpaces().entrySet()) {
            if (privileged.contains(css.getKey())) {
                continue;
            }
            List<String> reached = new ArrayList<>();
            List<String> lines = new ArrayList<>();
            for (String partition : css.getValue()) {
                if (isManagerPartition(partition) && isDedicated(partition)) {
                    reached.add(partition);
                    occupants.get(partition).forEach(number -> lines.add(number.toString()));
                }
            }
            if (!reached.isEmpty()) {
                add(LintFinding.Code.CSS_BYPASSES_INTERCEPTION, "callingSearchSpaces." + css.getKey(),
                        css.getKey() + " lists " + String.join(", ", reached)
                                + (reached.size() > 1 ? ", which hold" : ", which holds") + " manager line" + (lines.size() > 1 ? "s " : " ") + named(lines)
                                + ": every line using it calls the manager directly and bypasses interception",
                        "remove " + String.join(", ", reached) + " from " + css.getKey() + "; only the route point,"
                                + " proxy line, CFNA and MWI CSSes" + privilegedList() + " may list it");
            }
        }
    }

    private String privilegedList() {
        return privileged.isEmpty() ? "" : " (" + String.join(", ", privileged) + ")";
    }

    private void proxyLinesReachTheirManagers() {
        for (ManagerLine line : managerLines) {
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
                    add(LintFinding.Code.PROXY_LINE_CANNOT_REACH_MANAGER, linePath(proxy) + ".css",
                            missed("proxy line " + proxy + " (CSS " + proxy.effectiveCss().name() + ")", line.dn(),
                                    route, "the manager's line " + line.number())
                                    + ": the assistant cannot hand calls back to the manager",
                            reachFix(proxy.line().css(), route, line.number(), line.dn(),
                                    css -> plan.effective(css, device)));
                }
            }
        }
    }

    private void routePointsReachManagersAndProxyLines() {
        forEachCoveredManagerLine((routePoint, path, line) -> {
            String css = routePoint.routePoint().css();
            String where = path.substring(0, path.indexOf(".lines[")) + ".css";
            Route route = plan.route(routePoint.css(), line.dn());
            if (route.target() != line.number()) {
                add(LintFinding.Code.ROUTE_POINT_CANNOT_REACH_MANAGER, where,
                        missed(routePoint.describe() + "'s CSS " + css, line.dn(), route,
                                "the manager's line " + line.number())
                                + ": calls it decides to put through to the manager cannot be placed",
                        reachFix(css, route, line.number(), line.dn(), UnaryOperator.identity()));
            }
            for (IpmaConfig.Assistant assistant : line.manager().assistants()) {
                String proxyDn = assistant.proxyLines().get(line.dn());
                if (proxyDn == null) {
                    continue;
                }
                DirectoryNumber proxy = cluster.appearance(assistant.user(), proxyDn).orElseThrow().number();
                Route toProxy = plan.route(routePoint.css(), proxyDn);
                if (toProxy.target() != proxy) {
                    add(LintFinding.Code.ROUTE_POINT_CANNOT_REACH_PROXY_LINE, where,
                            missed(routePoint.describe() + "'s CSS " + css, proxyDn, toProxy,
                                    "the proxy line " + proxy + " of " + assistant.user())
                                    + ": intercepted calls to " + line.dn() + " cannot be offered to the assistant",
                            reachFix(css, toProxy, proxy, proxyDn, UnaryOperator.identity()));
                }
            }
        });
    }

    private void routePointsForwardToManagers() {
        forEachRoutePointLine((routePoint, path) -> {
            if (!routePoint.hasForwardNoAnswer()) {
                add(LintFinding.Code.ROUTE_POINT_WITHOUT_CFNA, path + ".forwardNoAnswer",
                        routePoint.describe() + " line " + routePoint.line().dn() + "/" + routePoint.line().partition()
                                + " has no Call Forward No Answer: when the routing service fails, its calls have"
                                + " nowhere to go",
                        "add forwardNoAnswer: { destination: \"" + suggestedMask(routePoint) + "\", css: "
                                + routePoint.routePoint().css() + " }");
            }
        });
        forEachCoveredManagerLine((routePoint, path, line) -> {
            if (!routePoint.hasForwardNoAnswer()) {
                return;
            }
            IpmaConfig.Forward forward = routePoint.line().forwardNoAnswer();
            String destination = routePoint.forwardNoAnswerDestination(line.dn());
            Route route = plan.route(routePoint.forwardNoAnswerCss(), destination);
            if (route.target() != line.number()) {
                add(LintFinding.Code.CFNA_DOES_NOT_REACH_MANAGER, path + ".forwardNoAnswer",
                        "CFNA " + forward.destination() + " → " + destination + " through " + forward.css()
                                + " reaches " + reaches(route) + ", not the manager's line " + line.number()
                                + ": when the routing service fails, calls to " + line.dn() + " miss the manager",
                        !destination.equals(line.dn())
                                ? "set the destination to a mask that keeps the dialed number, such as \""
                                        + suggestedMask(routePoint) + "\""
                                : reachFix(forward.css(), route, line.number(), destination, UnaryOperator.identity()));
            }
        });
    }

    /**
     * A CFNA mask that gives back the number dialed: the route point's own pattern when it is a usable mask
     * ({@code 100X}), with digit sets widened to {@code X} ({@code 10[0-5]X} → {@code 10XX}), else one
     * {@code X} per digit of the first manager line it covers (a placeholder when it covers none).
     */
    private String suggestedMask(RoutePointLine routePoint) {
        String widened = routePoint.line().dn().replaceAll("\\[[^]]*]", "X");
        if (DigitMask.isValid(widened)) {
            return widened;
        }
        Pattern pattern = Pattern.parse(routePoint.line().dn());
        return managerLines.stream().filter(line -> pattern.matches(line.dn())).findFirst()
                .map(line -> "X".repeat(line.dn().length())).orElse("<number>");
    }

    private void mwiReachesManagers() {
        IpmaConfig.Voicemail voicemail = config.voicemail();
        if (voicemail == null || managerLines.isEmpty()) {
            return;
        }
        if (voicemail.mwiCss() == null) {
            String fix = candidateCsses().stream()
                    .filter(css -> !usedByOrdinaryLines(css) && managerLines.stream().allMatch(line ->
                            plan.route(cluster.css(css).orElseThrow(), line.dn()).target() == line.number()))
                    .findFirst()
                    .map(css -> "set voicemail.mwiCss to " + css + ", which reaches every manager line")
                    .orElse("set voicemail.mwiCss to a CSS that lists " + managerPartitions());
            add(LintFinding.Code.MWI_CSS_MISSING, "voicemail.mwiCss",
                    "voicemail " + voicemail.pilot() + " has no MWI CSS: it cannot light the message lamp of manager"
                            + " line" + (managerLines.size() > 1 ? "s " : " ")
                            + named(managerLines.stream().map(line -> line.number().toString()).toList()),
                    fix);
            return;
        }
        CallingSearchSpace mwi = cluster.css(voicemail.mwiCss()).orElseThrow();
        for (ManagerLine line : managerLines) {
            Route route = plan.route(mwi, line.dn());
            if (route.target() != line.number()) {
                add(LintFinding.Code.MWI_CSS_CANNOT_REACH_MANAGER, "voicemail.mwiCss",
                        missed("MWI CSS " + mwi.name(), line.dn(), route, "the manager's line " + line.number())
                                + ": the voicemail system cannot light its message lamp",
                        reachFix(mwi.name(), route, line.number(), line.dn(), UnaryOperator.identity()));
            }
        }
    }

    private void intercomsAreReachedOnlyFromIntercoms() {
        Set<String> intercomCss = new LinkedHashSet<>();
        List<DirectoryNumber> intercoms = new ArrayList<>();
        for (IpmaConfig.Phone phone : config.phones()) {
            for (LineAppearance appearance : cluster.appearances(phone)) {
                if (appearance.number().isIntercom()) {
                    if (appearance.line().css() != null) {
                        intercomCss.add(appearance.line().css());
                    }
                    if (!intercoms.contains(appearance.number())) {
                        intercoms.add(appearance.number());
                    }
                }
            }
        }
        String allowed = "intercom line CSSes"
                + (intercomCss.isEmpty() ? "" : " (" + String.join(", ", intercomCss) + ")");
        for (String cssName : config.callingSearchSpaces().keySet()) {
            if (intercomCss.contains(cssName)) {
                continue;
            }
            CallingSearchSpace css = cluster.css(cssName).orElseThrow();
            List<DirectoryNumber> reached = intercoms.stream()
                    .filter(intercom -> plan.route(css, intercom.dn()).target() == intercom).toList();
            if (reached.isEmpty()) {
                continue;
            }
            Set<String> partitions = new LinkedHashSet<>();
            List<String> mixed = new ArrayList<>();
            for (DirectoryNumber intercom : reached) {
                partitions.add(intercom.partition());
                boolean onlyIntercoms = occupants.get(intercom.partition()).stream()
                        .allMatch(occupant -> occupant instanceof DirectoryNumber number && number.isIntercom());
                if (!onlyIntercoms) {
                    mixed.add(intercom.dn());
                }
            }
            add(LintFinding.Code.INTERCOM_REACHABLE, "callingSearchSpaces." + cssName,
                    cssName + " reaches intercom line" + (reached.size() > 1 ? "s " : " ")
                            + named(reached.stream().map(DirectoryNumber::toString).toList())
                            + ": any line using it can call straight onto an auto-answer speakerphone",
                    mixed.isEmpty()
                            ? "remove " + String.join(", ", partitions) + " from " + cssName + "; only " + allowed
                                    + " should list it"
                            : "move " + String.join(", ", mixed) + " to a partition of intercom lines only, listed"
                                    + " only by " + allowed);
        }
    }

    // ---- helpers ----

    /**
     * What to change so that {@code cssName} ({@code null}: a line without a line CSS), used the way
     * {@code asUsed} makes it effective, dialing {@code digits} reaches {@code target} instead of {@code got}.
     * Never suggests listing a manager partition in a CSS that ordinary lines use: that would open a bypass.
     */
    private String reachFix(String cssName, Route got, DirectoryNumber target, String digits,
                            UnaryOperator<CallingSearchSpace> asUsed) {
        Optional<String> alternative = alternativeReaching(cssName, target, digits, asUsed);
        if (cssName == null) {
            return alternative.map(css -> "set its line CSS to " + css + ", which reaches " + target)
                    .orElse("set a line CSS that lists " + target.partition());
        }
        if (isManagerPartition(target.partition()) && usedByOrdinaryLines(cssName)) {
            String why = "ordinary lines use " + cssName + ", so it must not list " + target.partition();
            return alternative.map(css -> "use " + css + " instead, which reaches " + target + " (" + why + ")")
                    .orElse("use a CSS that lists " + target.partition() + " instead (" + why + ")");
        }
        String change = got.isFound() && cluster.css(cssName).orElseThrow().partitions().contains(target.partition())
                ? "list " + target.partition() + " before " + got.partition() + " in " + cssName
                : "list " + target.partition() + " in " + cssName;
        return change + alternative.map(css -> ", or use " + css + ", which reaches " + target).orElse("");
    }

    /** A declared CSS other than {@code cssName} that reaches {@code target}, privileged ones first. */
    private Optional<String> alternativeReaching(String cssName, DirectoryNumber target, String digits,
                                                 UnaryOperator<CallingSearchSpace> asUsed) {
        boolean manager = isManagerPartition(target.partition());
        return candidateCsses().stream()
                .filter(css -> !css.equals(cssName) && !(manager && usedByOrdinaryLines(css)))
                .filter(css -> plan.route(asUsed.apply(cluster.css(css).orElseThrow()), digits).target() == target)
                .findFirst();
    }

    /** Every declared CSS, the privileged ones first: the ones a fix should suggest before any other. */
    private Set<String> candidateCsses() {
        Set<String> candidates = new LinkedHashSet<>(privileged);
        candidates.addAll(config.callingSearchSpaces().keySet());
        return candidates;
    }

    /** Whether a line that is not a proxy line searches {@code cssName}, as its line CSS or its phone's. */
    private boolean usedByOrdinaryLines(String cssName) {
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

    private interface RoutePointLineVisitor {
        void visit(RoutePointLine line, String path);
    }

    private interface CoveredLineVisitor {
        void visit(RoutePointLine routePoint, String path, ManagerLine line);
    }

    /** Visits every route point line with its path {@code routePoints[r].lines[l]}, in configuration order. */
    private void forEachRoutePointLine(RoutePointLineVisitor visitor) {
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
    private void forEachCoveredManagerLine(CoveredLineVisitor visitor) {
        forEachRoutePointLine((routePoint, path) -> {
            for (ManagerLine line : landings.getOrDefault(routePoint, Set.of())) {
                visitor.visit(routePoint, path, line);
            }
        });
    }

    private boolean isManagerPartition(String partition) {
        return managerLines.stream().anyMatch(line -> line.number().partition().equals(partition));
    }

    /** Whether {@code partition} holds manager lines and nothing else. */
    private boolean isDedicated(String partition) {
        return occupants.getOrDefault(partition, List.of()).stream().allMatch(managerNumbers::contains);
    }

    private String managerPartitions() {
        Set<String> partitions = new LinkedHashSet<>();
        managerLines.forEach(line -> partitions.add(line.number().partition()));
        return String.join(", ", partitions);
    }

    /** {@code <who> dialing <digits> reaches <got>, not <wanted>}: the opening of every "cannot reach" message. */
    private static String missed(String who, String digits, Route got, String wanted) {
        return who + " dialing " + digits + " reaches " + reaches(got) + ", not " + wanted;
    }

    /** {@code 100X/PT_INTERNAL (route point RP_IPMA)}, or {@code nothing (not found)}. */
    private static String reaches(Route route) {
        return route.isFound() ? route.toString() : "nothing (not found)";
    }

    /** {@code 1002 (line of phone SEP-ASSISTANT)}, {@code 100X (route point RP_IPMA)}. */
    private static String label(Target occupant) {
        String pattern = occupant instanceof RoutePointLine line ? line.line().dn() : ((DirectoryNumber) occupant).dn();
        return pattern + " (" + occupant.describe() + ")";
    }

    private String linePath(LineAppearance appearance) {
        return "phones[" + config.phones().indexOf(appearance.phone()) + "].lines["
                + appearance.phone().lines().indexOf(appearance.line()) + "]";
    }

    /** The first few names, then how many more: a finding stays one readable line on a large cluster. */
    private static String named(List<String> names) {
        if (names.size() <= MAX_NAMED) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, MAX_NAMED)) + " and " + (names.size() - MAX_NAMED) + " more";
    }

    private void add(LintFinding.Code code, String path, String message, String fix) {
        findings.add(new LintFinding(code, path, message, fix));
    }
}
