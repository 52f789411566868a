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

    int nextInt(int bound) {
        return random.nextInt(bound);
    }
}
