package org.openipma.routing;

import java.math.BigInteger;
import java.util.Comparator;
import java.util.List;

/**
 * The answer of the Dialed Number Analyzer: what a calling search space reaches by dialing some digits,
 * and why. Every pattern of the plan that matches the digits is a {@link Candidate}, winner first, then in
 * CSS order, then the patterns the CSS cannot see.
 */
public record Explanation(CallingSearchSpace css, String digits, Route winner, List<Candidate> candidates) {

    public Explanation {
        candidates = List.copyOf(candidates);
    }

    public boolean isRouted() {
        return winner.isFound();
    }

    /** Why a matching pattern did or did not win. */
    public enum Verdict {
        WINNER("closest match"),
        LESS_SPECIFIC("less specific than the winner"),
        LATER_PARTITION("as specific as the winner, but its partition comes later in the CSS"),
        DECLARED_LATER("as specific as the winner in the same partition, but declared later"),
        PARTITION_NOT_IN_CSS("partition not in the CSS");

        private final String reason;

        Verdict(String reason) {
            this.reason = reason;
        }

        /** The reason in words, e.g. {@code less specific than the winner}. */
        public String reason() {
            return reason;
        }
    }

    /**
     * A matching pattern.
     *
     * @param specificity number of distinct strings of the dialed length the pattern matches
     * @param cssPosition position of its partition in the CSS, or -1 when the CSS does not reach it
     */
    public record Candidate(Route route, BigInteger specificity, int cssPosition, Verdict verdict) {
        static final Comparator<Candidate> ORDER = Comparator
                .comparing((Candidate c) -> c.verdict != Verdict.WINNER)
                .thenComparing(c -> c.cssPosition < 0)
                .thenComparingInt(Candidate::cssPosition)
                .thenComparing(Candidate::specificity)
                .thenComparingInt(c -> c.route.ordinal);

        static Candidate of(Route route, CallingSearchSpace css, Route winner, int length) {
            int position = css.indexOf(route.partition());
            BigInteger specificity = route.pattern().exactCountAt(length);
            Verdict verdict;
            if (position < 0) {
                verdict = Verdict.PARTITION_NOT_IN_CSS;
            } else if (route == winner) {
                verdict = Verdict.WINNER;
            } else if (specificity.compareTo(winner.pattern().exactCountAt(length)) > 0) {
                verdict = Verdict.LESS_SPECIFIC;
            } else if (route.partition().equals(winner.partition())) {
                verdict = Verdict.DECLARED_LATER;
            } else {
                verdict = Verdict.LATER_PARTITION;
            }
            return new Candidate(route, specificity, position, verdict);
        }
    }
}
