package org.openipma.b2bua.sip.call;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The console's "held": the ways an offer says hold, and the ones that do not. */
class SdpHoldTest {
    private static final String BASE = "v=0\r\no=a 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 %s\r\nt=0 0\r\n"
            + "m=audio 4000 RTP/AVP 0\r\n%s";

    @ParameterizedTest(name = "c={0} {1} -> {2}")
    @CsvSource({
            "127.0.0.1, a=sendrecv, false",
            "127.0.0.1, '', false",
            "127.0.0.1, a=recvonly, false",
            "127.0.0.1, a=sendonly, true",
            "127.0.0.1, a=inactive, true",
            "0.0.0.0, '', true"})
    void isHold(String address, String direction, boolean held) {
        String sdp = String.format(BASE, address, direction.isEmpty() ? "" : direction + "\r\n");

        assertEquals(held, SdpHold.isHold(sdp.getBytes(StandardCharsets.UTF_8)));
    }
}
