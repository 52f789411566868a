package org.openipma.benchmarks;

import org.openipma.routing.Route;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Throughput of digit analysis on one thread: {@link org.openipma.routing.DialPlan#route} ({@code impl=trie})
 * against the obvious rival, a scan of every pattern of the CSS's partitions as a precompiled regex keeping
 * the most specific match ({@code impl=regexScan}, {@link RegexScanRouter}), on the same plan, CSSes and
 * dialed strings, in the same run.
 *
 * <p>Workload ({@link LookupFixture}): 100,000 directory numbers and 10,000 route patterns over 50
 * partitions; 16 CSSes of 8 partitions; 16,384 pre-generated lookups cycled in order, drawn 60 % exact
 * directory numbers, 30 % strings of route patterns, 10 % misses. One operation = one lookup. The set-up
 * builds the plan and the regexes, checks that both implementations agree on every 8th lookup (it throws if
 * not) and prints the mix of winners.
 *
 * <p>Targets: trie ≥ 5,000,000 ops/s and ≥ 50 × regexScan; the trie allocates nothing (~0 B/op with
 * {@code -prof gc}). Run, from the repository root:
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar RouteLookupBenchmark
 * java -jar benchmarks/target/benchmarks.jar RouteLookupBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
public class RouteLookupBenchmark extends AbstractMicrobenchmark {

    @Param({"trie", "regexScan"})
    public String impl;

    private int[] lookupCss;
    private String[] lookupDigits;
    private Router router;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        LookupFixture fixture = new LookupFixture();
        Router trie = fixture.trie();
        RegexScanRouter regexScan = fixture.regexScan();
        fixture.verify(trie, regexScan);
        System.out.println();
        System.out.println("workload: " + fixture.mix() + "; trie and regexScan agree on "
                + LookupFixture.LOOKUPS / LookupFixture.VERIFY_EVERY + " sampled lookups");
        switch (impl) {
            case "trie":
                router = trie;
                break;
            case "regexScan":
                router = regexScan;
                break;
            default:
                throw new IllegalArgumentException("impl: '" + impl + "' (expected: trie, regexScan)");
        }
        lookupCss = fixture.lookupCss;
        lookupDigits = fixture.lookupDigits;
    }

    @Benchmark
    public Route route() {
        int i = next++ & (LookupFixture.LOOKUPS - 1);
        return router.route(lookupCss[i], lookupDigits[i]);
    }
}
