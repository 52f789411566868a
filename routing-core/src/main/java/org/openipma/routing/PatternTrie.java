package org.openipma.routing;

import java.util.Collection;

/**
 * The plan's patterns with sets, {@code X} or repeats ({@code 10XX}, {@code 9.1[2-9]XXXXXX}, {@code 9.011!},
 * {@code 1?1}), all partitions in one trie, flattened into arrays and searched by branch and bound. The
 * single-string patterns, most of a plan, are in {@link LiteralIndex} instead.
 *
 * <h2>Shape</h2>
 * One path per distinct element sequence: {@code 10XX} in three partitions is one path whose last node
 * holds three routes (at most one per partition: a second one would be a duplicate, refused when added).
 * A chain of nodes with one child each, no pattern ending and no repeat is one node whose label is the
 * chain's masks: the {@code [2-9]XXXXXX} tail of {@code 9.1408[2-9]XXXXXX} is one node, checked digit by
 * digit in a loop without a load per digit. A repeating element ({@code X?}, the tail of {@code !} or
 * {@code +}) is a node of its own whose label is one mask consumed zero or more times.
 *
 * <p>Nodes are numbered breadth first, so a node's children, its label masks and its routes occupy
 * ranges of their arrays that end where those of the next node begin: only the starts are stored. A
 * node's children come in two runs. First the <em>literal</em> children, whose label starts with one
 * symbol, by symbol: bit s of the parent's {@code literalChildren} is set when there is one for symbol s,
 * and the bits below s count its place in the run, so the next digit finds its literal child with one
 * {@code bitCount}, without a scan. Then the others (sets, {@code X}, repeats), whose first masks sit side
 * by side in {@link Layout#head}, scanned in order of {@code minCount} (below).
 *
 * <h2>Pruning</h2>
 * Each node summarizes its subtree, its own label included:
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
 * For a pattern without repeats, the count is the product of its set sizes, which the walk carries along;
 * below 2<sup>53</sup> that double is exact. A pattern with a repeat, or a product at or above
 * 2<sup>53</sup>, takes its count from {@link Pattern#countAt(int)}, and counts that round to the same
 * double are compared exactly ({@link Pattern#compareSpecificity}). The bound prunes only while the best
 * count is below 2<sup>53</sup>, where a product cannot round below a count it exceeds.
 *
 * <p>Immutable and safe to share between threads once built ({@link PatternTrieBuilder}).
 */
final class PatternTrie {
    /** Set in {@link Layout#head} when the node's one-mask label repeats zero or more times. */
    static final int REPEATS = 1 << 15;
    /** The lengths a summary can hold: 0 to {@link Digits#MAX_LENGTH} digits. */
    static final long ALL_LENGTHS = (1L << (Digits.MAX_LENGTH + 1)) - 1;
    /** Doubles are exact integers below this; see the class comment. */
    private static final double EXACT = 0x1p53;
    private static final int ROOT = 0;

    private final long[] lengths;
    private final long[] exits;
    private final long[] partitionBits;
    private final double[] minCount;
    private final int[] head;
    private final int[] labelStart;
    private final short[] labelMasks;
    private final int[] childStart;
    private final int[] literalChildren;
    private final long[] otherLengths;
    private final int[] terminalStart;
    private final Route[] terminals;
    private final int[] terminalPartitions;

    PatternTrie(Layout flat) {
        this.lengths = flat.lengths;
        this.exits = flat.exits;
        this.partitionBits = flat.partitionBits;
        this.minCount = flat.minCount;
        this.head = flat.head;
        this.labelStart = flat.labelStart;
        this.labelMasks = flat.labelMasks;
        this.childStart = flat.childStart;
        this.literalChildren = flat.literalChildren;
        this.otherLengths = flat.otherLengths;
        this.terminalStart = flat.terminalStart;
        this.terminals = flat.terminals;
        this.terminalPartitions = flat.terminalPartitions;
    }

    /**
     * The closest match for {@code digits} through {@code css}: the pattern with the least count at the
     * dialed length, then the partition first in the CSS, then the pattern declared first; {@code best}
     * (a literal hit, or null) competes too and is returned unless something here beats it. Allocation-free.
     *
     * @param digits    1 to {@link Digits#MAX_LENGTH} dialable characters (checked by the caller)
     * @param bestCount the count of {@code best} at the dialed length; ignored when {@code best} is null
     */
    Route closest(CharSequence digits, CallingSearchSpace css, Route best, double bestCount) {
        double limit = best == null || bestCount >= EXACT ? Double.POSITIVE_INFINITY : bestCount;
        if (((lengths[ROOT] >>> digits.length()) & 1) == 0 || (partitionBits[ROOT] & css.partitionBits) == 0
                || minCount[ROOT] > limit) {
            return best;
        }
        return below(ROOT, digits, 0, 1.0, true, css, best, limit);
    }

    /**
     * The closest match at or below {@code node}, whose label has been consumed by {@code digits[..at)};
     * {@code product} is the product of the set sizes consumed so far, {@code fixed} false once a repeat
     * was, {@code limit} the count a pattern must not exceed to beat {@code best} ({@link #limitOf}).
     */
    private Route below(int node, CharSequence digits, int at, double product, boolean fixed,
                        CallingSearchSpace css, Route best, double limit) {
        int length = digits.length();
        int literals = literalChildren[node];
        int firstChild = childStart[node];
        int enters;
        if (at == length) {
            Route found = closestEndingAt(node, length, product, fixed, css, best);
            if (found != best) {
                best = found;
                limit = limitOf(best, length);
            }
            enters = REPEATS;
        } else {
            int symbol = symbolAt(digits, at);
            enters = REPEATS | 1 << symbol;
            if (((literals >>> symbol) & 1) != 0) {
                int child = firstChild + Integer.bitCount(literals & ((1 << symbol) - 1));
                Route found = enter(child, digits, at, product, fixed, css, best, limit);
                if (found != best) {
                    best = found;
                    limit = limitOf(best, length);
                }
            }
        }
        // Most nodes' other children (sets, X, repeats) are for other lengths: one test skips them all.
        long remaining = 1L << (length - at);
        if ((otherLengths[node] & remaining) == 0) {
            return best;
        }
        for (int child = firstChild + Integer.bitCount(literals), end = childStart[node + 1]; child < end; child++) {
            // These children are ordered by minCount: once one is out of bound, so are the rest.
            if (product * minCount[child] > limit) {
                break;
            }
            if ((head[child] & enters) != 0 && (lengths[child] & remaining) != 0) {
                Route found = enter(child, digits, at, product, fixed, css, best, limit);
                if (found != best) {
                    best = found;
                    limit = limitOf(best, length);
                }
            }
        }
        return best;
    }

    /**
     * Enters {@code child}, whose first mask accepts {@code digits[at]} (or repeats): tests its summaries
     * and the rest of its label before the call that goes below it, so that each call to {@link #below} is
     * a node that can still hold a match.
     */
    private Route enter(int child, CharSequence digits, int at, double product, boolean fixed,
                        CallingSearchSpace css, Route best, double limit) {
        int length = digits.length();
        if (((lengths[child] >>> (length - at)) & 1) == 0 || (partitionBits[child] & css.partitionBits) == 0
                || product * minCount[child] > limit) {
            return best;
        }
        int first = head[child];
        if ((first & REPEATS) != 0) {
            return throughRepeat(child, first, digits, at, product, css, best, limit);
        }
        // The lengths test guarantees the label fits.
        product *= Integer.bitCount(first);
        int next = at + 1;
        for (int i = labelStart[child] + 1, to = labelStart[child + 1]; i < to; i++, next++) {
            int mask = labelMasks[i];
            if (((mask >>> symbolAt(digits, next)) & 1) == 0) {
                return best;
            }
            product *= Integer.bitCount(mask);
        }
        return below(child, digits, next, product, fixed, css, best, limit);
    }

    /** Enters the repeating {@code node} (label mask in {@code first}) with each number of repetitions. */
    private Route throughRepeat(int node, int first, CharSequence digits, int at, double product,
                                CallingSearchSpace css, Route best, double limit) {
        int length = digits.length();
        long exit = exits[node];
        for (int end = at; ; end++) {
            if (((exit >>> (length - end)) & 1) != 0) {
                Route found = below(node, digits, end, product, false, css, best, limit);
                if (found != best) {
                    best = found;
                    limit = limitOf(best, length);
                }
            }
            if (end == length || ((first >>> symbolAt(digits, end)) & 1) == 0) {
                return best;
            }
        }
    }

    /** The routes ending at {@code node} compete with {@code best}; of them, the CSS's first partition's. */
    private Route closestEndingAt(int node, int length, double product, boolean fixed, CallingSearchSpace css,
                                  Route best) {
        Route candidate = null;
        int candidatePosition = Integer.MAX_VALUE;
        for (int t = terminalStart[node], end = terminalStart[node + 1]; t < end; t++) {
            int position = css.positions[terminalPartitions[t]];
            if (position >= 0 && position < candidatePosition) {
                candidate = terminals[t];
                candidatePosition = position;
            }
        }
        if (candidate == null) {
            return best;
        }
        double count = fixed && product < EXACT ? product : candidate.pattern().countAt(length);
        return closer(candidate, count, candidatePosition, best, length, css);
    }

    /**
     * The closer of {@code candidate} (count {@code count}, CSS position {@code position}) and {@code best}
     * (may be null): fewer strings, then earlier partition in the CSS, then earlier declaration.
     */
    static Route closer(Route candidate, double count, int position, Route best, int length, CallingSearchSpace css) {
        if (best == null) {
            return candidate;
        }
        double bestCount = best.pattern().countAt(length);
        int bySpecificity = count != bestCount || count < EXACT
                ? Double.compare(count, bestCount)
                : Pattern.compareSpecificity(candidate.pattern(), best.pattern(), length);
        if (bySpecificity != 0) {
            return bySpecificity < 0 ? candidate : best;
        }
        int bestPosition = css.positions[best.partitionIndex];
        return position < bestPosition || (position == bestPosition && candidate.ordinal < best.ordinal)
                ? candidate : best;
    }

    /** The count a subtree must not exceed to hold a closer match than {@code best}; no limit if none. */
    private static double limitOf(Route best, int length) {
        if (best == null) {
            return Double.POSITIVE_INFINITY;
        }
        double count = best.pattern().countAt(length);
        return count < EXACT ? count : Double.POSITIVE_INFINITY;
    }

    /** Adds every route, whatever its partition, whose pattern matches {@code digits}. Explain path. */
    void collect(CharSequence digits, Collection<Route> matches) {
        collectAfterLabel(ROOT, digits, 0, matches);
    }

    private void collectVisit(int node, CharSequence digits, int at, Collection<Route> matches) {
        if (((lengths[node] >>> (digits.length() - at)) & 1) == 0) {
            return;
        }
        int first = head[node];
        if ((first & REPEATS) != 0) {
            for (int end = at; ; end++) {
                collectAfterLabel(node, digits, end, matches);
                if (end == digits.length() || ((first >>> symbolAt(digits, end)) & 1) == 0) {
                    return;
                }
            }
        }
        int from = labelStart[node];
        int to = labelStart[node + 1];
        for (int i = from + 1; i < to; i++) {
            if (((labelMasks[i] >>> symbolAt(digits, at + i - from)) & 1) == 0) {
                return;
            }
        }
        collectAfterLabel(node, digits, at + to - from, matches);
    }

    private void collectAfterLabel(int node, CharSequence digits, int at, Collection<Route> matches) {
        int enters;
        if (at == digits.length()) {
            for (int t = terminalStart[node], end = terminalStart[node + 1]; t < end; t++) {
                matches.add(terminals[t]);
            }
            enters = REPEATS;
        } else {
            enters = REPEATS | 1 << symbolAt(digits, at);
        }
        for (int child = childStart[node], end = childStart[node + 1]; child < end; child++) {
            if ((head[child] & enters) != 0) {
                collectVisit(child, digits, at, matches);
            }
        }
    }

    /** The symbol index of a character already known to be dialable. */
    private static int symbolAt(CharSequence digits, int at) {
        return Digits.index(digits.charAt(at));
    }

    /**
     * The flat arrays, filled by {@link PatternTrieBuilder}; see the class comment. Per node, by node
     * number: {@code lengths}, {@code partitionBits}, {@code minCount} (summaries); {@code head} (first label
     * mask, with {@link #REPEATS} if the label is one repeated mask); {@code exits} (a repeating node's
     * lengths once its label is consumed, else 0); {@code literalChildren} (symbols with a literal child)
     * and {@code otherLengths} (union of the other children's lengths). Per node plus one entry that ends
     * the last range: {@code labelStart} into {@code labelMasks}, {@code childStart} (node numbers),
     * {@code terminalStart} into {@code terminals} and their partition indexes {@code terminalPartitions}.
     */
    static final class Layout {
        final long[] lengths;
        final long[] exits;
        final long[] partitionBits;
        final double[] minCount;
        final int[] head;
        final int[] labelStart;
        final short[] labelMasks;
        final int[] childStart;
        final int[] literalChildren;
        final long[] otherLengths;
        final int[] terminalStart;
        final Route[] terminals;
        final int[] terminalPartitions;

        Layout(int nodes, int labels, int routes) {
            lengths = new long[nodes];
            exits = new long[nodes];
            partitionBits = new long[nodes];
            minCount = new double[nodes];
            head = new int[nodes];
            labelStart = new int[nodes + 1];
            labelMasks = new short[labels];
            childStart = new int[nodes + 1];
            literalChildren = new int[nodes];
            otherLengths = new long[nodes];
            terminalStart = new int[nodes + 1];
            terminals = new Route[routes];
            terminalPartitions = new int[routes];
        }
    }
}
