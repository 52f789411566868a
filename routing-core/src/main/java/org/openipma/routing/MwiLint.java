package org.openipma.routing;

import static org.openipma.routing.LintText.missed;
import static org.openipma.routing.LintText.named;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@link Lint} rules about message waiting: when a {@code voicemail} section exists and there are
 * managers, an MWI CSS is set ({@link LintFinding.Code#MWI_CSS_MISSING}) and reaches every manager line
 * ({@link LintFinding.Code#MWI_CSS_CANNOT_REACH_MANAGER}). Manager lines sit in a partition ordinary CSSes
 * must not list, so without its own CSS the voicemail system cannot light their message lamps. A
 * configuration without voicemail is not asked for one: there is no system to light lamps.
 */
final class MwiLint {
    private MwiLint() {
    }

    static List<LintFinding> mwiReachesManagers(LintIndex index) {
        IpmaConfig.Voicemail voicemail = index.config().voicemail();
        List<LintIndex.ManagerLine> managerLines = index.managerLines();
        if (voicemail == null || managerLines.isEmpty()) {
            return List.of();
        }
        if (voicemail.mwiCss() == null) {
            String fix = index.candidateCsses().stream()
                    .filter(css -> !index.usedByOrdinaryLines(css) && managerLines.stream().allMatch(line ->
                            index.plan().route(index.cluster().css(css).orElseThrow(), line.dn()).target()
                                    == line.number()))
                    .findFirst()
                    .map(css -> "set voicemail.mwiCss to " + css + ", which reaches every manager line")
                    .orElse("set voicemail.mwiCss to a CSS that lists " + index.managerPartitions());
            return List.of(new LintFinding(LintFinding.Code.MWI_CSS_MISSING, "voicemail.mwiCss",
                    "voicemail " + voicemail.pilot() + " has no MWI CSS: it cannot light the message lamp of manager"
                            + " line" + (managerLines.size() > 1 ? "s " : " ")
                            + named(managerLines.stream().map(line -> line.number().toString()).toList()),
                    fix));
        }
        List<LintFinding> findings = new ArrayList<>();
        CallingSearchSpace mwi = index.cluster().css(voicemail.mwiCss()).orElseThrow();
        for (LintIndex.ManagerLine line : managerLines) {
            Route route = index.plan().route(mwi, line.dn());
            if (route.target() != line.number()) {
                findings.add(new LintFinding(LintFinding.Code.MWI_CSS_CANNOT_REACH_MANAGER, "voicemail.mwiCss",
                        missed("MWI CSS " + mwi.name(), line.dn(), route, "the manager's line " + line.number())
                                + ": the voicemail system cannot light its message lamp",
                        ReachFix.suggest(index, mwi.name(), route, line.number(), line.dn())));
            }
        }
        return findings;
    }
}
