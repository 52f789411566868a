package org.openipma.b2bua.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What a peer sent reaches the log as one harmless line. */
class SafeMessageConverterTest {
    @Test
    void controlCharactersAreEscapedSoOneEventStaysOneLine() {
        String attacker = "REGISTER refused: user evil\r\n12:00:00 INFO security: banned src=6.6.6.6\u0000\u001b[2J";

        assertEquals("REGISTER refused: user evil\\x0d\\x0a12:00:00 INFO security: banned src=6.6.6.6\\x00\\x1b[2J",
                SafeMessageConverter.escape(attacker, false, 1000));
    }

    @Test
    void aLongMessageIsCutWithAMarker() {
        String huge = "x".repeat(65_000);

        String safe = SafeMessageConverter.escape(huge, false, SafeMessageConverter.MAX_CHARS);

        assertTrue(safe.startsWith("x".repeat(SafeMessageConverter.MAX_CHARS) + " [cut: 63000 more characters]"),
                () -> safe.substring(SafeMessageConverter.MAX_CHARS));
    }

    @Test
    void theSipTraceKeepsItsLinesButNotItsNuls() {
        assertEquals("INVITE sip:1001@h SIP/2.0\nTo: <sip:\\x00@h>\n",
                SafeMessageConverter.escape("INVITE sip:1001@h SIP/2.0\r\nTo: <sip:\u0000@h>\r\n", true, 1000));
    }
}
