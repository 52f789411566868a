package org.openipma.routing;

import java.util.Random;

/**
 * Seeded generators of valid CUCM patterns and of dialed strings over a small alphabet, so that random
 * patterns and random dial strings overlap often enough to exercise closest match. Every element the
 * parser supports can appear: literal digits, {@code * # \+}, {@code X}, ranges, lists, negated sets,
 * {@code ?}, {@code +}, one {@code .}, and a final {@code !} or {@code !#}.
 */
final class RandomPatterns {
    /** Digits the generators draw from; few, so that patterns and dial strings collide. */
    private static final String DIGITS = "0123";
    /** What a random dial string is made of: a few digits, the non-decimal dialables, and one non-dialable. */
    private static final String DIALED = "0123012301230123*#+a";

    private final Random random;

    RandomPatterns(long seed) {
        this.random = new Random(seed);
    }

    /** A valid pattern of one to {@code maxElements} elements. */
    String pattern(int maxElements) {
        StringBuilder text = new StringBuilder();
        int elements = 1 + random.nextInt(maxElements);
        boolean dotted = false;
        for (int e = 0; e < elements; e++) {
            if (!dotted && e > 0 && random.nextInt(8) == 0) {
                text.append('.');
                dotted = true;
            }
            if (e == elements - 1 && e > 0 && random.nextInt(6) == 0) {
                text.append(random.nextBoolean() ? "!" : "!#");
                return text.toString();
            }
            text.append(element());
            int quantifier = random.nextInt(10);
            if (quantifier == 0) {
                text.append('?');
            } else if (quantifier == 1) {
                text.append('+');
            }
        }
        return text.toString();
    }

    private String element() {
        switch (random.nextInt(12)) {
            case 0:
                return "X";
            case 1:
                return "*";
            case 2:
                return "#";
            case 3:
                return "\\+";
            case 4: {
                char low = digit();
                char high = (char) (low + random.nextInt('9' - low + 1));
                return "[" + low + "-" + high + "]";
            }
            case 5:
                return "[" + digit() + digit() + "]";
            case 6:
                return "[^" + digit() + "]";
            default:
                return String.valueOf(digit());
        }
    }

    private char digit() {
        return DIGITS.charAt(random.nextInt(DIGITS.length()));
    }

    /** A dial string of one to {@code maxLength} characters, mostly digits 0-3. */
    String dialed(int maxLength) {
        int length = 1 + random.nextInt(maxLength);
        StringBuilder digits = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            digits.append(DIALED.charAt(random.nextInt(DIALED.length())));
        }
        return digits.toString();
    }

    /**
     * A valid pattern of 12 to {@code maxElements} elements, mostly {@code X} and digits, so that its count
     * at its length often passes 2<sup>53</sup> (where counts must be compared exactly); one in four is a
     * literal of 15 fixed digits and a random tail, so that literals longer than 16 digits share their first
     * 15 (the literal index's key prefix). {@code maxElements} is at most 47.
     */
    String longPattern(int maxElements) {
        int elements = 12 + random.nextInt(maxElements - 11);
        StringBuilder text = new StringBuilder();
        if (random.nextInt(4) == 0) {
            text.append("123012301230123");
            while (text.length() < elements) {
                text.append(digit());
            }
            return text.toString();
        }
        for (int e = 0; e < elements && text.length() < 40; e++) {
            int kind = random.nextInt(10);
            text.append(kind < 5 ? "X" : kind < 9 ? String.valueOf(digit()) : element());
        }
        if (random.nextInt(5) == 0) {
            text.append(random.nextBoolean() ? "!" : "X?");
        }
        return text.toString();
    }

    /**
     * A dial string {@code pattern} matches, each element's symbol drawn from its set and each repeat
     * taken 0-2 times; then, one time in four, one character changed, dropped or added (a near miss).
     */
    String sample(Pattern pattern) {
        StringBuilder digits = new StringBuilder();
        for (int e = 0; e < pattern.elementCount(); e++) {
            int times = pattern.repeatsAt(e) ? random.nextInt(3) : 1;
            for (int t = 0; t < times; t++) {
                digits.append(symbolOf(pattern.maskAt(e)));
            }
        }
        switch (random.nextInt(12)) {
            case 0:
                if (digits.length() > 0) {
                    digits.setCharAt(random.nextInt(digits.length()), DIALED.charAt(random.nextInt(DIALED.length())));
                }
                break;
            case 1:
                if (digits.length() > 1) {
                    digits.deleteCharAt(random.nextInt(digits.length()));
                }
                break;
            case 2:
                digits.insert(random.nextInt(digits.length() + 1), digit());
                break;
            default:
                break;
        }
        return digits.toString();
    }

    private char symbolOf(short mask) {
        int pick = random.nextInt(Integer.bitCount(mask));
        for (int symbol = 0; ; symbol++) {
            if ((mask & (1 << symbol)) != 0 && pick-- == 0) {
                return Digits.symbol(symbol);
            }
        }
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }
}
