package org.openipma.routing;

import java.math.BigInteger;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * A parsed CUCM route pattern or directory number, immutable.
 *
 * <h2>Supported syntax</h2>
 * <table>
 * <caption>elements</caption>
 * <tr><td>{@code 0-9 * #}</td><td>that digit ({@code *} is an ordinary digit; {@code #} is the digit a
 * caller presses to end dialing)</td></tr>
 * <tr><td>{@code \+}</td><td>a literal plus (E.164 prefix)</td></tr>
 * <tr><td>{@code X}</td><td>any one digit 0-9</td></tr>
 * <tr><td>{@code [1-4]}, {@code [135]}, {@code [^5]}</td><td>one digit 0-9 from the set (or not in it,
 * with {@code ^})</td></tr>
 * <tr><td>{@code !}</td><td>one or more digits 0-9; only as the last element, or followed by {@code #}</td></tr>
 * <tr><td>{@code ?}</td><td>zero or more of the preceding digit, {@code X} or set</td></tr>
 * <tr><td>{@code +}</td><td>one or more of the preceding digit, {@code X} or set</td></tr>
 * <tr><td>{@code .}</td><td>end of the access code (at most once); no effect on matching, kept for digit
 * discarding</td></tr>
 * </table>
 * Anything else (the {@code @} NANP macro, lower-case {@code x}, letters, nested quantifiers) is refused
 * with an {@link InvalidPatternException} naming the position and the rule.
 *
 * <h2>Specificity</h2>
 * {@link #countAt(int)} is the number of distinct digit strings of the given length this pattern matches:
 * {@code 1001} matches 1, {@code 100X} 10, {@code 10XX} 100, {@code 9!} at length 5 matches 10,000.
 * Closest match prefers the smallest count (see {@link DialPlan}).
 *
 * <p>Parsing, with its refusals, is in {@link PatternParser}.
 */
public final class Pattern {
    private final String text;
    /** Text matched by a plain literal pattern (dots removed, {@code \+} as {@code +}); null otherwise. */
    private final String literal;
    /** One digit set per element; null for a plain literal (derived from {@link #literal} on demand). */
    private final short[] masks;
    /** Whether element i repeats zero or more times; null when no element repeats. */
    private final boolean[] repeats;
    private final int dotElement;
    /** For a pattern without repetition: its only length and the count there; else -1 and NaN. */
    private final int fixedLength;
    private final double fixedCount;
    /** For a pattern with repetition: count by dialed length 0..MAX_LENGTH, rounded to double. */
    private final double[] countsByLength;

    private Pattern(String text, String literal, short[] masks, boolean[] repeats, int dotElement) {
        this.text = text;
        this.literal = literal;
        this.masks = masks;
        this.repeats = repeats;
        this.dotElement = dotElement;
        if (repeats == null) {
            this.fixedLength = literal != null ? literal.length() : masks.length;
            this.fixedCount = literal != null ? 1.0 : product(masks).doubleValue();
            this.countsByLength = null;
        } else {
            this.fixedLength = -1;
            this.fixedCount = Double.NaN;
            this.countsByLength = new double[Digits.MAX_LENGTH + 1];
            BigInteger[] exact = countDistinct(Digits.MAX_LENGTH);
            for (int length = 0; length <= Digits.MAX_LENGTH; length++) {
                countsByLength[length] = exact[length].doubleValue();
            }
        }
    }

    /**
     * Parses CUCM pattern text.
     *
     * @throws InvalidPatternException when the text is empty, longer than 48 characters, or breaks a rule
     */
    public static Pattern parse(String text) {
        return new PatternParser(text).parse();
    }

    static Pattern literal(String text, String digits, int dotElement) {
        return new Pattern(text, digits, null, null, dotElement);
    }

    static Pattern of(String text, short[] masks, boolean[] repeats, int dotElement) {
        return new Pattern(text, null, masks, repeats, dotElement);
    }

    /** The pattern as written. */
    public String text() {
        return text;
    }

    /** Whether the pattern matches exactly one string (a plain directory number such as {@code 1001}). */
    public boolean isLiteral() {
        return literal != null;
    }

    /** Number of elements before the {@code .} access-code marker, or -1 if there is none. */
    public int accessCodeLength() {
        return dotElement;
    }

    /**
     * The number of distinct strings of {@code length} digits this pattern matches, as a double: exact up
     * to 2<sup>53</sup>, monotone beyond. Allocation-free; 0 when the pattern cannot match that length.
     */
    public double countAt(int length) {
        if (fixedLength >= 0) {
            return length == fixedLength ? fixedCount : 0.0;
        }
        return length >= 0 && length <= Digits.MAX_LENGTH ? countsByLength[length] : 0.0;
    }

    /** The exact number of distinct strings of {@code length} digits this pattern matches. Allocates. */
    public BigInteger exactCountAt(int length) {
        if (length < 0 || length > Digits.MAX_LENGTH) {
            return BigInteger.ZERO;
        }
        if (fixedLength >= 0) {
            return length == fixedLength ? (literal != null ? BigInteger.ONE : product(masks)) : BigInteger.ZERO;
        }
        return countDistinct(length)[length];
    }

    /**
     * Compares how specific two patterns are for a dialed string of {@code length} digits: negative when
     * {@code a} matches fewer strings (is closer), zero when they match equally many. Allocation-free unless
     * both counts exceed 2<sup>53</sup> and round to the same double.
     */
    static int compareSpecificity(Pattern a, Pattern b, int length) {
        double ca = a.countAt(length);
        double cb = b.countAt(length);
        if (ca != cb || ca < 9.007199254740992E15) {
            return Double.compare(ca, cb);
        }
        return a.exactCountAt(length).compareTo(b.exactCountAt(length));
    }

    /** Whether this pattern matches the whole of {@code digits}. */
    public boolean matches(CharSequence digits) {
        if (literal != null) {
            return literal.contentEquals(digits);
        }
        return matchFrom(0, digits, 0);
    }

    private boolean matchFrom(int element, CharSequence digits, int at) {
        if (element == masks.length) {
            return at == digits.length();
        }
        if (repeats != null && repeats[element]) {
            int end = at;
            while (true) {
                if (matchFrom(element + 1, digits, end)) {
                    return true;
                }
                if (end == digits.length() || !contains(masks[element], digits.charAt(end))) {
                    return false;
                }
                end++;
            }
        }
        return at < digits.length() && contains(masks[element], digits.charAt(at))
                && matchFrom(element + 1, digits, at + 1);
    }

    private static boolean contains(short mask, char c) {
        int index = Digits.index(c);
        return index >= 0 && (mask & (1 << index)) != 0;
    }

    /** The equivalent {@link java.util.regex.Pattern} source, anchored by {@code matches()} semantics. */
    public String toRegex() {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < elementCount(); i++) {
            short mask = maskAt(i);
            if (Integer.bitCount(mask) == 1) {
                regex.append(java.util.regex.Pattern.quote(String.valueOf(Digits.symbol(Integer.numberOfTrailingZeros(mask)))));
            } else {
                regex.append('[');
                for (int d = 0; d < Digits.ALPHABET; d++) {
                    if ((mask & (1 << d)) != 0) {
                        char symbol = Digits.symbol(d);
                        regex.append(symbol == '*' || symbol == '+' || symbol == '#' ? "\\" + symbol : String.valueOf(symbol));
                    }
                }
                regex.append(']');
            }
            if (repeatsAt(i)) {
                regex.append('*');
            }
        }
        return regex.toString();
    }

    int elementCount() {
        return literal != null ? literal.length() : masks.length;
    }

    short maskAt(int element) {
        return literal != null ? (short) (1 << Digits.index(literal.charAt(element))) : masks[element];
    }

    boolean repeatsAt(int element) {
        return repeats != null && repeats[element];
    }

    private static BigInteger product(short[] masks) {
        BigInteger count = BigInteger.ONE;
        long small = 1;
        for (short mask : masks) {
            small *= Integer.bitCount(mask);
            if (small > Integer.MAX_VALUE) {
                count = count.multiply(BigInteger.valueOf(small));
                small = 1;
            }
        }
        return count.multiply(BigInteger.valueOf(small));
    }

    /**
     * Counts distinct accepted strings of each length 0..maxLength by determinizing on the fly: a string
     * with several parses (as in {@code 1?1}) must count once, so counting parses would be wrong.
     */
    private BigInteger[] countDistinct(int maxLength) {
        int accepting = masks.length;
        Map<BitSet, BigInteger> current = new HashMap<>();
        BitSet start = new BitSet();
        start.set(0);
        current.put(closure(start), BigInteger.ONE);
        BigInteger[] counts = new BigInteger[maxLength + 1];
        for (int length = 0; length <= maxLength; length++) {
            BigInteger accepted = BigInteger.ZERO;
            for (Map.Entry<BitSet, BigInteger> state : current.entrySet()) {
                if (state.getKey().get(accepting)) {
                    accepted = accepted.add(state.getValue());
                }
            }
            counts[length] = accepted;
            if (length == maxLength) {
                break;
            }
            Map<BitSet, BigInteger> next = new HashMap<>();
            for (Map.Entry<BitSet, BigInteger> state : current.entrySet()) {
                for (int symbol = 0; symbol < Digits.ALPHABET; symbol++) {
                    BitSet moved = move(state.getKey(), symbol);
                    if (!moved.isEmpty()) {
                        next.merge(closure(moved), state.getValue(), BigInteger::add);
                    }
                }
            }
            current = next;
        }
        return counts;
    }

    private BitSet closure(BitSet states) {
        for (int s = states.nextSetBit(0); s >= 0 && s < masks.length; s = states.nextSetBit(s + 1)) {
            if (repeats[s]) {
                states.set(s + 1);
            }
        }
        return states;
    }

    private BitSet move(BitSet states, int symbol) {
        BitSet moved = new BitSet();
        for (int s = states.nextSetBit(0); s >= 0 && s < masks.length; s = states.nextSetBit(s + 1)) {
            if ((masks[s] & (1 << symbol)) != 0) {
                moved.set(repeats[s] ? s : s + 1);
            }
        }
        return moved;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Pattern && ((Pattern) other).text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
