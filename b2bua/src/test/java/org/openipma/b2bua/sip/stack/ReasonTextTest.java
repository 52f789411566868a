package org.openipma.b2bua.sip.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReasonTextTest {
    @Test
    void reasonText_oneLineOfPrintableAsciiWithoutArrayIdentitiesOrParentheses() {
        assertEquals("CSeq: x folded :unexpected EOL",
                StrictMessageParserFactory.StrictMessageParser.reasonText("CSeq: x\r\n folded\n:unexpected EOL"));
        assertEquals("? ID expected", StrictMessageParserFactory.StrictMessageParser.reasonText("[C@49ed66c6 ID expected"));
        assertEquals("From: \"a b\" [c]", StrictMessageParserFactory.StrictMessageParser.reasonText("From: \"a\u0000b\" (c)\u00ff"));
        assertEquals("unparsable request", StrictMessageParserFactory.StrictMessageParser.reasonText(null));
        String cut = StrictMessageParserFactory.StrictMessageParser.reasonText("x".repeat(500));
        assertEquals(StrictMessageParserFactory.MAX_REASON, cut.length());
        assertEquals("...", cut.substring(cut.length() - 3));
    }
}
