package org.openipma.routing;

/**
 * The dialable alphabet: {@code 0-9}, {@code *}, {@code #} and {@code +} (E.164 prefix), as indexes 0..12.
 * Digit sets are 13-bit masks over these indexes.
 */
final class Digits {
    static final int ALPHABET = 13;
    static final int STAR = 10;
    static final int HASH = 11;
    static final int PLUS = 12;
    /** The set {@code X} and {@code !} stand for: the ten decimal digits only, as in CUCM. */
    static final short DECIMAL = 0x3FF;
    /** Longest dialed string and longest pattern accepted (CUCM's limit for a pattern is 48 characters). */
    static final int MAX_LENGTH = 48;

    /** Index by ASCII character; a table because a lookup converts every dialed character. */
    private static final byte[] INDEX = new byte[128];

    static {
        java.util.Arrays.fill(INDEX, (byte) -1);
        for (int d = 0; d < 10; d++) {
            INDEX['0' + d] = (byte) d;
        }
        INDEX['*'] = STAR;
        INDEX['#'] = HASH;
        INDEX['+'] = PLUS;
    }

    private Digits() {
    }

    /** Index of a dialable character, or -1 if it is not dialable. */
    static int index(char c) {
        return c < INDEX.length ? INDEX[c] : -1;
    }

    static char symbol(int index) {
        return index < 10 ? (char) ('0' + index) : "*#+".charAt(index - 10);
    }
}
