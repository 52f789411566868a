package org.openipma.b2bua.sip.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openipma.b2bua.ConfigSnapshots;
import org.openipma.b2bua.IpmaServer;
import org.openipma.b2bua.TestConfigs;
import org.openipma.b2bua.sip.testing.CapturedLog;
import org.openipma.b2bua.sipp.LoopbackPorts;
import org.openipma.routing.ConfigLoader;
import org.openipma.state.StateDatabase;
import org.openipma.state.StorageConfig;

/**
 * TLS connections are held to the same caps and idle time as TCP ones (and counted with them), with
 * {@code configs/tcp-2-per-source-3-in-all-idle-2s.yaml} plus a TLS port: a refused connection is closed before
 * any handshake, an admitted one that stays silent is closed after the idle time, and a refusal is one
 * {@code security: tcp-refused} line naming {@code /tls}.
 */
@Timeout(60)
class TlsLimitsTest {
    @TempDir
    Path dataDir;
    private final List<AutoCloseable> open = new ArrayList<>();
    private int tcpPort;
    private int tlsPort;
    private IpmaServer server;
    private CapturedLog security;

    @BeforeEach
    void start() throws Exception {
        tcpPort = LoopbackPorts.freeUdpAndTcp();
        tlsPort = LoopbackPorts.freeTcpOtherThan(tcpPort);
        Path config = dataDir.resolve("tls-limits.yaml");
        Files.writeString(config, Files.readString(TestConfigs.path("tcp-2-per-source-3-in-all-idle-2s.yaml"))
                .replace("\n  port: 5060\n", "\n  port: 5060\n  tlsPort: " + tlsPort + "\n"));
        security = CapturedLog.capture("org.openipma.security", Level.INFO);
        server = IpmaServer.start(new ConfigSnapshots(ConfigLoader.loadCluster(config)), "127.0.0.1", tcpPort,
                StateDatabase.open(StorageConfig.embedded(dataDir)), null);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
        server.close();
        security.close();
    }

    @Test
    void aSourceAtItsCapIsRefusedBeforeTheHandshakeAndItsAdmittedConnectionsServe() throws Exception {
        TlsPeer first = connect();
        connect();
        assertThrows(IOException.class, this::connect, "127.0.0.1's third connection is refused");
        Response ok = first.exchange(TlsTest.request("OPTIONS sip:127.0.0.1", first, "options", 1,
                "To: <sip:127.0.0.1>"));
        assertEquals(200, ok.getStatusCode(), ok.toString());
        List<String> lines = refusals();
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("security: tcp-refused src=127\\.0\\.0\\.1:\\d+/tls reason=per-source-cap open=2"),
                lines.get(0));
    }

    @Test
    void tcpAndTlsConnectionsAreCountedTogether() throws Exception {
        connect();
        connect();
        Socket tcp = new Socket();
        open.add(tcp);
        assertTrue(refusedOrClosedWithin(tcp, tcpPort, 2000), "a TCP connection over 127.0.0.1's cap of 2 (two TLS ones open) is refused");
        assertTrue(refusals().stream().anyMatch(line -> line.contains("/tcp reason=per-source-cap open=2")),
                security.messages().toString());
    }

    @Test
    void aSilentTlsConnectionIsClosedAfterTheIdleTime() throws Exception {
        Socket silent = new Socket(); // connects and never starts the handshake
        open.add(silent);
        silent.connect(new InetSocketAddress("127.0.0.1", tlsPort), 2000);
        TlsPeer quiet = connect(); // handshakes, then says nothing
        long start = System.nanoTime();
        assertTrue(closedWithin(silent, 4000), "the connection without a handshake is closed");
        assertTrue(quiet.closedWithin(3000), "the TLS connection that said nothing is closed");
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertTrue(seconds <= 4, "closed after " + seconds + " s (idle time 2 s)");
        connect(); // their places are free again
    }

    private TlsPeer connect() throws Exception {
        TlsPeer peer = TlsPeer.connect(dataDir.resolve(SelfSignedCertificate.FILE), SelfSignedCertificate.PASSWORD,
                tlsPort);
        open.add(peer);
        return peer;
    }

    /** The tcp-refused lines, once there is one (the server logs after the reset the client sees), or none in 2 s. */
    private List<String> refusals() throws InterruptedException {
        return security.awaitMessages("tcp-refused", 2000);
    }

    /** Whether a connection of {@code socket} to {@code port} is reset at once or closed within {@code millis}. */
    private static boolean refusedOrClosedWithin(Socket socket, int port, int millis) throws IOException {
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", port), millis);
        } catch (SocketException reset) {
            return true; // the reset can come before connect returns
        }
        return closedWithin(socket, millis);
    }

    /**
     * Whether the server closes {@code socket} (end of stream or reset) within {@code millis}; bytes before the
     * end (a TLS alert) are skipped.
     */
    private static boolean closedWithin(Socket socket, int millis) throws IOException {
        try {
            socket.setSoTimeout(millis);
            while (socket.getInputStream().read() >= 0) {
                // an alert record, then the end
            }
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (SocketException | SSLException reset) {
            return true;
        }
    }
}
