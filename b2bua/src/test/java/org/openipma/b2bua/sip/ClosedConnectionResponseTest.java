package org.openipma.b2bua.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openipma.b2bua.IpmaServer;
import org.openipma.b2bua.TestConfigs;
import org.openipma.b2bua.sip.testing.RawSip;
import org.openipma.b2bua.sipp.LoopbackPorts;

/**
 * A response to a TCP request whose connection has closed goes to the address the request came from
 * ({@code received}) at the Via's port, as RFC 3261 §18.2.2 says, never to the Via's host: a forged Via cannot
 * make the server connect to an address of the sender's choosing.
 */
@Timeout(90)
class ClosedConnectionResponseTest {

    /**
     * Whether the answer goes over the original connection or needs a new one is a race between the server's
     * reader (which sees the end and closes) and its parser thread (which answers): an attempt where the
     * answer made it over the original connection shows nothing, so up to {@value #ATTEMPTS} are made. None
     * may ever connect to the forged host, and at least one must have needed the new connection.
     */
    @Test
    void aForgedViaOnAClosedConnectionDoesNotMakeTheServerConnectThere() throws Exception {
        int port = LoopbackPorts.freeUdpAndTcp();
        try (IpmaServer server = IpmaServer.start(TestConfigs.cluster(TestConfigs.LAB), "127.0.0.1", port)) {
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                if (answeredAtTheSourceNotTheForgedHost(port, attempt)) {
                    return;
                }
            }
            fail("in " + ATTEMPTS + " attempts the answer never needed a new connection: the fallback was not tried");
        }
    }

    private static final int ATTEMPTS = 5;

    /** One attempt: true when the answer came over a new connection to the source address. */
    private static boolean answeredAtTheSourceNotTheForgedHost(int port, int attempt) throws Exception {
        InetAddress source = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        InetAddress forged = InetAddress.getByAddress(new byte[] {127, 0, 0, 3});
        try (ServerSocket atForged = new ServerSocket(0, 50, forged);
             ServerSocket atSource = new ServerSocket(atForged.getLocalPort(), 50, source)) {
            int viaPort = atForged.getLocalPort();
            CompletableFuture<String> forgedGot = CompletableFuture.supplyAsync(() -> firstBytes(atForged));
            CompletableFuture<String> sourceGot = CompletableFuture.supplyAsync(() -> firstBytes(atSource));
            try (Socket socket = new Socket()) {
                socket.bind(new InetSocketAddress(source, 0));
                socket.connect(new InetSocketAddress(source, port), 2000);
                String options = new RawSip(port, 2000).options("TCP", viaPort, "forged-via-" + attempt)
                        .replace("127.0.0.1:" + viaPort, "127.0.0.3:" + viaPort);
                RawSip.write(socket, options);
                socket.shutdownOutput(); // the server's reader sees the end and closes, often before the answer
                Thread.sleep(100);
            }
            String atSourceAnswer = sourceGot.get(5, TimeUnit.SECONDS);
            assertNull(forgedGot.get(6, TimeUnit.SECONDS), "nothing connects to the Via's host 127.0.0.3");
            if (atSourceAnswer == null) {
                return false; // answered over the original connection before it closed
            }
            assertTrue(atSourceAnswer.startsWith("SIP/2.0 200 OK"),
                    "the answer went to the source address at the Via's port: " + atSourceAnswer);
            assertEquals(-1, atSourceAnswer.indexOf("received=127.0.0.3"), atSourceAnswer);
            return true;
        }
    }

    /** What the first connection accepted within 4 s sends, or null if none came. */
    private static String firstBytes(ServerSocket listener) {
        try {
            listener.setSoTimeout(4000);
            try (Socket accepted = listener.accept()) {
                accepted.setSoTimeout(2000);
                return RawSip.readResponse(accepted);
            }
        } catch (SocketTimeoutException nothing) {
            return null;
        } catch (IOException e) {
            return "error: " + e;
        }
    }
}
