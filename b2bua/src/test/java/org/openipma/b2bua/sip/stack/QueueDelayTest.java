package org.openipma.b2bua.sip.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import javax.sip.RequestEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openipma.b2bua.sip.testing.SipListenerAdapter;
import org.openipma.b2bua.sipp.LoopbackPorts;

/** The measured latency that admission follows: the wait of received datagrams for a stack thread. */
@Timeout(30)
class QueueDelayTest {

    @Test
    void shortWaitsNeverRefuse() {
        QueueDelay delay = new QueueDelay();
        for (int i = 0; i < 1000; i++) {
            delay.record(i % 3);
        }
        assertFalse(delay.overloaded());
        assertTrue(delay.averageMillis() < 3, "average " + delay.averageMillis());
    }

    @Test
    void longWaitsRefuseUntilTheWaitIsBackUnderTheRecoveryMark() {
        QueueDelay delay = new QueueDelay();
        for (int i = 0; i < 100; i++) {
            delay.record(200);
        }
        assertTrue(delay.overloaded());
        for (int i = 0; i < 20; i++) {
            delay.record(30); // under the overload mark, over the recovery mark: still refusing
        }
        assertTrue(delay.overloaded(), "average " + delay.averageMillis());
        for (int i = 0; i < 100; i++) {
            delay.record(0);
        }
        assertFalse(delay.overloaded());
    }

    @Test
    void afterAQuietSecondTheFirstShortWaitEndsTheOverloadAndALongOneDoesNot() {
        long now = 0;
        QueueDelay delay = new QueueDelay();
        for (int i = 0; i < 100; i++) {
            delay.record(500, now += 100_000); // every 0.1 ms
        }
        assertTrue(delay.overloaded());
        delay.record(0, now += 1_000_000_000L); // the load stopped a second ago: the queue was empty
        assertFalse(delay.overloaded(), "average " + delay.averageMillis());

        for (int i = 0; i < 100; i++) {
            delay.record(500, now += 100_000);
        }
        delay.record(2_000, now += 1_000_000_000L); // the threads were stuck: this one waited 2 s
        assertTrue(delay.overloaded(), "average " + delay.averageMillis());
    }

    @Test
    void aStackWhoseThreadsFallBehindMeasuresTheWait() throws Exception {
        int port = LoopbackPorts.freeUdpAndTcp();
        SipStackFactory.Settings settings = new SipStackFactory.Settings("queue-delay-test", 1, 0, 65_536,
                SipStackFactory.TcpIo.BLOCKING);
        // One thread that takes 20 ms per request: 30 requests sent at once wait up to 600 ms.
        SipListenerAdapter slow = new SipListenerAdapter() {
            @Override
            public void processRequest(RequestEvent event) {
                try {
                    TimeUnit.MILLISECONDS.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        try (SipEndpoint endpoint = SipEndpoint.open(settings, "127.0.0.1", port, slow);
             DatagramSocket client = new DatagramSocket()) {
            QueueDelay delay = QueueDelay.of(endpoint.provider());
            assertFalse(delay == QueueDelay.NONE, "the UDP listening point is the compact one");
            for (int i = 0; i < 30; i++) {
                byte[] options = options(port, client.getLocalPort(), i);
                client.send(new DatagramPacket(options, options.length, InetAddress.getLoopbackAddress(), port));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!delay.overloaded() && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(10);
            }
            assertTrue(delay.overloaded(), "average wait " + delay.averageMillis() + " ms");
        }
    }

    private static byte[] options(int serverPort, int clientPort, int n) {
        String message = "OPTIONS sip:127.0.0.1:" + serverPort + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + clientPort + ";branch=z9hG4bK-queue-" + n + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:probe@127.0.0.1>;tag=q" + n + "\r\n"
                + "To: <sip:127.0.0.1>\r\n"
                + "Call-ID: queue-delay-" + n + "@127.0.0.1\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\n\r\n";
        return message.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void withoutACompactListeningPointNothingIsMeasured() {
        assertEquals(QueueDelay.NONE, QueueDelay.of(null));
    }
}
