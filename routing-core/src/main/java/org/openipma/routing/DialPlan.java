package org.openipma.routing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Digit analysis: partitions of patterns, searched through calling search spaces by closest match.
 *
 * <h2>The rule</h2>
 * A caller dials a string of digits. Every partition of the caller's calling search space (CSS) is
 * searched; of all patterns that match the <em>whole</em> dialed string, the one that matches the
 * <em>fewest possible strings</em> wins. Specificity is therefore a count, not a position: {@code 1001}
 * (1 string) beats {@code 100X} (10), which beats {@code 10XX} (100), wherever they sit in the CSS. Only
 * when two patterns match equally many strings does partition order decide: the partition listed first
 * in the CSS wins. This is what CUCM documents as "closest match", and why an exact {@code 1001} in
 * PT_MANAGER and an exact {@code 1001} in PT_INTERNAL are resolved by CSS order alone.
 *
 * <h2>Edge cases</h2>
 * <ul>
 * <li><b>Variable length.</b> {@code !}, {@code ?} and {@code +} match many lengths; their count is taken
 * at the length actually dialed. {@code 9!} dialed as {@code 91234} matches 10,000 strings of five digits,
 * so {@code 9XXXX} (also 10,000) ties with it and CSS order decides. Counts are of <em>distinct</em>
 * strings: {@code 1?1} matches one string of each length even though it parses several ways.</li>
 * <li><b>Sets.</b> {@code [0-5]} counts 6 and beats {@code X} (10); {@code [^5]} counts 9.</li>
 * <li><b>Unreachable partitions.</b> A pattern in a partition the CSS does not list is invisible: if
 * nothing visible matches, the answer is {@link Route#NOT_FOUND} even though a pattern elsewhere matches
 * (the caller hears "not found"); {@link #explain} reports such patterns as "partition not in the CSS".</li>
 * <li><b>Ties inside one partition</b> (e.g. {@code 1[01]XX} and {@code 1X[01]X}, both 20 strings at four
 * digits) are broken by declaration order; {@link Lint} can flag such overlaps. The same pattern text twice
 * in one partition is refused when the plan is built.</li>
 * <li><b>Effective CSS.</b> A line's effective CSS is its line CSS followed by its device CSS; a partition
 * listed in both keeps its first (line) position. See {@link #effective}.</li>
 * <li><b>One string, several spellings.</b> {@code 1001}, {@code 100[1]} and {@code 1.001} all match the
 * one string {@code 1001}: the same pattern to the plan (a second one in a partition is refused as
 * declared already). A repeating pattern can also count 1 at the dialed length ({@code 10?01} dialed as
 * {@code 1001}); it then ties with the literal {@code 1001}, and CSS order, then declaration order,
 * decides.</li>
 * <li><b>Digits.</b> {@code *} and {@code #} are ordinary digits that only literal pattern elements match
 * ({@code X} and {@code !} stand for 0-9 only); {@code +} in a dialed string matches only {@code \+}.
 * A dialed string with any other character matches nothing.</li>
 * </ul>
 *
 * <h2>Cost</h2>
 * A lookup does not walk the partitions one by one. Patterns that match a single string (plain directory
 * numbers, most of a large plan) are in one {@link LiteralIndex} for all partitions: one hash probe finds
 * the dialed string in every partition at once, and the CSS position of each hit's partition picks the
 * first. All other patterns, of all partitions, share one {@link PatternTrie}, walked once: it skips every
 * subtree whose patterns cannot have the dialed length, lie only in partitions the CSS does not reach, or
 * cannot count fewer strings than the best match found so far. A literal hit counts 1, the least there is,
 * so after one the trie is entered only if it holds a pattern such as {@code 1?1} that can count 1 too. A
 * lookup therefore costs one probe and the few trie nodes that can still match, whatever the number of
 * patterns or of partitions in the CSS. {@link #route} allocates nothing; it returns the {@link Route}
 * created when the plan was built. {@link #explain} allocates freely.
 *
 * <p>A plan is immutable and safe to share between threads. Build one with {@link #builder()}.
 */
public final class DialPlan {
    private final String[] partitionNames;
    private final Map<String, Integer> partitionIndex;
    private final LiteralIndex literals;
    private final PatternTrie patterns;
    private final int patternCount;

    private DialPlan(Builder builder) {
        this.partitionNames = builder.partitionNames.toArray(new String[0]);
        this.partitionIndex = Map.copyOf(builder.partitionIndex);
        this.literals = builder.literals;
        this.patterns = builder.patterns.build();
        this.patternCount = builder.ordinal;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The declared partitions, in declaration order. */
    public List<String> partitions() {
        return List.of(partitionNames);
    }

    /** Number of patterns in the plan, all partitions together. */
    public int patternCount() {
        return patternCount;
    }

    /**
     * A calling search space over this plan's partitions, in the order given.
     *
     * @throws IllegalArgumentException naming the first partition that is not declared
     */
    public CallingSearchSpace callingSearchSpace(String name, List<String> partitions) {
        int[] indexes = new int[partitions.size()];
        for (int i = 0; i < indexes.length; i++) {
            Integer index = partitionIndex.get(partitions.get(i));
            if (index == null) {
                throw new IllegalArgumentException("calling search space " + name + ": partition '" + partitions.get(i)
                        + "' is not declared (declared: " + String.join(", ", partitionNames) + ")");
            }
            indexes[i] = index;
        }
        return new CallingSearchSpace(name, partitions, indexes, partitionNames.length, this);
    }

    /**
     * The effective CSS of a line: the line CSS's partitions, then the device CSS's, each partition kept at
     * its first position. Either may be null (absent). The result is named {@code line+device}, or after
     * the one present.
     */
    public CallingSearchSpace effective(CallingSearchSpace lineCss, CallingSearchSpace deviceCss) {
        Set<String> ordered = new LinkedHashSet<>();
        List<String> names = new ArrayList<>(2);
        for (CallingSearchSpace css : new CallingSearchSpace[] {lineCss, deviceCss}) {
            if (css != null) {
                checkOwned(css);
                ordered.addAll(css.partitions());
                names.add(css.name());
            }
        }
        return callingSearchSpace(names.isEmpty() ? "<none>" : String.join("+", names), new ArrayList<>(ordered));
    }

    /**
     * The closest match for {@code digits} among the partitions of {@code css}, or {@link Route#NOT_FOUND}.
     * Allocation-free; costs one hash probe and a walk of the trie nodes that can still match (see the
     * class comment), not a search per partition.
     */
    public Route route(CallingSearchSpace css, CharSequence digits) {
        checkOwned(css);
        int length = digits.length();
        if (length == 0 || length > Digits.MAX_LENGTH) {
            return Route.NOT_FOUND;
        }
        long key = LiteralIndex.keyOf(digits);
        if (key == LiteralIndex.NO_KEY) {
            return Route.NOT_FOUND;
        }
        // A literal hit counts 1, the least possible; the trie is searched only for what could still beat it.
        Route best = patterns.closest(digits, css, literals.first(key, digits, css.positions));
        return best == null ? Route.NOT_FOUND : best;
    }

    /**
     * Why {@code digits} dialed through {@code css} routes where it does: the winner and every pattern in
     * the plan that matches, each with its specificity and the reason it lost. Allocates.
     */
    public Explanation explain(CallingSearchSpace css, String digits) {
        checkOwned(css);
        Route winner = route(css, digits);
        // A set: a pattern with repeats can reach its end by several parses of the same digits.
        Collection<Route> matches = new LinkedHashSet<>();
        boolean dialable = !digits.isEmpty() && digits.length() <= Digits.MAX_LENGTH;
        long key = dialable ? LiteralIndex.keyOf(digits) : LiteralIndex.NO_KEY;
        if (key != LiteralIndex.NO_KEY) {
            literals.collect(key, digits, matches);
            patterns.collect(digits, matches);
        }
        List<Explanation.Candidate> candidates = new ArrayList<>();
        for (Route match : matches) {
            candidates.add(Explanation.Candidate.of(match, css, winner, digits.length()));
        }
        candidates.sort(Explanation.Candidate.ORDER);
        return new Explanation(css, digits, winner, candidates);
    }

    private void checkOwned(CallingSearchSpace css) {
        if (css.plan != this) {
            throw new IllegalArgumentException("calling search space " + css.name() + " belongs to another dial plan");
        }
    }

    /** Collects partitions and patterns; {@link #build()} freezes them into a {@link DialPlan}. Not thread-safe. */
    public static final class Builder {
        private final List<String> partitionNames = new ArrayList<>();
        private final Map<String, Integer> partitionIndex = new HashMap<>();
        private final LiteralIndex literals = new LiteralIndex();
        private final PatternTrieBuilder patterns = new PatternTrieBuilder();
        private int ordinal;
        private boolean built;

        private Builder() {
        }

        /** Declares a partition; declaring one twice is an error. */
        public Builder partition(String name) {
            checkNotBuilt();
            if (partitionIndex.putIfAbsent(name, partitionNames.size()) != null) {
                throw new IllegalArgumentException("partition '" + name + "' is declared twice");
            }
            partitionNames.add(name);
            return this;
        }

        /**
         * Adds a parsed pattern to a declared partition and returns its {@link Route}.
         *
         * @throws IllegalArgumentException when the partition is not declared or already holds this pattern
         */
        public Route add(String partition, Pattern pattern, Target target) {
            checkNotBuilt();
            Integer index = partitionIndex.get(partition);
            if (index == null) {
                throw new IllegalArgumentException("pattern '" + pattern.text() + "': partition '" + partition
                        + "' is not declared (declared: " + String.join(", ", partitionNames) + ")");
            }
            Route route = new Route(pattern, partition, index, target, ordinal);
            Route existing = LiteralIndex.holds(pattern) ? literals.add(route) : patterns.insert(route);
            if (existing != null) {
                throw new IllegalArgumentException("pattern '" + pattern.text() + "' in partition " + partition
                        + " is already declared (owned by " + existing.target().describe() + ")");
            }
            ordinal++;
            return route;
        }

        /** Parses {@code patternText} and adds it; a syntax error names the partition. */
        public Route add(String partition, String patternText, Target target) {
            Pattern pattern;
            try {
                pattern = Pattern.parse(patternText);
            } catch (InvalidPatternException e) {
                throw e.inPartition(partition);
            }
            return add(partition, pattern, target);
        }

        public DialPlan build() {
            checkNotBuilt();
            built = true;
            return new DialPlan(this);
        }

        private void checkNotBuilt() {
            if (built) {
                throw new IllegalStateException("this builder has already built its plan");
            }
        }
    }
}
