package org.openipma.routing;

import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser of one pattern for {@link Pattern#parse}; every refusal names the rule and the
 * position. Builds the compact form {@link Pattern} keeps: a plain literal when the text has no set,
 * {@code X}, {@code !} or quantifier, else one digit mask per element and which elements repeat.
 */
final class PatternParser {
    private final String text;
    private final List<Short> masks = new ArrayList<>();
    private final List<Boolean> repeats = new ArrayList<>();
    private int dotElement = -1;
    private boolean endsWithBang;
    private int bangPosition = -1;

    PatternParser(String text) {
        this.text = text;
    }

    Pattern parse() {
        if (text == null || text.isEmpty()) {
            throw new InvalidPatternException(text == null ? "" : text, "a pattern must not be empty", -1);
        }
        if (text.length() > Digits.MAX_LENGTH) {
            throw error("a pattern is at most " + Digits.MAX_LENGTH + " characters long (it has " + text.length() + ")", -1);
        }
        boolean plain = true;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (endsWithBang && (c != '#' || i != bangPosition + 1)) {
                throw error("'!' must be the last element", bangPosition);
            }
            if ((c >= '0' && c <= '9') || c == '*' || c == '#') {
                add((short) (1 << Digits.index(c)));
                i++;
            } else if (c == 'X') {
                add(Digits.DECIMAL);
                plain = false;
                i++;
            } else if (c == '[') {
                i = parseSet(i);
                plain = false;
            } else if (c == '!') {
                add(Digits.DECIMAL);
                add(Digits.DECIMAL);
                repeats.set(repeats.size() - 1, true);
                endsWithBang = true;
                bangPosition = i;
                plain = false;
                i++;
            } else if (c == '?' || c == '+') {
                quantify(c, i);
                plain = false;
                i++;
            } else if (c == '\\') {
                if (i + 1 >= text.length() || text.charAt(i + 1) != '+') {
                    throw error("'\\' must be followed by '+' (a literal plus)", i);
                }
                add((short) (1 << Digits.PLUS));
                i += 2;
            } else if (c == '.') {
                if (dotElement >= 0) {
                    throw error("only one '.' (end of access code) is allowed", i);
                }
                dotElement = masks.size();
                i++;
            } else if (c == '@') {
                throw error("'@' (the North American Numbering Plan macro) is not supported", i);
            } else if (c == 'x') {
                throw error("'x' is not a pattern character; the one-digit wildcard is upper-case 'X'", i);
            } else {
                throw error("'" + c + "' is not a pattern character (allowed: 0-9 * # X [ ] ^ - ! ? + . \\+)", i);
            }
        }
        if (masks.isEmpty()) {
            throw error("a pattern must match at least one digit", -1);
        }
        if (plain && !repeats.contains(Boolean.TRUE)) {
            StringBuilder digits = new StringBuilder(masks.size());
            for (short mask : masks) {
                digits.append(Digits.symbol(Integer.numberOfTrailingZeros(mask)));
            }
            String literal = digits.toString();
            return Pattern.literal(text, literal.equals(text) ? text : literal, dotElement);
        }
        short[] maskArray = new short[masks.size()];
        boolean[] repeatArray = new boolean[masks.size()];
        boolean anyRepeat = false;
        for (int e = 0; e < maskArray.length; e++) {
            maskArray[e] = masks.get(e);
            repeatArray[e] = repeats.get(e);
            anyRepeat |= repeatArray[e];
        }
        return Pattern.of(text, maskArray, anyRepeat ? repeatArray : null, dotElement);
    }

    private void add(short mask) {
        masks.add(mask);
        repeats.add(false);
    }

    private void quantify(char quantifier, int position) {
        int last = masks.size() - 1;
        boolean follows = last >= 0 && !repeats.get(last) && text.charAt(position - 1) != '.';
        if (!follows) {
            throw error("'" + quantifier + "' must follow a digit, 'X' or a [set]"
                    + (quantifier == '+' ? "; write '\\+' for a literal plus" : ""), position);
        }
        if (quantifier == '?') {
            repeats.set(last, true);
        } else {
            add(masks.get(last));
            repeats.set(last + 1, true);
        }
    }

    private int parseSet(int open) {
        int i = open + 1;
        boolean negated = i < text.length() && text.charAt(i) == '^';
        if (negated) {
            i++;
        }
        int mask = 0;
        while (true) {
            if (i >= text.length()) {
                throw error("'[' is not closed by ']'", open);
            }
            char c = text.charAt(i);
            if (c == ']') {
                if (i == open + 1 + (negated ? 1 : 0)) {
                    throw error("the [set] lists no digit", open);
                }
                break;
            }
            if (c < '0' || c > '9') {
                throw error("a [set] holds only digits 0-9 and ranges such as 1-4, not '" + c + "'", i);
            }
            if (i + 2 < text.length() && text.charAt(i + 1) == '-' && text.charAt(i + 2) != ']') {
                char high = text.charAt(i + 2);
                if (high < '0' || high > '9') {
                    throw error("a [set] holds only digits 0-9 and ranges such as 1-4, not '" + high + "'", i + 2);
                }
                if (high < c) {
                    throw error("range " + c + "-" + high + " runs backwards", i);
                }
                for (char d = c; d <= high; d++) {
                    mask |= 1 << (d - '0');
                }
                i += 3;
            } else {
                mask |= 1 << (c - '0');
                i++;
            }
        }
        if (negated) {
            mask = ~mask & Digits.DECIMAL;
        }
        if (mask == 0) {
            throw error("the [set] matches no digit", open);
        }
        add((short) mask);
        return i + 1;
    }

    private InvalidPatternException error(String rule, int position) {
        return new InvalidPatternException(text, rule, position);
    }
}
