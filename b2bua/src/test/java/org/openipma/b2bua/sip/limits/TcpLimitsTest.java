package org.openipma.b2bua.sip.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openipma.b2bua.IpmaServer;
import org.openipma.b2bua.TestConfigs;
import org.openipma.b2bua.sip.testing.CapturedLog;
import org.openipma.b2bua.sip.testing.RawSip;
import org.openipma.b2bua.sipp.LoopbackPorts;

/**
 * TCP connections peers open are capped per source address and in all, and closed when idle, with
 * {@code configs/tcp-2-per-source-3-in-all-idle-2s.yaml} (nothing trusted).
 */
@Timeout(60)
class TcpLimitsTest {
    private final List<Socket> sockets = new ArrayList<>();
    private int port;
    private IpmaServer server;
    private CapturedLog security;

    @BeforeEach
    void start() {
        port = LoopbackPorts.freeUdpAndTcp();
        security = CapturedLog.capture("org.openipma.security", Level.INFO);
        server = IpmaServer.start(TestConfigs.cluster("tcp-2-per-source-3-in-all-idle-2s.yaml"), "127.0.0.1", port);
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        server.close();
        security.close();
    }

    @Test
    void anIdleConnectionIsClosedAfterTheIdleTimeAndAnActiveOneIsNot() throws Exception {
        Socket idle = connect(1);
        Socket active = connect(1);
        long start = System.nanoTime();
        for (int i = 0; i < 3; i++) { // 3 s of traffic, every 1 s: never 2 s idle
            assertEquals("200", options(active, 1, "active" + i));
            Thread.sleep(1000);
        }
        assertTrue(closedWithin(idle, 3000), "the silent connection is closed");
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertTrue(seconds >= 2 && seconds <= 5, "closed after " + seconds + " s (idle time 2 s)");
        assertEquals("200", options(active, 1, "active-after"), "the active connection is open");
    }

    @Test
    void aSourceAtItsCapIsRefusedWhileAnotherSourceConnects() throws Exception {
        Socket first = connect(1);
        connect(1);
        Socket third = connect(1);
        assertTrue(closedWithin(third, 2000), "127.0.0.1's third connection is refused");
        Socket neighbour = connect(2);
        assertEquals("200", options(neighbour, 2, "neighbour"), "127.0.0.2 connects and is served");
        assertEquals("200", options(first, 1, "first"), "127.0.0.1's admitted connections still serve");
        List<String> lines = refusals();
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("security: tcp-refused src=127.0.0.1:" + third.getLocalPort()
                + "/tcp reason=per-source-cap open=2"), lines.get(0));

        first.close();
        Thread.sleep(300); // the RI's reader sees the close and closes its side
        Socket again = connect(1);
        assertEquals("200", options(again, 1, "again"), "a closed connection frees its place");
    }

    @Test
    void theTotalCapRefusesEveryoneOnceReached() throws Exception {
        connect(1);
        connect(1);
        connect(2);
        Socket fourth = connect(3);
        assertTrue(closedWithin(fourth, 2000), "the fourth connection in all is refused");
        assertTrue(refusals().stream().anyMatch(line -> line.contains("reason=total-cap open=3")),
                security.messages().toString());
    }

    /** The tcp-refused lines, once there is one (the server logs after the reset the client sees), or none in 2 s. */
    private List<String> refusals() throws InterruptedException {
        return security.awaitMessages("tcp-refused", 2000);
    }

    private Socket connect(int lastOctet) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) lastOctet}), 0));
        socket.setSoTimeout(2000); // before connecting: a refused connection may be reset at once
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
        sockets.add(socket);
        return socket;
    }

    private String options(Socket socket, int lastOctet, String id) throws IOException {
        String request = new RawSip(port, 2000).options("TCP", socket.getLocalPort(), id)
                .replace("127.0.0.1:" + socket.getLocalPort(), "127.0.0." + lastOctet + ":" + socket.getLocalPort());
        RawSip.write(socket, request);
        return RawSip.status(RawSip.readResponse(socket));
    }

    /** Whether the server closes {@code socket} (end of stream or reset) within {@code millis}. */
    private static boolean closedWithin(Socket socket, int millis) throws IOException {
        try {
            socket.setSoTimeout(millis);
            InputStream in = socket.getInputStream();
            return in.read() < 0;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }
}
