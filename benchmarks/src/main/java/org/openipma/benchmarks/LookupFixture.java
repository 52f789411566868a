package org.openipma.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.openipma.routing.CallingSearchSpace;
import org.openipma.routing.DialPlan;
import org.openipma.routing.Route;

/**
 * The lookup workload: a generated plan of {@value #DIRECTORY_NUMBERS} directory numbers and {@value #WILDCARDS}
 * route patterns over {@value #PARTITIONS} partitions ({@link DialPlanGenerator}, seed {@value #SEED}),
 * {@value #CSS_COUNT} calling search spaces of {@value #CSS_SIZE} distinct partitions each, and
 * {@value #LOOKUPS} pre-generated lookups (CSS number and dialed string) that a benchmark cycles through.
 *
 * <p>Each lookup picks a CSS uniformly, then is drawn as: 60 % an existing directory number of one of the
 * CSS's partitions; 30 % a string sampled from a route pattern of one of the CSS's partitions; 10 % a miss,
 * made the way callers miss (a number with its last digit dropped, an extra digit, a changed first digit,
 * or random digits) and kept only if nothing the CSS reaches matches it. What actually wins is counted in
 * {@link #mix()}: a sampled string can equal a directory number, which then wins.
 *
 * <p>{@link #verify} checks the trie against {@link RegexScanRouter} on every {@value #VERIFY_EVERY}th lookup
 * and throws on the first disagreement, so the two sides of the comparison provably compute the same thing.
 */
final class LookupFixture {
    static final long SEED = 0x1B4A_2024L;
    static final int PARTITIONS = 50;
    static final int DIRECTORY_NUMBERS = 100_000;
    static final int WILDCARDS = 10_000;
    static final int CSS_COUNT = 16;
    static final int CSS_SIZE = 8;
    /** A power of two, so a benchmark cycles with a mask. */
    static final int LOOKUPS = 1 << 14;
    static final int VERIFY_EVERY = 8;

    final DialPlan plan;
    final CallingSearchSpace[] csses;
    final int[][] cssPartitions;
    final List<List<Route>> routesByPartition;
    final int[] lookupCss = new int[LOOKUPS];
    final String[] lookupDigits = new String[LOOKUPS];

    LookupFixture() {
        DialPlanGenerator.Declarations declarations =
                DialPlanGenerator.generate(SEED, PARTITIONS, DIRECTORY_NUMBERS, WILDCARDS);
        String[] names = DialPlanGenerator.partitionNames(PARTITIONS);
        routesByPartition = new ArrayList<>();
        List<List<String>> numbersByPartition = new ArrayList<>();
        List<List<String>> wildcardsByPartition = new ArrayList<>();
        DialPlan.Builder builder = DialPlan.builder();
        for (String name : names) {
            builder.partition(name);
            routesByPartition.add(new ArrayList<>());
            numbersByPartition.add(new ArrayList<>());
            wildcardsByPartition.add(new ArrayList<>());
        }
        for (int i = 0; i < declarations.size(); i++) {
            int p = declarations.partition(i);
            String text = declarations.text(i);
            routesByPartition.get(p).add(builder.add(names[p], text, declarations.target(i)));
            if (declarations.isWildcard(i)) {
                wildcardsByPartition.get(p).add(text);
            } else {
                numbersByPartition.get(p).add(text.replace("\\+", "+"));
            }
        }
        plan = builder.build();

        SplittableRandom random = new SplittableRandom(SEED + 1);
        csses = new CallingSearchSpace[CSS_COUNT];
        cssPartitions = new int[CSS_COUNT][];
        for (int c = 0; c < CSS_COUNT; c++) {
            int[] chosen = random.ints(0, PARTITIONS).distinct().limit(CSS_SIZE).toArray();
            List<String> partitions = new ArrayList<>();
            for (int p : chosen) {
                partitions.add(names[p]);
            }
            cssPartitions[c] = chosen;
            csses[c] = plan.callingSearchSpace(String.format("CSS_%02d", c), partitions);
        }

        for (int i = 0; i < LOOKUPS; i++) {
            int css = random.nextInt(CSS_COUNT);
            int kind = random.nextInt(10);
            String digits;
            if (kind < 6) {
                digits = pick(random, numbersByPartition, cssPartitions[css]);
            } else if (kind < 9) {
                digits = DialPlanGenerator.sample(pick(random, wildcardsByPartition, cssPartitions[css]), random);
            } else {
                digits = miss(random, css, numbersByPartition, wildcardsByPartition);
            }
            lookupCss[i] = css;
            lookupDigits[i] = digits;
        }
    }

    private static String pick(SplittableRandom random, List<List<String>> byPartition, int[] partitions) {
        while (true) {
            List<String> candidates = byPartition.get(partitions[random.nextInt(partitions.length)]);
            if (!candidates.isEmpty()) {
                return candidates.get(random.nextInt(candidates.size()));
            }
        }
    }

    private String miss(SplittableRandom random, int css, List<List<String>> numbers, List<List<String>> wildcards) {
        while (true) {
            String near = random.nextBoolean()
                    ? pick(random, numbers, cssPartitions[css])
                    : DialPlanGenerator.sample(pick(random, wildcards, cssPartitions[css]), random);
            String candidate;
            switch (random.nextInt(4)) {
                case 0:
                    candidate = near.substring(0, near.length() - 1);
                    break;
                case 1:
                    candidate = near + random.nextInt(10);
                    break;
                case 2:
                    candidate = random.nextInt(10) + near.substring(1);
                    break;
                default:
                    candidate = random.ints(3 + random.nextInt(12), 0, 10)
                            .collect(StringBuilder::new, StringBuilder::append, StringBuilder::append).toString();
            }
            if (!candidate.isEmpty() && candidate.length() <= DialPlanGenerator.MAX_DIALED
                    && !plan.route(csses[css], candidate).isFound()) {
                return candidate;
            }
        }
    }

    /** The plan's own lookup: the trie. */
    Router trie() {
        return new TrieRouter(plan, csses);
    }

    /** The baseline; compiling its {@value #DIRECTORY_NUMBERS} + {@value #WILDCARDS} regexes takes a moment. */
    RegexScanRouter regexScan() {
        return new RegexScanRouter(routesByPartition, cssPartitions);
    }

    /** Throws naming the first sampled lookup on which {@code trie} and {@code baseline} disagree. */
    void verify(Router trie, Router baseline) {
        for (int i = 0; i < LOOKUPS; i += VERIFY_EVERY) {
            Route expected = baseline.route(lookupCss[i], lookupDigits[i]);
            Route actual = trie.route(lookupCss[i], lookupDigits[i]);
            if (actual != expected) {
                throw new IllegalStateException("lookup " + i + ": '" + lookupDigits[i] + "' through "
                        + csses[lookupCss[i]] + ": trie gives " + actual + ", regex scan gives " + expected);
            }
        }
    }

    /** What the lookups resolve to, by winner, e.g. {@code 9830 exact DN, 4870 wildcard, 1684 not found}. */
    String mix() {
        int exact = 0;
        int wildcard = 0;
        int notFound = 0;
        int totalLength = 0;
        for (int i = 0; i < LOOKUPS; i++) {
            Route route = plan.route(csses[lookupCss[i]], lookupDigits[i]);
            totalLength += lookupDigits[i].length();
            if (!route.isFound()) {
                notFound++;
            } else if (route.pattern().isLiteral()) {
                exact++;
            } else {
                wildcard++;
            }
        }
        return String.format("%d lookups: %d exact DN (%.1f %%), %d wildcard (%.1f %%), %d not found (%.1f %%);"
                + " mean length %.1f digits; %d patterns in %d partitions, CSSes of %d",
                LOOKUPS, exact, 100.0 * exact / LOOKUPS, wildcard, 100.0 * wildcard / LOOKUPS,
                notFound, 100.0 * notFound / LOOKUPS, (double) totalLength / LOOKUPS, plan.patternCount(),
                PARTITIONS, CSS_SIZE);
    }

    private static final class TrieRouter implements Router {
        private final DialPlan plan;
        private final CallingSearchSpace[] csses;

        TrieRouter(DialPlan plan, CallingSearchSpace[] csses) {
            this.plan = plan;
            this.csses = csses;
        }

        @Override
        public Route route(int css, String digits) {
            return plan.route(csses[css], digits);
        }
    }
}
