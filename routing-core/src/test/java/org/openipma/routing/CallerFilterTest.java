package org.openipma.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CallerFilterTest {

    @ParameterizedTest(name = "''{0}'' vs {1}: {2}")
    @CsvSource({
            "1001, 1001, true", "1001, 1002, false", "1001, 10011, false", "1001, 100, false",
            "1XXX, 1234, true", "1xxx, 1234, true", "1XXX, 2234, false", "1XXX, 12345, false", "1XXX, 1*34, false",
            "9*, 9, true", "9*, 95551234, true", "9*, 89, false",
            "*5555, 5555, true", "*5555, 4155555555, true", "*5555, 55551, false",
            "*555*, 1555, true", "*555*, 5551, true", "*555*, 15551, true", "*555*, 5155, false",
            "*, '', true", "*, 4155550100, true", "*, +14155550100, true",
            "*X5, 125, true", "*X5, 5, false",
            "'415-555 01.00', 4155550100, true", "'415-555 01.00', 415-555-0100, false",
            "+1415*, +14155550100, true", "+1415*, 14155550100, false"})
    void matches_againstTheCallingNumber(String entry, String callingNumber, boolean expected) {
        assertEquals(expected, CallerFilter.matches(entry, callingNumber));
    }

    @Test
    void anyMatches_trueWhenOneEntryMatches() {
        List<String> entries = List.of("1XXX", "*5555");
        assertTrue(CallerFilter.anyMatches(entries, "4155555555"));
        assertTrue(CallerFilter.anyMatches(entries, "1002"));
        assertFalse(CallerFilter.anyMatches(entries, "2002"));
        assertFalse(CallerFilter.anyMatches(List.of(), "1002"));
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"1001", "1xXx", "9*", "*5555", "*555*", "*", "**", "415-555 01.00", "+1415*", "*#"})
    void checkEntry_acceptsValidEntries(String entry) {
        assertNull(CallerFilter.checkEntry(entry));
    }

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            1*1   | is not a filter entry: '*' is allowed only at the start or the end
            *1*1  | is not a filter entry: '*' is allowed only at the start or the end
            1?    | is not a filter entry: '?' is not allowed (digits, X, * at the start or end; - . and spaces are ignored)
            1[2]  | is not a filter entry: '[' is not allowed (digits, X, * at the start or end; - . and spaces are ignored)
            10a1  | is not a filter entry: 'a' is not allowed (digits, X, * at the start or end; - . and spaces are ignored)
            " - " | is an empty filter entry
            ""    | is an empty filter entry
            """)
    void checkEntry_namesTheRuleBroken(String entry, String message) {
        assertEquals(message, CallerFilter.checkEntry(entry));
    }
}
