package org.openipma.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DigitMaskTest {

    @ParameterizedTest(name = "{0} applied to {1} = {2}")
    @CsvSource({
            "100X, 1003, 1003",
            "5XXX, 1003, 5003",
            "8000, 1003, 8000",
            "+14155550100, 1003, +14155550100",
            "XXXX, 1003, 1003",
            "*X, 1003, *3",
            "9XX, 1003, 903",
            "100XX, 12, 10012",
            "XX1X, 5, 15",
            "X, '', ''",
            "+1415555XXXX, 1003, +14155551003"})
    void apply_alignsTheMaskOnTheRightOfTheDialedDigits(String mask, String dialed, String expected) {
        assertEquals(expected, DigitMask.apply(mask, dialed));
    }

    @ParameterizedTest(name = "''{0}'' valid={1}")
    @CsvSource({
            "100X, true", "8000, true", "*1001, true", "9#, true", "+1415555XXXX, true",
            "'', false", "1+1, false", "++1, false", "10x1, false", "10.1, false", "[1-3]00X, false", "1!, false"})
    void isValid_digitsStarHashLeadingPlusAndX(String mask, boolean valid) {
        assertEquals(valid, DigitMask.isValid(mask));
    }

    @ParameterizedTest(name = "length {0} valid={1}")
    @CsvSource({"48, true", "49, false"})
    void isValid_atMost48Characters(int length, boolean valid) {
        assertEquals(valid, DigitMask.isValid("X".repeat(length)));
    }
}
