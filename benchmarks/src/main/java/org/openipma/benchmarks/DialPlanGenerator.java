package org.openipma.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.openipma.routing.Target;

/**
 * A deterministic, realistically shaped dial plan: directory numbers in numbering blocks and route patterns
 * of the shapes a CUCM cluster carries, spread over a number of partitions. The same seed and sizes always
 * give the same declarations, in the same order.
 *
 * <h2>Directory numbers</h2>
 * Allocated in blocks of 100 or 1,000 consecutive numbers ({@code 5200-5299}, {@code 4085551000-4085551999}),
 * each block in one partition, each number of a block present with the block's fill rate (50-100 %, so
 * blocks have holes, as real ones do). Lengths, by share of blocks: 4 digits 20 %, 5 digits 20 %, 6 digits
 * 5 %, 7 digits 15 %, 8 digits 10 %, 9 digits 5 %, 10 digits 15 %, E.164 {@code \+1} and 10 digits 10 %.
 * Blocks of one partition never overlap; blocks of different partitions may (several sites reuse
 * {@code 1XXX}), which exercises the tie break by CSS order. All numbers of a block share one {@link Target}.
 *
 * <h2>Route patterns (wildcards)</h2>
 * Each in a uniformly chosen partition, by share: block routes such as {@code 10XX}, {@code 52XXX},
 * {@code 4[0-4]XX} 30 %; NANP area codes {@code 9.1408[2-9]XXXXXX} 20 %; NANP exchanges
 * {@code 9.1408555XXXX} 10 %; local exchanges {@code 9.555XXXX} 8 %; E.164 area codes
 * {@code \+1408[2-9]XXXXXX} 12 %; international country codes {@code 9.01144!}, {@code \+44!} 8 %;
 * leading sets {@code [2-7]XXX} 4 %; negated sets {@code 8[^5]XX} 3 %; feature codes {@code *8X} 2 %;
 * catch-alls 3 %, drawn from {@code 9.1[2-9]XXXXXXXXX}, {@code 9.1[2-9]XX[2-9]XXXXXX}, {@code 9.[2-9]XXXXXX},
 * {@code 9.011!}, {@code 9.011!#}, {@code \+1XXX!}, {@code \+!}, {@code 8X+}, {@code 55[0-3]X?}, {@code *XX} and
 * the equally specific pair {@code 1[01]XX}/{@code 1X[01]X}. A text drawn twice for one partition is drawn
 * again, so every partition holds distinct patterns.
 */
final class DialPlanGenerator {
    /** Dialed strings are kept to at most this length: counts stay below 2^53, as E.164 numbers do. */
    static final int MAX_DIALED = 16;

    private static final int[] DN_LENGTHS = {4, 5, 6, 7, 8, 9, 10, 12};
    private static final int[] DN_LENGTH_WEIGHTS = {20, 20, 5, 15, 10, 5, 15, 10};
    /** Shares of the route pattern shapes, in the order of the class comment (see {@code wildcard}). */
    private static final int[] SHAPE_WEIGHTS = {30, 20, 10, 8, 12, 8, 4, 3, 2, 3};
    private static final String[] LEADING_SETS = {"[2-7]", "[2-9]", "[1-4]", "[5-8]", "[^05]"};
    private static final String[] CATCH_ALLS = {
        "9.1[2-9]XXXXXXXXX", "9.1[2-9]XX[2-9]XXXXXX", "9.[2-9]XXXXXX", "9.011!", "9.011!#", "\\+1XXX!", "\\+!",
        "8X+", "55[0-3]X?", "1[01]XX", "1X[01]X", "*XX",
    };

    private DialPlanGenerator() {
    }

    /** Partition names {@code PT_00}, {@code PT_01}, ... */
    static String[] partitionNames(int partitions) {
        String[] names = new String[partitions];
        for (int p = 0; p < partitions; p++) {
            names[p] = String.format("PT_%02d", p);
        }
        return names;
    }

    /**
     * Generates {@code directoryNumbers} numbers, then {@code wildcards} route patterns, over
     * {@code partitions} partitions.
     */
    static Declarations generate(long seed, int partitions, int directoryNumbers, int wildcards) {
        SplittableRandom random = new SplittableRandom(seed);
        Declarations out = new Declarations(partitions, directoryNumbers + wildcards);
        addDirectoryNumbers(random, out, partitions, directoryNumbers);
        addWildcards(random, out, partitions, wildcards);
        return out;
    }

    private static void addDirectoryNumbers(SplittableRandom random, Declarations out, int partitions, int count) {
        // Keys of the 100-number blocks used so far, per partition and length: blocks of one partition never overlap.
        Set<Long> usedHundreds = new HashSet<>();
        String[] names = partitionNames(partitions);
        StringBuilder text = new StringBuilder(16);
        int added = 0;
        while (added < count) {
            int partition = random.nextInt(partitions);
            int length = DN_LENGTHS[weighted(random, DN_LENGTH_WEIGHTS)];
            boolean e164 = length == 12;
            int digits = e164 ? 10 : length;
            int blockExponent = digits == 4 || random.nextBoolean() ? 2 : 3;
            long blockSize = pow10(blockExponent);
            long start = -1;
            for (int attempt = 0; attempt < 50 && start < 0; attempt++) {
                // Leading digit 1-9 (2-9 for ten digits, as NANP numbers start).
                long low = (digits >= 10 ? 2 : 1) * pow10(digits - 1);
                long candidate = low + random.nextLong(pow10(digits) - low) / blockSize * blockSize;
                if (claim(usedHundreds, partition, length, candidate, blockSize)) {
                    start = candidate;
                }
            }
            if (start < 0) {
                continue;
            }
            double fill = 0.5 + random.nextDouble() * 0.5;
            int target = out.addTarget(Target.of(Target.Kind.PHONE_LINE,
                    "DN block " + start + "+" + blockSize + " in " + names[partition]));
            for (long number = start; number < start + blockSize && added < count; number++) {
                if (random.nextDouble() < fill) {
                    text.setLength(0);
                    if (e164) {
                        text.append("\\+1");
                    }
                    text.append(number);
                    out.add(partition, text, target, false);
                    added++;
                }
            }
        }
    }

    private static boolean claim(Set<Long> usedHundreds, int partition, int length, long start, long blockSize) {
        long base = ((long) partition * 16 + length) << 40;
        for (long hundred = start / 100; hundred < (start + blockSize) / 100; hundred++) {
            if (usedHundreds.contains(base | hundred)) {
                return false;
            }
        }
        for (long hundred = start / 100; hundred < (start + blockSize) / 100; hundred++) {
            usedHundreds.add(base | hundred);
        }
        return true;
    }

    private static void addWildcards(SplittableRandom random, Declarations out, int partitions, int count) {
        List<Set<String>> seen = new ArrayList<>();
        int[][] targets = new int[partitions][SHAPE_WEIGHTS.length];
        for (int p = 0; p < partitions; p++) {
            seen.add(new HashSet<>());
            Arrays.fill(targets[p], -1);
        }
        int added = 0;
        while (added < count) {
            int partition = random.nextInt(partitions);
            int shape = weighted(random, SHAPE_WEIGHTS);
            String text = wildcard(random, shape);
            if (!seen.get(partition).add(text)) {
                continue;
            }
            if (targets[partition][shape] < 0) {
                targets[partition][shape] = out.addTarget(Target.of(Target.Kind.ROUTE_POINT,
                        String.format("route list RL_%02d_%d", partition, shape)));
            }
            out.add(partition, text, targets[partition][shape], true);
            added++;
        }
    }

    private static String wildcard(SplittableRandom random, int shape) {
        StringBuilder text = new StringBuilder(24);
        switch (shape) {
            case 0: { // block route: 10XX, 52XXX, 4[0-4]XX
                int length = 4 + random.nextInt(4);
                int xs = 1 + random.nextInt(3);
                text.append(1 + random.nextInt(9));
                int prefix = length - xs;
                for (int i = 1; i < prefix; i++) {
                    if (i == prefix - 1 && random.nextInt(6) == 0) {
                        int low = random.nextInt(9);
                        text.append('[').append(low).append('-').append(low + 1 + random.nextInt(9 - low)).append(']');
                    } else {
                        text.append(random.nextInt(10));
                    }
                }
                return x(text, xs);
            }
            case 1: // NANP area code
                return x(nxx(random, text.append("9.1")).append("[2-9]"), 6);
            case 2: // NANP exchange
                return x(nxx(random, nxx(random, text.append("9.1"))), 4);
            case 3: // local exchange
                return x(nxx(random, text.append("9.")), 4);
            case 4: // E.164 area code
                return x(nxx(random, text.append("\\+1")).append("[2-9]"), 6);
            case 5: { // international country code
                text.append(random.nextBoolean() ? "9.011" : "\\+");
                int digits = 1 + random.nextInt(3);
                text.append(2 + random.nextInt(8));
                for (int i = 1; i < digits; i++) {
                    text.append(random.nextInt(10));
                }
                return text.append('!').toString();
            }
            case 6: // leading set
                return x(text.append(LEADING_SETS[random.nextInt(LEADING_SETS.length)]), 3 + random.nextInt(4));
            case 7: { // negated set: 8[^5]XX
                text.append(1 + random.nextInt(9)).append("[^").append(random.nextInt(10)).append(']');
                return x(text, 2 + random.nextInt(2));
            }
            case 8: // feature code: *8X, *6[0-4]
                text.append('*').append(random.nextInt(10));
                return random.nextBoolean() ? text.append('X').toString() : text.append("[0-4]").toString();
            default:
                return CATCH_ALLS[random.nextInt(CATCH_ALLS.length)];
        }
    }

    private static StringBuilder nxx(SplittableRandom random, StringBuilder text) {
        return text.append(2 + random.nextInt(8)).append(random.nextInt(10)).append(random.nextInt(10));
    }

    private static String x(StringBuilder text, int count) {
        for (int i = 0; i < count; i++) {
            text.append('X');
        }
        return text.toString();
    }

    /**
     * A string of digits that {@code patternText} matches, drawn uniformly element by element; {@code !},
     * {@code ?} and {@code +} repeat a few times, never beyond {@link #MAX_DIALED} characters. Understands
     * the syntax this generator writes: digits, {@code * #}, {@code \+}, {@code X}, sets, {@code ! ? + .}.
     */
    static String sample(String patternText, SplittableRandom random) {
        StringBuilder dialed = new StringBuilder(MAX_DIALED);
        String last = null;
        for (int i = 0; i < patternText.length(); i++) {
            char c = patternText.charAt(i);
            if (c == '.') {
                continue;
            }
            if (c == '\\') {
                last = "+";
                i++;
            } else if (c == 'X' || c == '!') {
                last = "0123456789";
            } else if (c == '[') {
                int close = patternText.indexOf(']', i);
                last = set(patternText.substring(i + 1, close));
                i = close;
            } else if (c == '?' || c == '+') {
                int extra = random.nextInt(3);
                for (int r = 0; r < extra && dialed.length() < MAX_DIALED - 1; r++) {
                    dialed.append(last.charAt(random.nextInt(last.length())));
                }
                continue;
            } else {
                last = String.valueOf(c);
            }
            int times = c == '!' ? 1 + random.nextInt(Math.max(1, MAX_DIALED - 1 - dialed.length())) : 1;
            for (int r = 0; r < times; r++) {
                dialed.append(last.charAt(random.nextInt(last.length())));
            }
        }
        return dialed.toString();
    }

    private static String set(String inside) {
        boolean negated = inside.startsWith("^");
        boolean[] in = new boolean[10];
        for (int i = negated ? 1 : 0; i < inside.length(); i++) {
            char low = inside.charAt(i);
            char high = low;
            if (i + 2 < inside.length() && inside.charAt(i + 1) == '-') {
                high = inside.charAt(i + 2);
                i += 2;
            }
            for (char d = low; d <= high; d++) {
                in[d - '0'] = true;
            }
        }
        StringBuilder members = new StringBuilder(10);
        for (int d = 0; d < 10; d++) {
            if (in[d] != negated) {
                members.append((char) ('0' + d));
            }
        }
        return members.toString();
    }

    private static int weighted(SplittableRandom random, int[] weights) {
        int total = 0;
        for (int weight : weights) {
            total += weight;
        }
        int pick = random.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            pick -= weights[i];
            if (pick < 0) {
                return i;
            }
        }
        throw new AssertionError();
    }

    private static long pow10(int exponent) {
        long value = 1;
        for (int i = 0; i < exponent; i++) {
            value *= 10;
        }
        return value;
    }

    /**
     * The generated declarations, stored compactly (pattern texts as one ISO-8859-1 byte array) so that a
     * million of them cost 22 MB and {@link #text} can create each {@link String} where a
     * configuration parser would: inside the measured build.
     */
    static final class Declarations {
        final int partitions;
        private int size;
        private int[] partition;
        private int[] target;
        private boolean[] wildcard;
        private int[] offsets;
        private byte[] texts;
        private final List<Target> targets = new ArrayList<>();

        Declarations(int partitions, int capacity) {
            this.partitions = partitions;
            this.partition = new int[capacity];
            this.target = new int[capacity];
            this.wildcard = new boolean[capacity];
            this.offsets = new int[capacity + 1];
            this.texts = new byte[capacity * 10];
        }

        int addTarget(Target owner) {
            targets.add(owner);
            return targets.size() - 1;
        }

        void add(int partitionIndex, CharSequence text, int targetIndex, boolean isWildcard) {
            if (size == partition.length) {
                int grown = size * 2;
                partition = Arrays.copyOf(partition, grown);
                target = Arrays.copyOf(target, grown);
                wildcard = Arrays.copyOf(wildcard, grown);
                offsets = Arrays.copyOf(offsets, grown + 1);
            }
            int at = offsets[size];
            if (at + text.length() > texts.length) {
                texts = Arrays.copyOf(texts, Math.max(texts.length * 2, at + text.length()));
            }
            for (int i = 0; i < text.length(); i++) {
                texts[at + i] = (byte) text.charAt(i);
            }
            partition[size] = partitionIndex;
            target[size] = targetIndex;
            wildcard[size] = isWildcard;
            offsets[size + 1] = at + text.length();
            size++;
        }

        int size() {
            return size;
        }

        int partition(int i) {
            return partition[i];
        }

        boolean isWildcard(int i) {
            return wildcard[i];
        }

        /** A new String of declaration {@code i}'s pattern text. */
        String text(int i) {
            return new String(texts, offsets[i], offsets[i + 1] - offsets[i], StandardCharsets.ISO_8859_1);
        }

        Target target(int i) {
            return targets.get(target[i]);
        }

        /** Bytes held by these declarations' arrays (not counting the shared targets). */
        long footprintBytes() {
            return 4L * partition.length + 4L * target.length + wildcard.length + 4L * offsets.length + texts.length;
        }
    }
}
