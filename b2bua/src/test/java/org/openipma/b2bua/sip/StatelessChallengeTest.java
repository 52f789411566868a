package org.openipma.b2bua.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openipma.b2bua.IpmaServer;
import org.openipma.b2bua.TestConfigs;
import org.openipma.b2bua.sipp.LoopbackPorts;

/**
 * An INVITE without credentials is challenged statelessly: one 407, never retransmitted, so a spoofed source that
 * never ACKs cannot turn the server into an amplifier (RFC 3261 §8.2.7; Kamailio's {@code sl_send_reply}).
 */
@Timeout(30)
class StatelessChallengeTest {

    @Test
    void anUnacknowledged407IsSentOnceNotRetransmitted() throws Exception {
        int port = LoopbackPorts.freeUdpAndTcp();
        try (IpmaServer server = IpmaServer.start(TestConfigs.cluster(TestConfigs.LAB), "127.0.0.1", port);
             DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            String invite = "INVITE sip:1001@127.0.0.1:" + port + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + socket.getLocalPort() + ";branch=z9hG4bK-stateless-1\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <sip:1003@127.0.0.1>;tag=spoof\r\n"
                    + "To: <sip:1001@127.0.0.1>\r\n"
                    + "Call-ID: stateless-1@127.0.0.1\r\n"
                    + "CSeq: 1 INVITE\r\n"
                    + "Contact: <sip:1003@127.0.0.1:" + socket.getLocalPort() + ">\r\n"
                    + "Content-Length: 0\r\n\r\n";
            byte[] bytes = invite.getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));

            List<String> statusLines = new ArrayList<>();
            socket.setSoTimeout(4500); // past Timer G's first three retransmissions (0.5, 1, 2 s)
            long deadline = System.nanoTime() + 4_500_000_000L;
            byte[] buffer = new byte[65_535];
            while (System.nanoTime() < deadline) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException e) {
                    break;
                }
                String response = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.US_ASCII);
                statusLines.add(response.substring(0, response.indexOf("\r\n")));
                assertTrue(response.contains("Proxy-Authenticate: Digest"), response);
            }

            assertEquals(List.of("SIP/2.0 407 Proxy Authentication Required"), statusLines,
                    "one 407, no retransmissions, no 100 Trying");
        }
    }
}
