package org.openipma.routing;

/**
 * Applies a CUCM destination mask such as a Call Forward destination of {@code 100X}: the mask is aligned
 * on the right of the dialed digits, each {@code X} keeps the dialed digit in its position and any other
 * character replaces it. {@code 100X} applied to {@code 1003} gives {@code 1003}; {@code 5XXX} applied to
 * {@code 1003} gives {@code 5003}. A mask without {@code X} is a plain number and is returned unchanged.
 * {@code X} positions left of the first dialed digit are dropped.
 */
public final class DigitMask {
    private DigitMask() {
    }

    public static String apply(String mask, String dialed) {
        if (mask.indexOf('X') < 0) {
            return mask;
        }
        StringBuilder result = new StringBuilder(mask.length());
        int offset = dialed.length() - mask.length();
        for (int i = 0; i < mask.length(); i++) {
            char m = mask.charAt(i);
            int d = i + offset;
            if (m != 'X') {
                result.append(m);
            } else if (d >= 0) {
                result.append(dialed.charAt(d));
            }
        }
        return result.toString();
    }

    /** Whether {@code text} is a usable mask: digits 0-9, {@code *}, {@code #}, a leading {@code +}, and {@code X}. */
    public static boolean isValid(String text) {
        if (text == null || text.isEmpty() || text.length() > Digits.MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = c == 'X' || (Digits.index(c) >= 0 && (c != '+' || i == 0));
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
