package org.openipma.b2bua.sip.testing;

/** The SDP the in-process test phones offer and answer: one PCMU audio stream on 127.0.0.1. */
final class TestSdp {
    private TestSdp() {
    }

    /** A session description from {@code origin} (its o= user) receiving audio on {@code rtpPort}. */
    static String audio(String origin, int rtpPort) {
        return String.join("\r\n",
                "v=0",
                "o=" + origin + " 1 1 IN IP4 127.0.0.1",
                "s=-",
                "c=IN IP4 127.0.0.1",
                "t=0 0",
                "m=audio " + rtpPort + " RTP/AVP 0",
                "a=rtpmap:0 PCMU/8000",
                "");
    }
}
