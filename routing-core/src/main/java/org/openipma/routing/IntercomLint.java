package org.openipma.routing;

import static org.openipma.routing.LintText.named;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@link Lint} rule about intercom lines: no CSS other than an intercom line's own line CSS reaches an
 * intercom line ({@link LintFinding.Code#INTERCOM_REACHABLE}). Intercom lines auto-answer on the speaker,
 * so any line that can dial one can talk straight into the manager's office. Reported once per CSS; the
 * fix depends on whether the intercom's partition holds only intercom lines (drop it from the CSS) or
 * mixes them with other numbers (move the intercom lines out).
 */
final class IntercomLint {
    private IntercomLint() {
    }

    static List<LintFinding> intercomsAreReachedOnlyFromIntercoms(LintIndex index) {
        Cluster cluster = index.cluster();
        Set<String> intercomCss = new LinkedHashSet<>();
        List<DirectoryNumber> intercoms = new ArrayList<>();
        for (IpmaConfig.Phone phone : index.config().phones()) {
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
        List<LintFinding> findings = new ArrayList<>();
        for (String cssName : index.config().callingSearchSpaces().keySet()) {
            if (intercomCss.contains(cssName)) {
                continue;
            }
            CallingSearchSpace css = cluster.css(cssName).orElseThrow();
            List<DirectoryNumber> reached = intercoms.stream()
                    .filter(intercom -> index.plan().route(css, intercom.dn()).target() == intercom).toList();
            if (reached.isEmpty()) {
                continue;
            }
            Set<String> partitions = new LinkedHashSet<>();
            List<String> mixed = new ArrayList<>();
            for (DirectoryNumber intercom : reached) {
                partitions.add(intercom.partition());
                boolean onlyIntercoms = index.occupants(intercom.partition()).stream()
                        .allMatch(occupant -> occupant instanceof DirectoryNumber number && number.isIntercom());
                if (!onlyIntercoms) {
                    mixed.add(intercom.dn());
                }
            }
            findings.add(new LintFinding(LintFinding.Code.INTERCOM_REACHABLE, "callingSearchSpaces." + cssName,
                    cssName + " reaches intercom line" + (reached.size() > 1 ? "s " : " ")
                            + named(reached.stream().map(DirectoryNumber::toString).toList())
                            + ": any line using it can call straight onto an auto-answer speakerphone",
                    mixed.isEmpty()
                            ? "remove " + String.join(", ", partitions) + " from " + cssName + "; only " + allowed
                                    + " should list it"
                            : "move " + String.join(", ", mixed) + " to a partition of intercom lines only, listed"
                                    + " only by " + allowed));
        }
        return findings;
    }
}
