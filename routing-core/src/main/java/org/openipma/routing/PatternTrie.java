package org.openipma.routing;

import java.util.Collection;

/**
 * The plan's patterns with sets, {@code X} or repeats ({@code 10XX}, {@code 9.1[2-9]XXXXXX}, {@code 9.011!},
 * {@code 1?1}), all partitions in one trie, flattened into arrays and searched by branch and bound. The
 * single-string patterns, most of a plan, are in {@link LiteralIndex} instead.
 *
 * <p>Over 400 lines on purpose: the walk ({@link #closest}), the explain path ({@link #collect}) and the
 * {@link Layout} the builder fills all read or write one packed node record whose field offsets are private
 * constants here; splitting the file would expose those offsets or describe the record in two places. Building
 * the trie, which sees only {@link Layout#node}, lives apart in {@link PatternTrieBuilder}.
 *
 * <h2>Shape</h2>
 * One path per distinct element sequence: {@code 10XX} in three partitions is one path whose last node
 * holds three routes (at most one per partition: a second one would be a duplicate, refused when added).
 * A chain of nodes with one child each, no pattern ending and no repeat is one node whose label is the
 * chain's masks: the {@code [2-9]XXXXXX} tail of {@code 9.1408[2-9]XXXXXX} is one node, checked digit by
 * digit in a loop without a load per digit. A repeating element ({@code X?}, the tail of {@code !} or
 * {@code +}) is a node of its own whose label is one mask consumed zero or more times.
 *
 * <h2>Layout</h2>
 * No node objects: a node is a 64-byte record of 8 longs in one array ({@link #STRIDE}), so entering it
 * touches one or two cache lines rather than one per field or per object. Nodes are numbered breadth
 * first, so a node's children have consecutive numbers, and its label masks and its routes occupy
 * ranges of their own arrays. A node's children come in two runs. First the <em>literal</em> children,
 * whose label starts with one symbol, by symbol: bit s of the parent's literal-children set is on when
 * there is one for symbol s, and the bits below s count its place in the run, so the next digit finds its
 * literal child with one {@code bitCount}, without a scan. Then the others (sets, {@code X}, repeats), by
 * {@code minCount} (below). Per route, its partition index, declaration order and count (if fixed) sit
 * in arrays beside the routes, so a walk compares candidates without loading a route or pattern object:
 * in a plan of a million patterns those objects are spread over the heap and each load would be a miss.
 *
 * <h2>Walk</h2>
 * Depth first, most specific first, by branch and bound. A descent into the one literal child that
 * follows the next digit, when no other child can match, is a loop step, not a call: most steps of a
 * walk are such, and calls cost more than the work of a step. Each node summarizes its subtree, its own
 * label included, and a child is entered only if its summaries allow a closer match:
 * <ul>
 * <li>{@code lengths}: bit r is set when some pattern below ends after exactly r more digits (a repeat sets
 * every r from its shortest way out; bits above {@link Digits#MAX_LENGTH} are clear). A walk enters a node
 * only if the digits still to match are one of its lengths: dialing ten digits never descends the {@code X}
 * chains of four-digit patterns. The parent also keeps the union over its non-literal children
 * ({@code otherLengths}), which skips their whole run at once, and a repeating node the lengths left once
 * its label is consumed ({@code exits}), which skips the numbers of repetitions that lead nowhere (the
 * {@code X} of {@code 9.011!} is followed only where the string ends).</li>
 * <li>{@code partitionBits}: bit {@code p % 64} for each partition {@code p} with a pattern below, ANDed
 * with the CSS's bits ({@link CallingSearchSpace#partitionBits}); a subtree of unreachable partitions is
 * skipped.</li>
 * <li>{@code minCount}: the least product of set sizes over the non-repeating elements still ahead, over
 * the patterns below. A pattern that can match at the dialed length matches at least that product of
 * distinct strings (each non-repeating element owns one position of the string), so product so far times
 * {@code minCount} bounds every count below. A walk skips a subtree whose bound exceeds the count of the
 * best match found so far; the non-literal children are ordered by {@code minCount}, least first, so the
 * scan stops at the first child out of bound. {@link DialPlan} looks in the {@link LiteralIndex} first: a
 * literal hit counts 1, and the root's bound then skips the whole trie unless some pattern such as
 * {@code 1?1} can also count 1.</li>
 * </ul>
 * Bounds only skip work; which match wins does not depend on the order of the walk, because candidates
 * are compared on (count, CSS position of the partition, declaration order), a total order.
 *
 * <h2>Exactness</h2>
 * A pattern without repeats has one count, stored with its route when the trie is built
 * ({@link Pattern#countAt(int)}, correctly rounded); a pattern with a repeat has its count computed at
 * the dialed length. Counts that round to the same double at or above 2<sup>53</sup> are compared exactly
 * ({@link Pattern#compareSpecificity}). Bounds are products of set sizes multiplied along the walk; they
 * prune only while the best count is below 2<sup>53</sup>, where such a product is exact or, if it has
 * rounded, is already above 2<sup>53</sup> and so above the best count too.
 *
 * <p>Immutable and safe to share between threads once built ({@link PatternTrieBuilder}).
 */
final class PatternTrie {
    /** Set in a node's head (its first label mask) when the label is that one mask, repeated. */
    static final int REPEATS = 1 << 15;
    /** The lengths a summary can hold: 0 to {@link Digits#MAX_LENGTH} digits. */
    static final long ALL_LENGTHS = (1L << (Digits.MAX_LENGTH + 1)) - 1;
    /** Doubles are exact integers below this; see the class comment. */
    private static final double EXACT = 0x1p53;
    private static final int ROOT = 0;
    /** No route: the best so far is the caller's literal hit, or nothing. */
    private static final int NONE = -1;

    // A node is STRIDE longs of `nodes`, one 64-byte record, so that entering it touches one or two cache
    // lines instead of one per field. Fields, by offset:
    /** Summary: bit r set when a pattern below ends r digits further, label included. */
    private static final int LENGTHS = 0;
    /** Summary: bit {@code p % 64} set for each partition p with a pattern below. */
    private static final int PARTITIONS = 1;
    /** Summary: least product of set sizes still ahead, label included, as double bits. */
    private static final int MIN_COUNT = 2;
    /** Product of the label's set sizes (1 for a repeated mask), as double bits. */
    private static final int LABEL_PRODUCT = 3;
    /** Union of the lengths of the children that are not literal. */
    private static final int OTHER_LENGTHS = 4;
    /** For a repeated label: the lengths left once the label is consumed; else 0. */
    private static final int EXITS = 5;
    /** First child (low 32 bits) and end of the children (high 32 bits), by node number. */
    private static final int CHILDREN = 6;
    /**
     * Bits 0-15: the head (first label mask, or {@link #REPEATS} and the repeated mask); 16-28: the symbols
     * that have a literal child; 29-34: label length; 35-63: start of the label in {@code labelMasks}.
     */
    private static final int SHAPE = 7;
    static final int STRIDE = 8;
    static final int MAX_LABEL_MASKS = 1 << 29;

    private final long[] nodes;
    private final short[] labelMasks;
    /** Routes ending at node n: {@code terminals[terminalStart[n] .. terminalStart[n + 1])}. */
    private final int[] terminalStart;
    private final Route[] terminals;
    /**
     * Per route in {@link #terminals}, what choosing among them needs, so that a walk loads no route or
     * pattern object: its partition index, its declaration order, and its count if its pattern has no
     * repeat (it then counts that at the one length it matches), else NaN.
     */
    private final int[] terminalPartitions;
    private final int[] terminalOrdinals;
    private final double[] terminalCounts;

    PatternTrie(Layout flat) {
        this.nodes = flat.nodes;
        this.labelMasks = flat.labelMasks;
        this.terminalStart = flat.terminalStart;
        this.terminals = flat.terminals;
        this.terminalPartitions = flat.terminalPartitions;
        this.terminalOrdinals = flat.terminalOrdinals;
        this.terminalCounts = flat.terminalCounts;
    }

    /**
     * The closest match for {@code digits} through {@code css}: the pattern with the least count at the
     * dialed length, then the partition first in the CSS, then the pattern declared first; {@code literal}
     * (the literal hit, count 1, or null) competes too and is returned unless something here beats it.
     * Allocation-free.
     *
     * @param digits 1 to {@link Digits#MAX_LENGTH} dialable characters (checked by the caller)
     */
    Route closest(CharSequence digits, CallingSearchSpace css, Route literal) {
        double baseCount = literal == null ? Double.POSITIVE_INFINITY : 1.0;
        if (!admits(ROOT, 1L << digits.length(), 1.0, css, baseCount)) {
            return literal;
        }
        long baseRank = literal == null ? Long.MAX_VALUE : rank(css.positions[literal.partitionIndex], literal.ordinal);
        int best = below(ROOT, digits, 0, 1.0, css, NONE, baseCount, baseRank);
        return best == NONE ? literal : terminals[best];
    }

    /**
     * The closest match at or below {@code node}, whose label has been consumed by {@code digits[..at)}, as
     * an index into {@link #terminals}; {@code best} if nothing here beats it. {@code product} is the
     * product of the set sizes consumed so far. The best so far, {@code best} (or {@link #NONE} for the
     * caller's literal hit or nothing), has count {@code bestCount} and rank {@code bestRank}.
     */
    private int below(int node, CharSequence digits, int at, double product, CallingSearchSpace css,
                      int best, double bestCount, long bestRank) {
        int length = digits.length();
        while (true) {
            long shape = nodes[node * STRIDE + SHAPE];
            long children = nodes[node * STRIDE + CHILDREN];
            int literals = literalChildren(shape);
            int firstChild = (int) children;
            int enters;
            int literalChild = -1;
            if (at == length) {
                int found = closestEndingAt(node, length, css, best, bestCount, bestRank);
                if (found != best) {
                    best = found;
                    bestCount = countOf(best, length);
                    bestRank = rankOf(best, css);
                }
                enters = REPEATS;
            } else {
                int symbol = symbolAt(digits, at);
                enters = REPEATS | 1 << symbol;
                if (((literals >>> symbol) & 1) != 0) {
                    literalChild = firstChild + Integer.bitCount(literals & ((1 << symbol) - 1));
                }
            }
            double limit = limitOf(bestCount);
            // Most nodes' other children (sets, X, repeats) are for other lengths: one test skips them all.
            long remaining = 1L << (length - at);
            boolean others = (nodes[node * STRIDE + OTHER_LENGTHS] & remaining) != 0;
            if (literalChild >= 0 && admits(literalChild, remaining, product, css, limit)) {
                int next = labelEnd(literalChild, digits, at);
                if (next >= 0) {
                    double consumed = product * labelProduct(literalChild);
                    if (!others) {
                        // Nothing else to try here: descend without a call (most of a walk is such steps).
                        node = literalChild;
                        at = next;
                        product = consumed;
                        continue;
                    }
                    int found = below(literalChild, digits, next, consumed, css, best, bestCount, bestRank);
                    if (found != best) {
                        best = found;
                        bestCount = countOf(best, length);
                        bestRank = rankOf(best, css);
                        limit = limitOf(bestCount);
                    }
                }
            }
            if (!others) {
                return best;
            }
            int childEnd = (int) (children >>> 32);
            for (int child = firstChild + Integer.bitCount(literals); child < childEnd; child++) {
                // These children are ordered by minCount: once one is out of bound, so are the rest.
                if (product * minCount(child) > limit) {
                    break;
                }
                int first = head(nodes[child * STRIDE + SHAPE]);
                if ((first & enters) == 0 || !admits(child, remaining, product, css, limit)) {
                    continue;
                }
                int found;
                if ((first & REPEATS) != 0) {
                    found = throughRepeat(child, first, digits, at, product, css, best, bestCount, bestRank);
                } else {
                    int next = labelEnd(child, digits, at);
                    found = next < 0 ? best : below(child, digits, next, product * labelProduct(child), css,
                            best, bestCount, bestRank);
                }
                if (found != best) {
                    best = found;
                    bestCount = countOf(best, length);
                    bestRank = rankOf(best, css);
                    limit = limitOf(bestCount);
                }
            }
            return best;
        }
    }

    /**
     * Whether {@code node} can hold a closer match: a pattern below ends at the {@code remaining} length
     * (a one-bit mask), lies in a partition the CSS may reach, and may count no more than {@code limit}.
     */
    private boolean admits(int node, long remaining, double product, CallingSearchSpace css, double limit) {
        int at = node * STRIDE;
        return (nodes[at + LENGTHS] & remaining) != 0 && (nodes[at + PARTITIONS] & css.partitionBits) != 0
                && product * Double.longBitsToDouble(nodes[at + MIN_COUNT]) <= limit;
    }

    /**
     * Where the non-repeating label of {@code node} ends if it matches {@code digits} from {@code at}, its
     * first mask already tested; else -1. The caller's lengths test guarantees the label fits.
     */
    private int labelEnd(int node, CharSequence digits, int at) {
        long shape = nodes[node * STRIDE + SHAPE];
        int end = at + labelLength(shape);
        for (int i = labelStart(shape) + 1, next = at + 1; next < end; i++, next++) {
            if (((labelMasks[i] >>> symbolAt(digits, next)) & 1) == 0) {
                return -1;
            }
        }
        return end;
    }

    /** Enters the repeating {@code node} (label mask in {@code first}) with each number of repetitions. */
    private int throughRepeat(int node, int first, CharSequence digits, int at, double product,
                              CallingSearchSpace css, int best, double bestCount, long bestRank) {
        int length = digits.length();
        long exits = nodes[node * STRIDE + EXITS];
        for (int end = at; ; end++) {
            if (((exits >>> (length - end)) & 1) != 0) {
                int found = below(node, digits, end, product, css, best, bestCount, bestRank);
                if (found != best) {
                    best = found;
                    bestCount = countOf(best, length);
                    bestRank = rankOf(best, css);
                }
            }
            if (end == length || ((first >>> symbolAt(digits, end)) & 1) == 0) {
                return best;
            }
        }
    }

    /**
     * The route ending at {@code node} whose partition comes first in the CSS, if it is closer than the
     * best so far ({@code best}, with {@code bestCount} and {@code bestRank}); else {@code best}.
     */
    private int closestEndingAt(int node, int length, CallingSearchSpace css, int best, double bestCount,
                                long bestRank) {
        int candidate = NONE;
        int candidatePosition = Integer.MAX_VALUE;
        for (int t = terminalStart[node], end = terminalStart[node + 1]; t < end; t++) {
            int position = css.positions[terminalPartitions[t]];
            if (position >= 0 && position < candidatePosition) {
                candidate = t;
                candidatePosition = position;
            }
        }
        if (candidate == NONE) {
            return best;
        }
        double count = countOf(candidate, length);
        int bySpecificity = count != bestCount || count < EXACT
                ? Double.compare(count, bestCount)
                // Both counts round to the same double at or above 2^53; the best is a route here, as a
                // literal hit counts 1.
                : Pattern.compareSpecificity(terminals[candidate].pattern(), terminals[best].pattern(), length);
        if (bySpecificity != 0) {
            return bySpecificity < 0 ? candidate : best;
        }
        return rank(candidatePosition, terminalOrdinals[candidate]) < bestRank ? candidate : best;
    }

    /** The count at {@code length} of the pattern of route {@code t}: stored if fixed-length, else computed. */
    private double countOf(int t, int length) {
        double fixed = terminalCounts[t];
        return fixed == fixed ? fixed : terminals[t].pattern().countAt(length);
    }

    private long rankOf(int t, CallingSearchSpace css) {
        return rank(css.positions[terminalPartitions[t]], terminalOrdinals[t]);
    }

    /** The tie-break order of a route: position of its partition in the CSS, then declaration order. */
    private static long rank(int position, int ordinal) {
        return (long) position << 32 | ordinal;
    }

    /** The count a subtree must not exceed to hold a closer match; no limit beyond exact doubles. */
    private static double limitOf(double bestCount) {
        return bestCount < EXACT ? bestCount : Double.POSITIVE_INFINITY;
    }

    /** Adds every route, whatever its partition, whose pattern matches {@code digits}. Explain path. */
    void collect(CharSequence digits, Collection<Route> matches) {
        collectBelow(ROOT, digits, 0, matches);
    }

    private void collectBelow(int node, CharSequence digits, int at, Collection<Route> matches) {
        int enters;
        if (at == digits.length()) {
            for (int t = terminalStart[node], end = terminalStart[node + 1]; t < end; t++) {
                matches.add(terminals[t]);
            }
            enters = REPEATS;
        } else {
            enters = REPEATS | 1 << symbolAt(digits, at);
        }
        long remaining = 1L << (digits.length() - at);
        long children = nodes[node * STRIDE + CHILDREN];
        for (int child = (int) children, childEnd = (int) (children >>> 32); child < childEnd; child++) {
            int first = head(nodes[child * STRIDE + SHAPE]);
            if ((first & enters) == 0 || (nodes[child * STRIDE + LENGTHS] & remaining) == 0) {
                continue;
            }
            if ((first & REPEATS) != 0) {
                for (int end = at; ; end++) {
                    collectBelow(child, digits, end, matches);
                    if (end == digits.length() || ((first >>> symbolAt(digits, end)) & 1) == 0) {
                        break;
                    }
                }
            } else {
                int next = labelEnd(child, digits, at);
                if (next >= 0) {
                    collectBelow(child, digits, next, matches);
                }
            }
        }
    }

    private double minCount(int node) {
        return Double.longBitsToDouble(nodes[node * STRIDE + MIN_COUNT]);
    }

    private double labelProduct(int node) {
        return Double.longBitsToDouble(nodes[node * STRIDE + LABEL_PRODUCT]);
    }

    private static int head(long shape) {
        return (int) shape & 0xFFFF;
    }

    private static int literalChildren(long shape) {
        return (int) (shape >>> 16) & 0x1FFF;
    }

    private static int labelLength(long shape) {
        return (int) (shape >>> 29) & 0x3F;
    }

    private static int labelStart(long shape) {
        return (int) (shape >>> 35);
    }

    /** The symbol index of a character already known to be dialable. */
    private static int symbolAt(CharSequence digits, int at) {
        return Digits.index(digits.charAt(at));
    }

    /**
     * The flat arrays, filled by {@link PatternTrieBuilder} one node at a time ({@link #node}), nodes
     * numbered breadth first: {@code nodes} ({@link #STRIDE} longs a node), {@code labelMasks}, and the
     * routes ending at each node with their partition indexes, {@code terminalStart} marking where each
     * node's run of routes starts (one entry more than nodes, ending the last run).
     */
    static final class Layout {
        final long[] nodes;
        final short[] labelMasks;
        final int[] terminalStart;
        final Route[] terminals;
        final int[] terminalPartitions;
        final int[] terminalOrdinals;
        final double[] terminalCounts;

        Layout(int nodeCount, int labelCount, int routeCount) {
            if (labelCount >= MAX_LABEL_MASKS) {
                throw new IllegalStateException("pattern trie: " + labelCount + " label elements (expected: fewer than "
                        + MAX_LABEL_MASKS + ")");
            }
            nodes = new long[nodeCount * STRIDE];
            labelMasks = new short[labelCount];
            terminalStart = new int[nodeCount + 1];
            terminals = new Route[routeCount];
            terminalPartitions = new int[routeCount];
            terminalOrdinals = new int[routeCount];
            terminalCounts = new double[routeCount];
        }

        /**
         * Writes node {@code id}: its summaries (see the class comment), its label ({@code labelLength}
         * masks from {@code labelStart}, the first of them {@code head}, with {@link #REPEATS} if repeated;
         * {@code labelProduct} the product of their set sizes, 1 if repeated), the lengths left after a
         * repeated label ({@code exits}), its children {@code [firstChild, childEnd)}, the symbols that have a
         * literal child and the union of the other children's lengths.
         */
        void node(int id, long lengths, long partitionBits, double minCount, int head, int labelStart,
                  int labelLength, double labelProduct, long exits, int firstChild, int childEnd,
                  int literalChildren, long otherLengths) {
            int at = id * STRIDE;
            nodes[at + LENGTHS] = lengths;
            nodes[at + PARTITIONS] = partitionBits;
            nodes[at + MIN_COUNT] = Double.doubleToRawLongBits(minCount);
            nodes[at + LABEL_PRODUCT] = Double.doubleToRawLongBits(labelProduct);
            nodes[at + OTHER_LENGTHS] = otherLengths;
            nodes[at + EXITS] = exits;
            nodes[at + CHILDREN] = (firstChild & 0xFFFFFFFFL) | (long) childEnd << 32;
            nodes[at + SHAPE] = (head & 0xFFFFL) | (long) literalChildren << 16 | (long) labelLength << 29
                    | (long) labelStart << 35;
        }
    }
}
