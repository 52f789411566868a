package org.openipma.b2bua.sip.fuzz;

/** The well-formed requests the fuzz run damages: one of each method the server serves, to the lab's lines. */
final class Seeds {
    private static final String SDP = "v=0\r\no=fuzz 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
    private static final String[][] REQUESTS = {
            {"INVITE", "sip:1001@127.0.0.1", "Contact: <sip:1003@127.0.0.1:LOCAL>\r\nContent-Type: application/sdp\r\n", SDP},
            {"REGISTER", "sip:127.0.0.1", "Contact: <sip:1003@127.0.0.1:LOCAL>\r\nExpires: 60\r\n", ""},
            {"OPTIONS", "sip:127.0.0.1", "Accept: application/sdp\r\n", ""},
            {"SUBSCRIBE", "sip:1001@127.0.0.1", "Event: dialog\r\nAccept: application/dialog-info+xml\r\n"
                    + "Contact: <sip:1003@127.0.0.1:LOCAL>\r\nExpires: 60\r\n", ""},
            {"NOTIFY", "sip:1001@127.0.0.1", "Event: message-summary\r\nSubscription-State: active\r\n"
                    + "Content-Type: application/simple-message-summary\r\n", "Messages-Waiting: yes\r\n"},
            {"BYE", "sip:1001@127.0.0.1", "", ""},
            {"CANCEL", "sip:1001@127.0.0.1", "", ""},
            {"ACK", "sip:1001@127.0.0.1", "", ""},
            {"INFO", "sip:1001@127.0.0.1", "Content-Type: application/dtmf-relay\r\n", "Signal=5\r\nDuration=160\r\n"},
            {"REFER", "sip:1001@127.0.0.1", "Refer-To: <sip:1002@127.0.0.1>\r\n", ""},
    };

    private Seeds() {
    }

    /** The {@code n}th request (cycling through the methods) from {@code 127.0.0.1:local} over {@code transport}. */
    static String pick(int n, String transport, int local, int serverPort) {
        String[] r = REQUESTS[n % REQUESTS.length];
        String method = r[0];
        return method + " " + r[1] + " SIP/2.0\r\n"
                + "Via: SIP/2.0/" + transport + " 127.0.0.1:" + local + ";rport;branch=z9hG4bK-fuzz-" + n + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:1003@127.0.0.1>;tag=fuzz" + n + "\r\n"
                + "To: <" + r[1] + ">" + (method.equals("BYE") || method.equals("INFO") ? ";tag=b2bua" : "") + "\r\n"
                + "Call-ID: fuzz-" + n + "@127.0.0.1\r\n"
                + "CSeq: " + (1 + n % 7) + " " + method + "\r\n"
                + r[2].replace("LOCAL", Integer.toString(local))
                + "User-Agent: openipma-fuzz\r\n"
                + "Content-Length: " + r[3].length() + "\r\n\r\n" + r[3];
    }
}
