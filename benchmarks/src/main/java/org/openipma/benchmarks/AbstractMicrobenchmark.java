package org.openipma.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Base of every benchmark in this module: fixes forks, warmup and measurement so that a full run
 * ({@code java -jar benchmarks/target/benchmarks.jar}) stays within about ten minutes on a two-core machine.
 *
 * <p>Defaults: {@value #DEFAULT_FORKS} forks, {@value #DEFAULT_WARMUP_ITERATIONS} warmup and
 * {@value #DEFAULT_MEASURE_ITERATIONS} measurement iterations of {@value #DEFAULT_ITERATION_SECONDS} s each,
 * throughput in operations per second. A subclass may narrow them with its own annotations (a single-shot
 * benchmark does).
 *
 * <p>This class's {@link #main} is the jar's entry point. It takes the ordinary JMH command line and lets
 * these system properties override the annotations, as Netty's microbench does:
 * <table>
 * <caption>overrides</caption>
 * <tr><th>property</th><th>JMH option</th><th>range</th></tr>
 * <tr><td>{@code -Dforks=N}</td><td>{@code -f N}</td><td>0 (run in the host VM, for debugging) or more</td></tr>
 * <tr><td>{@code -DwarmupIterations=N}</td><td>{@code -wi N}</td><td>0 or more</td></tr>
 * <tr><td>{@code -DmeasureIterations=N}</td><td>{@code -i N}</td><td>1 or more</td></tr>
 * <tr><td>{@code -DiterationTime=S}</td><td>{@code -w S -r S}</td><td>seconds per timed iteration, 1 or more
 * (no effect on single-shot benchmarks)</td></tr>
 * </table>
 * An option given on the command line wins over its property; a property wins over the annotations. Example:
 * {@code java -Dforks=1 -DmeasureIterations=3 -jar benchmarks/target/benchmarks.jar RouteLookup}.
 */
@Fork(AbstractMicrobenchmark.DEFAULT_FORKS)
@Warmup(iterations = AbstractMicrobenchmark.DEFAULT_WARMUP_ITERATIONS,
        time = AbstractMicrobenchmark.DEFAULT_ITERATION_SECONDS, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = AbstractMicrobenchmark.DEFAULT_MEASURE_ITERATIONS,
        time = AbstractMicrobenchmark.DEFAULT_ITERATION_SECONDS, timeUnit = TimeUnit.SECONDS)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public abstract class AbstractMicrobenchmark {
    public static final int DEFAULT_FORKS = 2;
    public static final int DEFAULT_WARMUP_ITERATIONS = 5;
    public static final int DEFAULT_MEASURE_ITERATIONS = 10;
    public static final int DEFAULT_ITERATION_SECONDS = 1;

    /** Runs JMH with {@code args}, after turning the override properties into options. */
    public static void main(String[] args) throws Exception {
        String[] options;
        try {
            options = withOverrides(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        org.openjdk.jmh.Main.main(options);
    }

    static String[] withOverrides(String[] args) {
        List<String> given = Arrays.asList(args);
        List<String> options = new ArrayList<>();
        override(given, options, "forks", 0, "-f");
        override(given, options, "warmupIterations", 0, "-wi");
        override(given, options, "measureIterations", 1, "-i");
        override(given, options, "iterationTime", 1, "-w", "-r");
        options.addAll(given);
        return options.toArray(new String[0]);
    }

    private static void override(List<String> given, List<String> options, String property, int min,
            String... jmhOptions) {
        String value = System.getProperty(property);
        if (value == null) {
            return;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            parsed = Integer.MIN_VALUE;
        }
        if (parsed < min) {
            throw new IllegalArgumentException("-D" + property + ": '" + value + "' (expected: an integer >= " + min + ")");
        }
        for (String option : jmhOptions) {
            if (!given.contains(option)) {
                options.add(option);
                options.add(option.equals("-w") || option.equals("-r") ? parsed + "s" : String.valueOf(parsed));
            }
        }
    }
}
