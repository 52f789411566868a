package org.openipma.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.TimeUnit;
import org.openipma.routing.DialPlan;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to build a dial plan of {@value #PATTERNS} patterns from their text, and the heap it retains, in a
 * VM limited to 200 MB of heap.
 *
 * <p>Workload ({@link DialPlanGenerator}, seed {@value #SEED}): {@value #DIRECTORY_NUMBERS} directory numbers
 * in numbering blocks and {@value #WILDCARDS} route patterns over {@value #PARTITIONS} partitions. One
 * operation = declare the 50 partitions, then for each pattern create its text {@link String} (as a
 * configuration parser would) and {@link DialPlan.Builder#add(String, String, org.openipma.routing.Target)
 * add} it (parse and insert), then {@link DialPlan.Builder#build() build}. Single shot: each iteration
 * builds a new plan, after the previous one has been released and collected.
 *
 * <p>Heap, printed at the end of each iteration's line as {@code [heap: plan of 1,000,000 patterns retains
 * R MB; used U MB of max M MB]}: measured with the plan still reachable, after forced collections
 * ({@link MemoryMXBean} used heap). R is the heap the plan alone retains (used heap minus the used heap
 * before the build, when only the compact inputs, 22 MB, and JMH were live); U is all used heap (plan,
 * inputs, JMH). JMH has no averaged secondary result for single-shot runs (an {@code @AuxCounters} value
 * is summed over iterations), hence the printout.
 *
 * <p>Targets: &lt; 2 s per build, within 200 MB of heap. Run, from the repository root:
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar PlanBuildBenchmark
 * </pre>
 * The fork runs with {@code -Xmx200m}; a plan that does not fit fails the run with an
 * {@link OutOfMemoryError} rather than reporting a time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = AbstractMicrobenchmark.DEFAULT_FORKS, jvmArgsAppend = "-Xmx200m")
@Warmup(iterations = 3)
@Measurement(iterations = 10)
public class PlanBuildBenchmark extends AbstractMicrobenchmark {
    static final long SEED = 0x1B4A_2025L;
    static final int PARTITIONS = 50;
    static final int DIRECTORY_NUMBERS = 990_000;
    static final int WILDCARDS = 10_000;
    static final int PATTERNS = DIRECTORY_NUMBERS + WILDCARDS;
    private static final double MB = 1024.0 * 1024.0;

    private DialPlanGenerator.Declarations declarations;
    private String[] partitionNames;

    @Setup(Level.Trial)
    public void generate() {
        declarations = DialPlanGenerator.generate(SEED, PARTITIONS, DIRECTORY_NUMBERS, WILDCARDS);
        partitionNames = DialPlanGenerator.partitionNames(PARTITIONS);
        System.out.printf("%ninputs: %,d declarations in %.1f MB%n", declarations.size(),
                declarations.footprintBytes() / MB);
    }

    @Benchmark
    public DialPlan build(Heap heap) {
        DialPlan.Builder builder = DialPlan.builder();
        for (String name : partitionNames) {
            builder.partition(name);
        }
        DialPlanGenerator.Declarations in = declarations;
        for (int i = 0, n = in.size(); i < n; i++) {
            builder.add(partitionNames[in.partition(i)], in.text(i), in.target(i));
        }
        heap.plan = builder.build();
        return heap.plan;
    }

    /** Holds the plan just built until it has been measured; measures around each iteration. */
    @State(Scope.Thread)
    public static class Heap {
        DialPlan plan;
        private long usedBeforeBuild;

        @Setup(Level.Iteration)
        public void releasePreviousPlan() {
            plan = null;
            usedBeforeBuild = usedHeapAfterGc();
        }

        /** Runs after the timed call, so the forced collections do not count in the build time. */
        @TearDown(Level.Iteration)
        public void measure() {
            if (plan == null) {
                throw new IllegalStateException("no plan was built in this iteration");
            }
            long used = usedHeapAfterGc();
            System.out.printf("[heap: plan of %,d patterns retains %.1f MB; used %.1f MB of max %.1f MB] ",
                    plan.patternCount(), (used - usedBeforeBuild) / MB, used / MB,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax() / MB);
        }
    }

    static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
