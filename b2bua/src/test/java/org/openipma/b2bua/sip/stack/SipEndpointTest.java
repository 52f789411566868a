package org.openipma.b2bua.sip.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Closeable;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openipma.b2bua.sip.testing.RegistrarFixture;
import org.openipma.b2bua.sip.testing.SipListenerAdapter;
import org.openipma.b2bua.sip.testing.TestPhone;
import org.openipma.b2bua.sipp.LoopbackPorts;

/** Starting and stopping stacks: clear errors for busy ports, nothing left running afterwards. */
@Timeout(30)
class SipEndpointTest {
    private static final String HOST = "127.0.0.1";
    private static final SipStackFactory.Settings SETTINGS = SipStackFactory.Settings.defaults("endpoint-test");

    private static SipEndpoint open(int port) {
        return SipEndpoint.open(SETTINGS, HOST, port, new SipListenerAdapter() { });
    }

    private static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp"})
    @SuppressWarnings("try") // the socket only has to be open
    void aPortInUseIsReportedInOneLineAndNothingIsLeftRunning(String transport) throws IOException, InterruptedException {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        int port = LoopbackPorts.freeUdpAndTcp();
        try (Closeable taken = "udp".equals(transport) ? new DatagramSocket(loopback(port)) : serverSocket(port)) {
            SipStartupException e = assertThrows(SipStartupException.class, () -> open(port));

            assertEquals("SIP port " + port + "/" + transport + " on 127.0.0.1 is in use", e.getMessage());
        }
        assertEquals(Set.of(), threadsStartedSince(before));
        open(port).close();
    }

    private static ServerSocket serverSocket(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(loopback(port));
        return socket;
    }

    @Test
    void portZeroIsRefusedBecauseJainSipCannotListenOnAnEphemeralPort() {
        assertEquals("port: 0 (expected: 1-65535)",
                assertThrows(IllegalArgumentException.class, () -> open(0)).getMessage());
    }

    @Test
    void settingsOutOfRangeAreRefusedNamingTheRange() {
        assertEquals("threadPoolSize: 0 (expected: 1-1024)", assertThrows(IllegalArgumentException.class,
                () -> new SipStackFactory.Settings("x", 0, 0, 65536, SipStackFactory.TcpIo.BLOCKING)).getMessage());
    }

    @Test
    void closingStopsEveryThreadTheStacksStarted() throws InterruptedException {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        try (RegistrarFixture server = RegistrarFixture.start()) {
            TestPhone phone = server.phone("phone1", RegistrarFixture.PHONE1_PASSWORD);
            phone.register("1001", server.port()).send();
            phone.register("1001", server.port()).overTcp().send();
        }

        assertEquals(Set.of(), threadsStartedSince(before));
    }

    /** Names of live threads not in {@code before}, once they are none or after 5 s. */
    private static Set<String> threadsStartedSince(Set<Thread> before) throws InterruptedException {
        Set<String> left = Set.of();
        for (long deadline = System.nanoTime() + 5_000_000_000L; System.nanoTime() < deadline; Thread.sleep(50)) {
            left = Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> thread.isAlive() && !before.contains(thread))
                    .map(Thread::getName).collect(Collectors.toSet());
            if (left.isEmpty()) {
                break;
            }
        }
        return left;
    }

    @Test
    void log4jClassesComeFromLog4jOverSlf4jAndNoRealLog4jIsOnTheClasspath() throws IOException {
        List<URL> loggers = Collections.list(getClass().getClassLoader().getResources("org/apache/log4j/Logger.class"));

        assertEquals(1, loggers.size(), loggers.toString());
        assertTrue(loggers.get(0).toString().contains("log4j-over-slf4j"), loggers.toString());
    }
}
