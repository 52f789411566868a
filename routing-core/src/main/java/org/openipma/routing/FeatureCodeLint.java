package org.openipma.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@link Lint} rules about feature codes:
 * <ul>
 * <li>Every manager's and every assistant's phone has a line whose CSS lists the feature partition, when
 * codes for that role exist ({@link LintFinding.Code#FEATURE_CODES_UNREACHABLE}); reported once per user.</li>
 * <li>Every caller whose CSS lists the feature partition reaches each code when dialing it, and does not
 * lose a phone line to it: a DN with the same digits in another partition of that CSS ties with the code,
 * and the partition listed first hides the other ({@link LintFinding.Code#FEATURE_CODE_SHADOWED},
 * {@link LintFinding.Code#NUMBER_SHADOWED_BY_FEATURE_CODE}). Checked by dialing through the compiled plan,
 * once per distinct effective CSS, so closest match and CSS order count as for real calls.</li>
 * </ul>
 * A code followed by a manager line ({@code *82!}) is dialed with the first manager line configured after it.
 */
final class FeatureCodeLint {
    private final Cluster cluster;
    private final IpmaConfig config;
    private final IpmaConfig.FeatureCodeSettings features;
    private final Set<LintFinding> findings = new LinkedHashSet<>();

    private FeatureCodeLint(Cluster cluster) {
        this.cluster = cluster;
        this.config = cluster.config();
        this.features = config.featureCodes();
    }

    static List<LintFinding> check(Cluster cluster) {
        FeatureCodeLint lint = new FeatureCodeLint(cluster);
        if (lint.features != null && !cluster.featureCodes().isEmpty()) {
            lint.rolesReachTheirCodes();
            lint.codesAreNotShadowed();
        }
        return List.copyOf(lint.findings);
    }

    private void rolesReachTheirCodes() {
        Set<String> assistantsSeen = new LinkedHashSet<>();
        for (int m = 0; m < config.managers().size(); m++) {
            IpmaConfig.Manager manager = config.managers().get(m);
            checkReaches(manager.user(), FeatureCode.Role.MANAGER, "managers[" + m + "].user");
            for (int a = 0; a < manager.assistants().size(); a++) {
                String assistant = manager.assistants().get(a).user();
                if (assistantsSeen.add(assistant)) {
                    checkReaches(assistant, FeatureCode.Role.ASSISTANT, "managers[" + m + "].assistants[" + a + "].user");
                }
            }
        }
    }

    private void checkReaches(String user, FeatureCode.Role role, String path) {
        if (cluster.featureCodes().stream().noneMatch(code -> code.action().role() == role)) {
            return;
        }
        IpmaConfig.Phone phone = cluster.phone(user).orElseThrow();
        List<String> lines = new ArrayList<>();
        for (LineAppearance line : cluster.appearances(phone)) {
            if (line.effectiveCss().partitions().contains(features.partition())) {
                return;
            }
            lines.add(line + " (" + (line.effectiveCss().partitions().isEmpty() ? "no CSS"
                    : line.effectiveCss().name()) + ")");
        }
        String roleName = role == FeatureCode.Role.MANAGER ? "manager" : "assistant";
        findings.add(new LintFinding(LintFinding.Code.FEATURE_CODES_UNREACHABLE, path,
                roleName + " " + user + "'s phone " + phone.name() + " reaches no feature code: no CSS of its lines "
                        + String.join(", ", lines) + " lists " + features.partition(),
                phone.css() == null ? "give " + phone.name() + " a device CSS that lists " + features.partition()
                        : "list " + features.partition() + " in " + phone.css() + " (" + phone.name() + "'s device CSS)"));
    }

    private void codesAreNotShadowed() {
        Map<String, List<LineAppearance>> callersByCss = new LinkedHashMap<>();
        for (IpmaConfig.Phone phone : config.phones()) {
            for (LineAppearance line : cluster.appearances(phone)) {
                if (line.effectiveCss().partitions().contains(features.partition())) {
                    callersByCss.computeIfAbsent(line.effectiveCss().name(), css -> new ArrayList<>()).add(line);
                }
            }
        }
        for (FeatureCode code : cluster.featureCodes()) {
            String digits = sample(code);
            for (Map.Entry<String, List<LineAppearance>> callers : callersByCss.entrySet()) {
                CallingSearchSpace css = callers.getValue().get(0).effectiveCss();
                Route route = cluster.dialPlan().route(css, digits);
                if (route.target() != code) {
                    findings.add(new LintFinding(LintFinding.Code.FEATURE_CODE_SHADOWED,
                            "featureCodes." + code.action().key(),
                            "callers through " + callers.getKey() + " dialing " + digits + " reach " + route
                                    + ", not " + code + ": a closer or earlier pattern hides the code",
                            "set featureCodes." + code.action().key() + " to a code no number uses, or renumber "
                                    + route.pattern().text() + "/" + route.partition()));
                    continue;
                }
                for (LineAppearance number : cluster.appearances(digits)) {
                    if (css.partitions().contains(number.number().partition())) {
                        findings.add(new LintFinding(LintFinding.Code.NUMBER_SHADOWED_BY_FEATURE_CODE,
                                "featureCodes." + code.action().key(),
                                "callers through " + callers.getKey() + " dialing " + digits + " reach " + code
                                        + ", not the " + number.number().describe() + " " + number.number()
                                        + ": " + features.partition() + " is listed first",
                                "set featureCodes." + code.action().key() + " to a code no number uses, or renumber "
                                        + number.number()));
                    }
                }
            }
        }
    }

    /** The digits that dial {@code code}: the code, or its prefix and the first manager line. */
    private String sample(FeatureCode code) {
        if (!code.action().takesManagerLine()) {
            return code.pattern();
        }
        String prefix = code.pattern().substring(0, code.pattern().length() - 1);
        String line = config.managers().isEmpty() ? "1" : config.managers().get(0).lines().get(0);
        return prefix + (line.matches("[0-9]+") ? line : "1");
    }
}
