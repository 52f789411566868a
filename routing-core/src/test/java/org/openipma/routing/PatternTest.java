package org.openipma.routing;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openipma.routing.Refusals.assertRefused;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PatternTest {

    /** Every supported element, with strings it must match and strings it must not. */
    static Stream<Arguments> elements() {
        return Stream.of(
                element("0123456789", List.of("0123456789"), List.of("012345678", "01234567890", "0123456788")),
                element("*1001#", List.of("*1001#"), List.of("1001#", "*1001", "#1001*")),
                element("1X", List.of("10", "15", "19"), List.of("1", "1*", "1#", "1+", "100")),
                element("[1-4]", List.of("1", "2", "4"), List.of("0", "5", "9", "*")),
                element("[135]", List.of("1", "3", "5"), List.of("2", "4", "0", "#")),
                element("[^5]", List.of("0", "4", "6", "9"), List.of("5", "*", "#", "+", "55")),
                element("9!", List.of("90", "91234", "9" + "1".repeat(40)), List.of("9", "9*", "91#", "8123")),
                element("9!#", List.of("90#", "91234#"), List.of("9#", "91234", "91#1")),
                element("1X?2", List.of("12", "152", "1555552"), List.of("1", "1*2", "15")),
                element("1X+2", List.of("152", "1555552"), List.of("12", "1*2")),
                element("[1-3]+", List.of("1", "3", "123321"), List.of("4", "1234")),
                element("9.1001", List.of("91001"), List.of("9.1001", "1001", "9100")),
                element("\\+1X", List.of("+10", "+19"), List.of("10", "110", "\\+10", "+1*")),
                element("#?\\+?1", List.of("1", "#1", "##+1", "+1"), List.of("+#1", "++1#")));
    }

    private static Arguments element(String pattern, List<String> matching, List<String> notMatching) {
        return Arguments.of(pattern, matching, notMatching);
    }

    @ParameterizedTest(name = "{0} matches {1} but not {2}")
    @MethodSource("elements")
    void parse_eachSupportedElement(String text, List<String> matching, List<String> notMatching) {
        Pattern pattern = Pattern.parse(text);
        assertEquals(text, pattern.text());
        for (String digits : matching) {
            assertTrue(pattern.matches(digits), text + " should match " + digits);
        }
        for (String digits : notMatching) {
            assertFalse(pattern.matches(digits), text + " should not match " + digits);
        }
    }

    @ParameterizedTest(name = "{0}: literal={1}")
    @CsvSource({"1001, true", "*1001#, true", "9.1001, true", "\\+15551234, true", "100X, false", "1[0]01, false",
            "1?, false", "9!, false"})
    void isLiteral_onlyForPatternsWithoutWildcards(String text, boolean literal) {
        assertEquals(literal, Pattern.parse(text).isLiteral());
    }

    @ParameterizedTest(name = "{0}: access code of {1} elements")
    @CsvSource({"1001, -1", "9.1001, 1", "9.#, 1", "\\+1.X, 2", ".1, 0", "[1-4]X., 2"})
    void accessCodeLength_countsElementsBeforeTheDot(String text, int length) {
        assertEquals(length, Pattern.parse(text).accessCodeLength());
    }

    @ParameterizedTest(name = "{0} at length {1} = {2}")
    @CsvSource({
            "1001, 4, 1", "1001, 3, 0", "1001, 5, 0",
            "100X, 4, 10", "100X, 3, 0",
            "10XX, 4, 100",
            "[0-5], 1, 6", "[^5], 1, 9", "[135], 1, 3", "[1-4][^5]X, 3, 360",
            "9!, 5, 10000", "9!, 2, 10", "9!, 1, 0", "9!#, 6, 10000",
            "1?1, 0, 0", "1?1, 1, 1", "1?1, 2, 1", "1?1, 30, 1",
            "X+, 0, 0", "X+, 1, 10", "X+, 3, 1000",
            "X?X?, 2, 100", "[0-5]?[3-9]?, 1, 10", "[0-5]?[3-9]?, 0, 1",
            "9.1001, 5, 1", "\\+1X, 3, 10", "*X#, 3, 10",
            "X!, 48, 1E48", "X!, 49, 0", "X!, -1, 0"})
    void countAt_distinctStringsOfTheDialedLength(String text, int length, String expected) {
        Pattern pattern = Pattern.parse(text);
        BigInteger exact = new java.math.BigDecimal(expected).toBigIntegerExact();
        assertAll(
                () -> assertEquals(exact, pattern.exactCountAt(length), "exactCountAt"),
                () -> assertEquals(exact.doubleValue(), pattern.countAt(length), "countAt"));
    }

    /** Counts by brute force over the whole 13-symbol alphabet, so a count that includes a wrong string fails. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void countAt_agreesWithEnumeratingEveryString(long seed) {
        RandomPatterns random = new RandomPatterns(seed);
        List<String> strings = new ArrayList<>();
        strings.add("");
        for (int length = 1; length <= 4; length++) {
            strings.addAll(allStrings(length));
        }
        for (int i = 0; i < 40; i++) {
            Pattern pattern = Pattern.parse(random.pattern(4));
            long[] counted = new long[5];
            for (String digits : strings) {
                if (pattern.matches(digits)) {
                    counted[digits.length()]++;
                }
            }
            for (int length = 0; length <= 4; length++) {
                assertEquals(BigInteger.valueOf(counted[length]), pattern.exactCountAt(length),
                        pattern + " at length " + length);
            }
        }
    }

    private static List<String> allStrings(int length) {
        List<String> strings = List.of("");
        for (int i = 0; i < length; i++) {
            List<String> longer = new ArrayList<>();
            for (String prefix : strings) {
                for (char c : "0123456789*#+".toCharArray()) {
                    longer.add(prefix + c);
                }
            }
            strings = longer;
        }
        return strings;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13, 14})
    void matches_agreesWithToRegex(long seed) {
        RandomPatterns random = new RandomPatterns(seed);
        int matched = 0;
        for (int i = 0; i < 300; i++) {
            Pattern pattern = Pattern.parse(random.pattern(6));
            java.util.regex.Pattern regex = java.util.regex.Pattern.compile(pattern.toRegex());
            for (int j = 0; j < 50; j++) {
                String digits = random.dialed(8);
                boolean expected = regex.matcher(digits).matches();
                assertEquals(expected, pattern.matches(digits), pattern + " (regex " + regex + ") on " + digits);
                matched += expected ? 1 : 0;
            }
        }
        assertTrue(matched > 100, "the sample must contain matches, found " + matched);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            10!X     | pattern '10!X': '!' must be the last element (position 2)
            9!#1     | pattern '9!#1': '!' must be the last element (position 1)
            9!##     | pattern '9!##': '!' must be the last element (position 1)
            1!+      | pattern '1!+': '!' must be the last element (position 1)
            1!?      | pattern '1!?': '!' must be the last element (position 1)
            9.@      | pattern '9.@': '@' (the North American Numbering Plan macro) is not supported (position 2)
            10xx     | pattern '10xx': 'x' is not a pattern character; the one-digit wildcard is upper-case 'X' (position 2)
            10A1     | pattern '10A1': 'A' is not a pattern character (allowed: 0-9 * # X [ ] ^ - ! ? + . \\+) (position 2)
            1001]    | pattern '1001]': ']' is not a pattern character (allowed: 0-9 * # X [ ] ^ - ! ? + . \\+) (position 4)
            1[1-4    | pattern '1[1-4': '[' is not closed by ']' (position 1)
            1[23     | pattern '1[23': '[' is not closed by ']' (position 1)
            [^0-9]   | pattern '[^0-9]': the [set] matches no digit (position 0)
            1[]      | pattern '1[]': the [set] lists no digit (position 1)
            1[^]     | pattern '1[^]': the [set] lists no digit (position 1)
            [5-1]    | pattern '[5-1]': range 5-1 runs backwards (position 1)
            [1X]     | pattern '[1X]': a [set] holds only digits 0-9 and ranges such as 1-4, not 'X' (position 2)
            [1-*]    | pattern '[1-*]': a [set] holds only digits 0-9 and ranges such as 1-4, not '*' (position 3)
            ?1       | pattern '?1': '?' must follow a digit, 'X' or a [set] (position 0)
            1??      | pattern '1??': '?' must follow a digit, 'X' or a [set] (position 2)
            X+?      | pattern 'X+?': '?' must follow a digit, 'X' or a [set] (position 2)
            9.?      | pattern '9.?': '?' must follow a digit, 'X' or a [set] (position 2)
            +1001    | pattern '+1001': '+' must follow a digit, 'X' or a [set]; write '\\+' for a literal plus (position 0)
            X?+      | pattern 'X?+': '+' must follow a digit, 'X' or a [set]; write '\\+' for a literal plus (position 2)
            \\1001   | pattern '\\1001': '\\' must be followed by '+' (a literal plus) (position 0)
            1001\\   | pattern '1001\\': '\\' must be followed by '+' (a literal plus) (position 4)
            9.1.1    | pattern '9.1.1': only one '.' (end of access code) is allowed (position 3)
            .        | pattern '.': a pattern must match at least one digit
            ""       | pattern '': a pattern must not be empty
            """)
    void parse_refusesWithExactMessage(String text, String message) {
        assertEquals(text, assertRefused(InvalidPatternException.class, message, () -> Pattern.parse(text)).pattern());
    }

    @Test
    void parse_refusesNull() {
        assertRefused(InvalidPatternException.class, "pattern '': a pattern must not be empty",
                () -> Pattern.parse(null));
    }

    @Test
    void parse_acceptsFortyEightCharactersButNotFortyNine() {
        String longest = "X".repeat(48);
        assertEquals(1e48, Pattern.parse(longest).countAt(48));
        String tooLong = "1".repeat(49);
        InvalidPatternException e = assertRefused(InvalidPatternException.class,
                "pattern '" + tooLong + "': a pattern is at most 48 characters long (it has 49)",
                () -> Pattern.parse(tooLong));
        assertEquals(-1, e.position());
    }

    @Test
    void invalidPatternException_exposesRuleAndPositionAndNamesThePartition() {
        InvalidPatternException e = assertThrows(InvalidPatternException.class, () -> Pattern.parse("10!X"));
        assertEquals("'!' must be the last element", e.rule());
        assertEquals(2, e.position());
        assertEquals("pattern '10!X' in partition PT_INTERNAL: '!' must be the last element (position 2)",
                e.inPartition("PT_INTERNAL").getMessage());
    }

    @Test
    void equalPatternsAreThoseWithTheSameText() {
        assertEquals(Pattern.parse("100X"), Pattern.parse("100X"));
        assertEquals(Pattern.parse("100X").hashCode(), Pattern.parse("100X").hashCode());
        assertFalse(Pattern.parse("100X").equals(Pattern.parse("100[0-9]")));
        assertEquals("100X", Pattern.parse("100X").toString());
    }
}
