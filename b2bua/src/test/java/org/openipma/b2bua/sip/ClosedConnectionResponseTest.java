package org.openipma.b2bua.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
@Timeout(30)
class ClosedConnectionResponseTest {

    @Test
    void aForgedViaOnAClosedConnectionDoesNotMakeTheServerConnectThere() throws Exception {
        int port = LoopbackPorts.freeUdpAndTcp();
        InetAddress source = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        InetAddress forged = InetAddress.getByAddress(new byte[] {127, 0, 0, 3});
        try (IpmaServer server = IpmaServer.start(TestConfigs.cluster(TestConfigs.LAB), "127.0.0.1", port);
             ServerSocket atForged = new ServerSocket(0, 50, forged);
             ServerSocket atSource = new ServerSocket(atForged.getLocalPort(), 50, source)) {
            int viaPort = atForged.getLocalPort();
            CompletableFuture<String> forgedGot = CompletableFuture.supplyAsync(() -> firstBytes(atForged));
            CompletableFuture<String> sourceGot = CompletableFuture.supplyAsync(() -> firstBytes(atSource));
            try (Socket socket = new Socket()) {
                socket.bind(new InetSocketAddress(source, 0));
                socket.connect(new InetSocketAddress(source, port), 2000);
                String options = new RawSip(port, 2000).options("TCP", viaPort, "forged-via")
                        .replace("127.0.0.1:" + viaPort, "127.0.0.3:" + viaPort);
                RawSip.write(socket, options);
                socket.shutdownOutput(); // the server's reader sees the end and closes before the answer is sent
                Thread.sleep(100);
            }
            String atSourceAnswer = sourceGot.get(5, TimeUnit.SECONDS);
            assertNull(forgedGot.get(6, TimeUnit.SECONDS), "nothing connects to the Via's host 127.0.0.3");
            assertTrue(atSourceAnswer != null && atSourceAnswer.startsWith("SIP/2.0 200 OK"),
                    "the answer went to the source address at the Via's port: " + atSourceAnswer);
            assertEquals(-1, atSourceAnswer.indexOf("received=127.0.0.3"), atSourceAnswer);
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
