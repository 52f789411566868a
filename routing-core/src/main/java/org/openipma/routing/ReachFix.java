package org.openipma.routing;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The fix the {@link Lint} rules suggest when a privileged CSS (proxy line, route point, CFNA, MWI) fails to
 * reach the line it must reach. Kept in one place because every such rule must obey the same safety
 * limit: never suggest listing a manager partition in a CSS that ordinary lines use, since that would
 * open the very bypass the checklist exists to prevent.
 */
final class ReachFix {
    private ReachFix() {
    }

    /**
     * What to change so that {@code cssName} ({@code null}: a line without a line CSS), used the way
     * {@code asUsed} makes it effective, dialing {@code digits} reaches {@code target} instead of {@code got}.
     * Never suggests listing a manager partition in a CSS that ordinary lines use: that would open a bypass.
     */
    static String suggest(LintIndex index, String cssName, Route got, DirectoryNumber target, String digits,
                          UnaryOperator<CallingSearchSpace> asUsed) {
        Optional<String> alternative = alternativeReaching(index, cssName, target, digits, asUsed);
        if (cssName == null) {
            return alternative.map(css -> "set its line CSS to " + css + ", which reaches " + target)
                    .orElse("set a line CSS that lists " + target.partition());
        }
        if (index.isManagerPartition(target.partition()) && index.usedByOrdinaryLines(cssName)) {
            String why = "ordinary lines use " + cssName + ", so it must not list " + target.partition();
            return alternative.map(css -> "use " + css + " instead, which reaches " + target + " (" + why + ")")
                    .orElse("use a CSS that lists " + target.partition() + " instead (" + why + ")");
        }
        String change = got.isFound()
                && index.cluster().css(cssName).orElseThrow().partitions().contains(target.partition())
                ? "list " + target.partition() + " before " + got.partition() + " in " + cssName
                : "list " + target.partition() + " in " + cssName;
        return change + alternative.map(css -> ", or use " + css + ", which reaches " + target).orElse("");
    }

    /** {@link #suggest} for a CSS used as it is (not combined with a device CSS). */
    static String suggest(LintIndex index, String cssName, Route got, DirectoryNumber target, String digits) {
        return suggest(index, cssName, got, target, digits, UnaryOperator.identity());
    }

    /** A declared CSS other than {@code cssName} that reaches {@code target}, privileged ones first. */
    private static Optional<String> alternativeReaching(LintIndex index, String cssName, DirectoryNumber target,
                                                        String digits, UnaryOperator<CallingSearchSpace> asUsed) {
        boolean manager = index.isManagerPartition(target.partition());
        return index.candidateCsses().stream()
                .filter(css -> !css.equals(cssName) && !(manager && index.usedByOrdinaryLines(css)))
                .filter(css -> index.plan().route(asUsed.apply(index.cluster().css(css).orElseThrow()), digits)
                        .target() == target)
                .findFirst();
    }
}
