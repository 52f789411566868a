package org.openipma.b2bua.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openipma.b2bua.IpmaServer;
import org.openipma.b2bua.TestConfigs;
import org.openipma.b2bua.sip.testing.RawSip;
import org.openipma.b2bua.sipp.LoopbackPorts;

/**
 * Server transactions are matched on branch, sent-by and method (RFC 3261 §17.2.3), not on the branch alone: a
 * request reusing a branch seen in the last 32 s is answered as a request of its own when another sender or
 * another method sent it, and as a retransmission only when it is one.
 */
@Timeout(30)
class BranchReuseTest {
    private static final String BRANCH = "z9hG4bK-reused-branch";

    @Test
    void aBranchReusedByAnotherSenderIsAnsweredAndAnotherMethodGetsItsOwnAnswer() throws Exception {
        int port = LoopbackPorts.freeUdpAndTcp();
        RawSip raw = new RawSip(port, 2000);
        try (IpmaServer server = IpmaServer.start(TestConfigs.cluster(TestConfigs.LAB), "127.0.0.1", port);
             DatagramSocket first = raw.udpSocket();
             DatagramSocket second = raw.udpSocket()) {
            raw.send(first, request("OPTIONS", first.getLocalPort(), "a"));
            assertEquals("SIP/2.0 200 OK", statusLine(raw.receive(first)));

            raw.send(second, request("OPTIONS", second.getLocalPort(), "b"));
            String answer = raw.receive(second);
            assertEquals("SIP/2.0 200 OK", statusLine(answer), "another sender's request with the same branch");
            assertTrue(answer.contains("Call-ID: b@127.0.0.1"), answer);

            raw.send(first, request("INFO", first.getLocalPort(), "c"));
            answer = raw.receive(first);
            assertEquals("SIP/2.0 481 Call Does Not Exist", statusLine(answer), "another method, same sender and branch");
            assertTrue(answer.contains("CSeq: 1 INFO"), answer);

            raw.send(first, request("OPTIONS", first.getLocalPort(), "a"));
            answer = raw.receive(first);
            assertEquals("SIP/2.0 200 OK", statusLine(answer), "a retransmission gets the transaction's answer again");
            assertTrue(answer.contains("Call-ID: a@127.0.0.1"), answer);
        }
    }

    private static String request(String method, int localPort, String callId) {
        return method + " sip:127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + localPort + ";branch=" + BRANCH + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:probe@127.0.0.1>;tag=" + callId + "\r\n"
                + "To: <sip:127.0.0.1>\r\n"
                + "Call-ID: " + callId + "@127.0.0.1\r\n"
                + "CSeq: 1 " + method + "\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    private static String statusLine(String answer) {
        return answer == null ? null : answer.substring(0, answer.indexOf("\r\n"));
    }
}
