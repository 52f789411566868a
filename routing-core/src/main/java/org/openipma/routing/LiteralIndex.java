package org.openipma.routing;

import java.util.Collection;

/**
 * The plan's single-string patterns (plain directory numbers such as {@code 1001} or {@code \+14085551234},
 * also written {@code 100[1]} or {@code 1.001}), all partitions together, found by the one string each
 * matches. They count 1, the least a pattern can, and are most of a large plan, so a lookup answers them
 * with one hash probe instead of a walk down one trie per partition.
 *
 * <h2>Layout</h2>
 * Open addressing with linear probing over two parallel arrays: {@code keys[slot]} holds the pattern's
 * string packed by {@link #keyOf(CharSequence)} (0 = empty slot), {@code routes[slot]} its {@link Route}.
 * The same number declared in several partitions takes several slots with equal keys; a probe visits
 * all of them before the empty slot that ends it, and keeps the one whose partition comes first in the
 * caller's CSS. A slot costs 12 bytes; the table grows by half when three quarters full, so a million
 * numbers take 12-24 MB (18 MB at exactly one million). The index is never shrunk or rehashed at
 * {@code build()}: under a tight heap the transient copy would cost more than the slack saved.
 *
 * <h2>Keys</h2>
 * A string of up to 16 symbols is packed exactly, 4 bits a symbol ({@link Digits} index + 1, so no
 * symbol is 0 and the length is implied). A longer one (CUCM allows 48) packs its first 15 symbols and a
 * marker nibble {@code 0xF}; such keys are shared by different strings, so a probe confirms them against
 * the pattern itself. Not thread-safe while being filled; read-only and safe to share once the plan is
 * built.
 */
final class LiteralIndex {
    /** The key of no string: marks an empty slot, and is what {@link #keyOf} returns for an undialable one. */
    static final long NO_KEY = 0L;
    private static final int EXACT_SYMBOLS = 16;
    private static final long LONG_STRING = 0xFL << 60;
    private static final int INITIAL_CAPACITY = 1024;

    private long[] keys = new long[INITIAL_CAPACITY];
    private Route[] routes = new Route[INITIAL_CAPACITY];
    private int size;

    /**
     * Whether {@code pattern} matches exactly one string at exactly one length: no element repeats and
     * every element is a single symbol. Such a pattern belongs in this index.
     */
    static boolean holds(Pattern pattern) {
        if (pattern.isLiteral()) {
            return true;
        }
        for (int e = 0; e < pattern.elementCount(); e++) {
            if (pattern.repeatsAt(e) || Integer.bitCount(pattern.maskAt(e)) != 1) {
                return false;
            }
        }
        return true;
    }

    /**
     * The key of a dialed string, or {@link #NO_KEY} when it holds a character that is not dialable (such a
     * string matches no pattern at all). Allocation-free; {@code digits} must not be empty.
     */
    static long keyOf(CharSequence digits) {
        int length = digits.length();
        int packed = length > EXACT_SYMBOLS ? EXACT_SYMBOLS - 1 : length;
        long key = length > EXACT_SYMBOLS ? LONG_STRING : 0L;
        for (int i = 0; i < length; i++) {
            int symbol = Digits.index(digits.charAt(i));
            if (symbol < 0) {
                return NO_KEY;
            }
            if (i < packed) {
                key |= (long) (symbol + 1) << (4 * i);
            }
        }
        return key;
    }

    /** The key of the one string a pattern accepted by {@link #holds} matches. */
    private static long keyOf(Pattern pattern) {
        int length = pattern.elementCount();
        int packed = length > EXACT_SYMBOLS ? EXACT_SYMBOLS - 1 : length;
        long key = length > EXACT_SYMBOLS ? LONG_STRING : 0L;
        for (int e = 0; e < packed; e++) {
            key |= (long) (Integer.numberOfTrailingZeros(pattern.maskAt(e)) + 1) << (4 * e);
        }
        return key;
    }

    /**
     * Adds {@code route}, whose pattern {@link #holds}; returns the route of its partition that already
     * matches the same string (the pattern is then a duplicate and is not added), else null.
     */
    Route add(Route route) {
        Pattern pattern = route.pattern();
        long key = keyOf(pattern);
        int slot = slotOf(key);
        for (long k = keys[slot]; k != NO_KEY; k = keys[slot = next(slot)]) {
            if (k == key && routes[slot].partitionIndex == route.partitionIndex
                    && ((key & LONG_STRING) != LONG_STRING || sameString(routes[slot].pattern(), pattern))) {
                return routes[slot];
            }
        }
        keys[slot] = key;
        routes[slot] = route;
        if (++size > keys.length / 4 * 3) {
            grow();
        }
        return null;
    }

    /**
     * Of the routes matching {@code digits}, the one whose partition comes first in the CSS described by
     * {@code positions} (see {@link CallingSearchSpace#positions}), or null. Allocation-free.
     *
     * @param key {@link #keyOf(CharSequence) keyOf(digits)}, not {@link #NO_KEY}
     */
    Route first(long key, CharSequence digits, int[] positions) {
        Route first = null;
        int firstPosition = Integer.MAX_VALUE;
        int slot = slotOf(key);
        for (long k = keys[slot]; k != NO_KEY; k = keys[slot = next(slot)]) {
            if (k == key) {
                Route route = routes[slot];
                int position = positions[route.partitionIndex];
                if (position >= 0 && position < firstPosition
                        && ((key & LONG_STRING) != LONG_STRING || route.pattern().matches(digits))) {
                    first = route;
                    firstPosition = position;
                }
            }
        }
        return first;
    }

    /** Adds every route matching {@code digits}, whatever its partition. Explain path. */
    void collect(long key, CharSequence digits, Collection<Route> matches) {
        int slot = slotOf(key);
        for (long k = keys[slot]; k != NO_KEY; k = keys[slot = next(slot)]) {
            if (k == key && ((key & LONG_STRING) != LONG_STRING || routes[slot].pattern().matches(digits))) {
                matches.add(routes[slot]);
            }
        }
    }

    /**
     * Home slot of {@code key}: a 32-bit mix of the key (shifts around a multiply, so that a block of
     * numbers, which differ only in the key's high nibbles, spreads over the whole table), scaled to the
     * capacity by a multiply rather than a mask, so the capacity need not be a power of two.
     */
    private int slotOf(long key) {
        long hash = (key ^ (key >>> 29)) * 0xBF58476D1CE4E5B9L;
        hash = (hash ^ (hash >>> 32)) & 0xFFFFFFFFL;
        return (int) ((hash * keys.length) >>> 32);
    }

    private int next(int slot) {
        return slot + 1 == keys.length ? 0 : slot + 1;
    }

    private void grow() {
        long[] oldKeys = keys;
        Route[] oldRoutes = routes;
        int capacity = oldKeys.length + oldKeys.length / 2;
        keys = new long[capacity];
        routes = new Route[capacity];
        for (int old = 0; old < oldKeys.length; old++) {
            if (oldKeys[old] != NO_KEY) {
                int slot = slotOf(oldKeys[old]);
                while (keys[slot] != NO_KEY) {
                    slot = next(slot);
                }
                keys[slot] = oldKeys[old];
                routes[slot] = oldRoutes[old];
            }
        }
    }

    /** Whether two patterns accepted by {@link #holds} match the same string. */
    private static boolean sameString(Pattern a, Pattern b) {
        if (a.elementCount() != b.elementCount()) {
            return false;
        }
        for (int e = 0; e < a.elementCount(); e++) {
            if (a.maskAt(e) != b.maskAt(e)) {
                return false;
            }
        }
        return true;
    }
}
