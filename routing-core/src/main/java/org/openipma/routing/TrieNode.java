package org.openipma.routing;

import java.util.Arrays;
import java.util.Collection;

/**
 * One node of a partition's pattern trie. Literal digits index a 13-slot array; sets, {@code X} and
 * repeated elements hang off a short list of {@link WildEdge}s, shared by every pattern with the same
 * element at this depth.
 *
 * <p>Memory matters at a million patterns: a child that would be a leaf holding only a fixed-length route
 * is stored as the {@link Route} itself in the literal slot (no node), and the slot array is only created
 * for the first literal child.
 */
final class TrieNode {
    /** Per dialable digit: null, a {@link TrieNode}, or a {@link Route} that ends right after that digit. */
    private Object[] literal;
    private WildEdge[] wild;
    /** A pattern that ends exactly here (all of its elements consumed). */
    Route terminal;

    /** Inserts {@code route}'s pattern below this node; returns the route already there, if any. */
    Route insert(Route route) {
        Pattern pattern = route.pattern();
        TrieNode node = this;
        int last = pattern.elementCount() - 1;
        for (int e = 0; e <= last; e++) {
            short mask = pattern.maskAt(e);
            boolean repeats = pattern.repeatsAt(e);
            if (!repeats && Integer.bitCount(mask) == 1) {
                int digit = Integer.numberOfTrailingZeros(mask);
                if (node.literal == null) {
                    node.literal = new Object[Digits.ALPHABET];
                }
                Object child = node.literal[digit];
                if (e == last && child == null) {
                    node.literal[digit] = route;
                    return null;
                }
                if (child == null || child instanceof Route) {
                    TrieNode inner = new TrieNode();
                    inner.terminal = (Route) child;
                    node.literal[digit] = inner;
                    child = inner;
                }
                node = (TrieNode) child;
            } else {
                node = node.wildChild(mask, repeats);
            }
        }
        Route existing = node.terminal;
        if (existing == null) {
            node.terminal = route;
        }
        return existing;
    }

    private TrieNode wildChild(short mask, boolean repeats) {
        if (wild != null) {
            for (WildEdge edge : wild) {
                if (edge.mask == mask && edge.repeats == repeats) {
                    return edge.child;
                }
            }
        }
        WildEdge edge = new WildEdge(mask, repeats, new TrieNode());
        wild = wild == null ? new WildEdge[] {edge} : appended(wild, edge);
        return edge.child;
    }

    private static WildEdge[] appended(WildEdge[] edges, WildEdge edge) {
        WildEdge[] grown = Arrays.copyOf(edges, edges.length + 1);
        grown[edges.length] = edge;
        return grown;
    }

    /**
     * The closest match below this node for {@code digits[at..length)}, or {@code best} if none is closer.
     * Allocation-free. Ties within one partition go to the pattern declared first.
     */
    Route closest(CharSequence digits, int at, int length, Route best) {
        if (at == length) {
            best = closer(terminal, best, length);
        } else if (literal != null) {
            int digit = Digits.index(digits.charAt(at));
            Object child = digit < 0 ? null : literal[digit];
            if (child instanceof TrieNode) {
                best = ((TrieNode) child).closest(digits, at + 1, length, best);
            } else if (child != null && at + 1 == length) {
                best = closer((Route) child, best, length);
            }
        }
        if (wild != null) {
            for (WildEdge edge : wild) {
                best = edge.closest(digits, at, length, best);
            }
        }
        return best;
    }

    /** Adds every route below this node that matches {@code digits[at..length)}. Allocates; explain path. */
    void collect(CharSequence digits, int at, int length, Collection<Route> matches) {
        if (at == length) {
            if (terminal != null) {
                matches.add(terminal);
            }
        } else if (literal != null) {
            int digit = Digits.index(digits.charAt(at));
            Object child = digit < 0 ? null : literal[digit];
            if (child instanceof TrieNode) {
                ((TrieNode) child).collect(digits, at + 1, length, matches);
            } else if (child != null && at + 1 == length) {
                matches.add((Route) child);
            }
        }
        if (wild != null) {
            for (WildEdge edge : wild) {
                edge.collect(digits, at, length, matches);
            }
        }
    }

    static Route closer(Route candidate, Route best, int length) {
        if (candidate == null) {
            return best;
        }
        if (best == null) {
            return candidate;
        }
        int bySpecificity = Pattern.compareSpecificity(candidate.pattern(), best.pattern(), length);
        return bySpecificity < 0 || (bySpecificity == 0 && candidate.ordinal < best.ordinal) ? candidate : best;
    }

    /** An edge for a digit set, {@code X}, or an element that repeats zero or more times. */
    static final class WildEdge {
        final short mask;
        final boolean repeats;
        final TrieNode child;

        WildEdge(short mask, boolean repeats, TrieNode child) {
            this.mask = mask;
            this.repeats = repeats;
            this.child = child;
        }

        Route closest(CharSequence digits, int at, int length, Route best) {
            if (!repeats) {
                return at < length && accepts(digits.charAt(at)) ? child.closest(digits, at + 1, length, best) : best;
            }
            int end = at;
            while (true) {
                best = child.closest(digits, end, length, best);
                if (end == length || !accepts(digits.charAt(end))) {
                    return best;
                }
                end++;
            }
        }

        void collect(CharSequence digits, int at, int length, Collection<Route> matches) {
            if (!repeats) {
                if (at < length && accepts(digits.charAt(at))) {
                    child.collect(digits, at + 1, length, matches);
                }
                return;
            }
            int end = at;
            while (true) {
                child.collect(digits, end, length, matches);
                if (end == length || !accepts(digits.charAt(end))) {
                    return;
                }
                end++;
            }
        }

        private boolean accepts(char c) {
            int digit = Digits.index(c);
            return digit >= 0 && (mask & (1 << digit)) != 0;
        }
    }
}
