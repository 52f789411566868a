package org.openipma.routing;

import static org.openipma.routing.LintText.label;
import static org.openipma.routing.LintText.named;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@link Lint} rules about manager partitions, first on the seed's checklist because interception rests
 * on them: a manager line sits in a partition holding only manager lines
 * ({@link LintFinding.Code#MANAGER_PARTITION_SHARED}), and only the privileged CSSes (route point, proxy
 * line, CFNA, MWI) list such a partition ({@link LintFinding.Code#CSS_BYPASSES_INTERCEPTION}). Either
 * mistake lets ordinary lines call the manager directly. Each is reported once, on its cause: the shared
 * partition on the manager line, the listing on the CSS.
 */
final class ManagerPartitionLint {
    private ManagerPartitionLint() {
    }

    /** One {@link LintFinding.Code#MANAGER_PARTITION_SHARED} per manager line whose partition holds others. */
    static List<LintFinding> partitionsAreDedicated(LintIndex index) {
        List<LintFinding> findings = new ArrayList<>();
        for (LintIndex.ManagerLine line : index.managerLines()) {
            List<String> others = new ArrayList<>();
            for (Target occupant : index.occupants(line.number().partition())) {
                if (!index.isManagerNumber(occupant)) {
                    others.add(label(occupant));
                }
            }
            if (!others.isEmpty()) {
                LineAppearance appearance = index.cluster().appearance(line.manager().user(), line.dn()).orElseThrow();
                findings.add(new LintFinding(LintFinding.Code.MANAGER_PARTITION_SHARED,
                        index.linePath(appearance) + ".partition",
                        "manager line " + line.number() + " shares its partition with " + named(others)
                                + ": every CSS that reaches them reaches the manager directly",
                        "put " + line.dn() + " in a partition of its own that only the route point, proxy line,"
                                + " CFNA and MWI CSSes list"));
            }
        }
        return findings;
    }

    /**
     * One {@link LintFinding.Code#CSS_BYPASSES_INTERCEPTION} per unprivileged CSS listing a dedicated manager
     * partition. A shared manager partition is left to {@link #partitionsAreDedicated}: one finding per cause.
     */
    static List<LintFinding> onlyPrivilegedCssesReachManagers(LintIndex index) {
        List<LintFinding> findings = new ArrayList<>();
        for (Map.Entry<String, List<String>> css : index.config().callingSearchSpaces().entrySet()) {
            if (index.privileged().contains(css.getKey())) {
                continue;
            }
            List<String> reached = new ArrayList<>();
            List<String> lines = new ArrayList<>();
            for (String partition : css.getValue()) {
                if (index.isManagerPartition(partition) && index.isDedicated(partition)) {
                    reached.add(partition);
                    index.occupants(partition).forEach(number -> lines.add(number.toString()));
                }
            }
            if (!reached.isEmpty()) {
                findings.add(new LintFinding(LintFinding.Code.CSS_BYPASSES_INTERCEPTION,
                        "callingSearchSpaces." + css.getKey(),
                        css.getKey() + " lists " + String.join(", ", reached)
                                + (reached.size() > 1 ? ", which hold" : ", which holds") + " manager line"
                                + (lines.size() > 1 ? "s " : " ") + named(lines)
                                + ": every line using it calls the manager directly and bypasses interception",
                        "remove " + String.join(", ", reached) + " from " + css.getKey() + "; only the route point,"
                                + " proxy line, CFNA and MWI CSSes" + privilegedList(index) + " may list it"));
            }
        }
        return findings;
    }

    private static String privilegedList(LintIndex index) {
        return index.privileged().isEmpty() ? "" : " (" + String.join(", ", index.privileged()) + ")";
    }
}
