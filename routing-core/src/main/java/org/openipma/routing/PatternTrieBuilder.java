package org.openipma.routing;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;

/**
 * Collects the patterns {@link LiteralIndex} does not hold (those with a set, {@code X} or a repeat), all
 * partitions in one trie of mutable nodes, one node per element; {@link #build()} summarizes the subtrees
 * and flattens the trie into a {@link PatternTrie}. Not thread-safe; used once, by {@link DialPlan.Builder}.
 */
final class PatternTrieBuilder {
    private static final Node[] NO_CHILDREN = {};
    private static final Route[] NO_ROUTES = {};
    /**
     * The order of a node's children in the flat trie: first those whose first element is one symbol, by
     * symbol (found by their parent's literalChildren bits, without a scan); then the others by the least
     * count they can hold, so that a walk meets the most specific first and can stop at the first child
     * out of bound. See {@link PatternTrie}.
     */
    private static final Comparator<Node> FLAT_ORDER = Comparator.comparing((Node n) -> !n.isLiteral())
            .thenComparingInt(n -> n.isLiteral() ? n.mask : 0)
            .thenComparingDouble(n -> n.minCount)
            .thenComparing(n -> n.repeats);

    private final Node root = new Node((short) 0, false);

    /**
     * Adds {@code route}; returns the route of the same partition whose pattern has the same elements (the
     * pattern is then a duplicate and is not added), else null.
     */
    Route insert(Route route) {
        Pattern pattern = route.pattern();
        Node node = root;
        for (int e = 0; e < pattern.elementCount(); e++) {
            node = node.child(pattern.maskAt(e), pattern.repeatsAt(e));
        }
        for (Route existing : node.terminals) {
            if (existing.partitionIndex == route.partitionIndex) {
                return existing;
            }
        }
        node.terminals = Arrays.copyOf(node.terminals, node.terminals.length + 1);
        node.terminals[node.terminals.length - 1] = route;
        return null;
    }

    /** Flattens the patterns inserted so far. */
    PatternTrie build() {
        for (Node child : root.children) {
            summarize(child);
        }
        root.summarizeFrom(root.children);
        root.lengths = root.lengthsAfterLabel();
        root.minCount = root.minCountAfterLabel();

        // First pass: sizes. A chain of single-child, non-repeating, non-terminal nodes becomes one flat node.
        int nodes = 1;
        int labels = 0;
        int terminals = 0;
        Deque<Node> pending = new ArrayDeque<>(Arrays.asList(root.children));
        while (!pending.isEmpty()) {
            Node first = pending.poll();
            Node last = first;
            nodes++;
            labels++;
            while (continuesChain(last)) {
                last = last.children[0];
                labels++;
            }
            terminals += last.terminals.length;
            pending.addAll(Arrays.asList(last.children));
        }

        // Second pass, breadth first: a node's children get consecutive numbers, and its label masks and
        // routes the ranges that the next node's continue.
        PatternTrie.Layout flat = new PatternTrie.Layout(nodes, labels, terminals);
        Deque<Node> queue = new ArrayDeque<>();
        queue.add(root);
        int nextId = 1;
        int labelAt = 0;
        int terminalAt = 0;
        for (int id = 0; id < nodes; id++) {
            Node first = queue.poll();
            Node last = first;
            int labelStart = labelAt;
            double labelProduct = 1.0;
            if (first != root) {
                flat.labelMasks[labelAt++] = first.mask;
                labelProduct = first.repeats ? 1.0 : Integer.bitCount(first.mask);
                while (continuesChain(last)) {
                    last = last.children[0];
                    flat.labelMasks[labelAt++] = last.mask;
                    labelProduct *= Integer.bitCount(last.mask);
                }
            }
            flat.terminalStart[id] = terminalAt;
            for (Route route : last.terminals) {
                flat.terminals[terminalAt] = route;
                flat.terminalPartitions[terminalAt] = route.partitionIndex;
                flat.terminalOrdinals[terminalAt] = route.ordinal;
                flat.terminalCounts[terminalAt++] = fixedCount(route.pattern());
            }
            int firstChild = nextId;
            int literalChildren = 0;
            long otherLengths = 0;
            Node[] children = last.children.clone();
            Arrays.sort(children, FLAT_ORDER);
            for (Node child : children) {
                if (child.isLiteral()) {
                    literalChildren |= child.mask;
                } else {
                    otherLengths |= child.lengths;
                }
                queue.add(child);
                nextId++;
            }
            flat.node(id, first.lengths, first.partitionBits, first.minCount,
                    first.mask | (first.repeats ? PatternTrie.REPEATS : 0), labelStart, labelAt - labelStart,
                    labelProduct, first.repeats ? first.lengthsAfterLabel() : 0L, firstChild, nextId,
                    literalChildren, otherLengths);
        }
        flat.terminalStart[nodes] = terminalAt;
        return new PatternTrie(flat);
    }

    /** The count of a pattern without repeats at its one length; NaN for a pattern with a repeat. */
    private static double fixedCount(Pattern pattern) {
        for (int e = 0; e < pattern.elementCount(); e++) {
            if (pattern.repeatsAt(e)) {
                return Double.NaN;
            }
        }
        return pattern.countAt(pattern.elementCount());
    }

    /** Whether {@code node}'s only child can be folded into the same flat node as {@code node}. */
    private static boolean continuesChain(Node node) {
        return !node.repeats && node.terminals.length == 0 && node.children.length == 1 && !node.children[0].repeats;
    }

    /** Fills in the summaries of {@code node} and its subtree, children first. */
    private static void summarize(Node node) {
        for (Node child : node.children) {
            summarize(child);
        }
        node.summarizeFrom(node.children);
        long after = node.lengthsAfterLabel();
        // A repeat consumes any number of digits: every length from the shortest way out is possible.
        node.lengths = (node.repeats ? -1L << Long.numberOfTrailingZeros(after) : after << 1) & PatternTrie.ALL_LENGTHS;
        node.minCount = (node.repeats ? 1.0 : Integer.bitCount(node.mask)) * node.minCountAfterLabel();
    }

    /** One element of one or more patterns: the edge into this node is {@code mask}, repeated or not. */
    private static final class Node {
        final short mask;
        final boolean repeats;
        Node[] children = NO_CHILDREN;
        /** Routes of the patterns that end here, at most one per partition. */
        Route[] terminals = NO_ROUTES;
        /** Summaries of the subtree, label included; see {@link PatternTrie}. */
        long lengths;
        long partitionBits;
        double minCount;
        private long childLengths;
        private double childMinCount;

        Node(short mask, boolean repeats) {
            this.mask = mask;
            this.repeats = repeats;
        }

        /** Whether this node's element is one symbol, not repeated. */
        boolean isLiteral() {
            return !repeats && Integer.bitCount(mask) == 1;
        }

        Node child(short childMask, boolean childRepeats) {
            for (Node child : children) {
                if (child.mask == childMask && child.repeats == childRepeats) {
                    return child;
                }
            }
            Node child = new Node(childMask, childRepeats);
            children = Arrays.copyOf(children, children.length + 1);
            children[children.length - 1] = child;
            return child;
        }

        void summarizeFrom(Node[] summarized) {
            long lengthsBelow = 0;
            long bits = 0;
            double least = Double.POSITIVE_INFINITY;
            for (Node child : summarized) {
                lengthsBelow |= child.lengths;
                bits |= child.partitionBits;
                least = Math.min(least, child.minCount);
            }
            for (Route route : terminals) {
                bits |= 1L << route.partitionIndex;
            }
            childLengths = lengthsBelow;
            childMinCount = least;
            partitionBits = bits;
        }

        /** Digits that may remain once this node's element is consumed: 0 if a pattern ends here. */
        long lengthsAfterLabel() {
            return childLengths | (terminals.length > 0 ? 1L : 0L);
        }

        double minCountAfterLabel() {
            return terminals.length > 0 ? 1.0 : childMinCount;
        }
    }
}
