package org.openipma.b2bua.softphone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.openipma.b2bua.ConfigSnapshots;
import org.openipma.b2bua.ExternalTools;
import org.openipma.b2bua.IpmaServer;
import org.openipma.b2bua.TestConfigs;
import org.openipma.b2bua.sipp.LoopbackPorts;
import org.openipma.routing.ConfigLoader;
import org.openipma.state.StateDatabase;
import org.openipma.state.StorageConfig;

/**
 * Real softphones on the lab: baresip instances register the manager's line 1001, the assistant's proxy
 * line 1112 and phone3's 1003, one instance per line, and call each other through the B2BUA from their
 * console. Everything asserted is what baresip itself prints ("Call established", "incoming rtp",
 * "terminated"), SIP trace included ({@code -s}); the output stays in
 * {@code target/baresip/<test>/<line>/baresip.out}.
 */
@Timeout(90)
class BaresipSoftphoneTest {
    private static final Duration REGISTRATION = Duration.ofSeconds(10);
    private static final Duration ANSWER = Duration.ofSeconds(10);
    private static final Duration RELEASE = Duration.ofSeconds(15);

    /** The lab's lines that get a softphone each, with their phone's digest credentials. */
    private record LabLine(String dn, String user, String password) {
    }

    private static final List<LabLine> LAB_LINES = List.of(
            new LabLine("1001", "manager", "lab-manager"),
            new LabLine("1112", "assistant", "lab-assistant"),
            new LabLine("1003", "phone3", "lab-phone3"));

    @BeforeAll
    static void baresipIsInstalled() {
        ExternalTools.requireInstalled(Baresip.isInstalled(), "baresip is not on the PATH (Debian: apt-get install baresip)");
    }

    @Test
    void phone3DialingTheManagerIsAnsweredOnTheAssistantsProxyLine(TestInfo test) throws Exception {
        callThroughTheLab(test, "1003", "1001", "1112", "1001");
    }

    @Test
    void theAssistantsProxyLineDialingTheManagerRingsTheManager(TestInfo test) throws Exception {
        callThroughTheLab(test, "1112", "1001", "1001", "1003");
    }

    /**
     * The manager's baresip dials the filter-off code, then Divert All on: baresip shows each new state (the
     * reason phrase of the server's final answer), and phone3's next call to 1001 lands on the divert target,
     * the assistant's proxy line, not on the manager.
     */
    @Test
    void theManagersBaresipSwitchesDivertAllOnAndPhone3sNextCallLandsOnTheDivertTarget(TestInfo test) throws Exception {
        Path dir = Path.of("target", "baresip", test.getTestMethod().orElseThrow().getName()).toAbsolutePath();
        int serverPort = LoopbackPorts.freeUdpAndTcp();
        Map<String, Baresip> phones = new LinkedHashMap<>();
        try (IpmaServer server = IpmaServer.start(TestConfigs.cluster(TestConfigs.LAB), "127.0.0.1", serverPort)) {
            for (LabLine line : LAB_LINES) {
                phones.put(line.dn(), Baresip.start(dir.resolve(line.dn()), line.dn(), line.user(), line.password(),
                        serverPort, Baresip.freeListenPort(), !line.dn().equals("1003")));
            }
            for (Baresip phone : phones.values()) {
                assertTrue(phone.awaitOutput("registered successfully", REGISTRATION),
                        () -> "baresip did not register\n" + phone.describe());
            }
            Baresip manager = phones.get("1001");
            manager.command("dial sip:*76@127.0.0.1:" + serverPort);
            assertTrue(manager.awaitOutput("session closed: 603 filter off", ANSWER),
                    () -> "baresip did not show the new filter state\n" + manager.describe());
            manager.command("dial sip:*71@127.0.0.1:" + serverPort);
            assertTrue(manager.awaitOutput("session closed: 603 Divert All on", ANSWER),
                    () -> "baresip did not show Divert All on\n" + manager.describe());

            Baresip phone3 = phones.get("1003");
            Baresip proxyLine = phones.get("1112");
            phone3.command("dial sip:1001@127.0.0.1:" + serverPort);
            assertTrue(proxyLine.awaitOutput("Call established: sip:1003@", ANSWER),
                    () -> "the call did not land on the divert target 1112\n" + proxyLine.describe());
            assertFalse(manager.output().contains("answering call"),
                    () -> "the manager got the call despite Divert All\n" + manager.describe());
            phone3.command("hangup");
            assertTrue(proxyLine.awaitOutput("session closed", ANSWER), proxyLine::describe);
            assertEquals(0, awaitZero(server::liveCallCount), "live calls after the hang-up");
        } finally {
            phones.values().forEach(Baresip::close);
        }
    }

    /**
     * Registers the three lines, has {@code caller} dial {@code dialed}, and checks that {@code answerer}
     * (auto-answering) gets the call, showing the caller's number, and {@code bystander} (auto-answering
     * too) does not; then the caller hangs up.
     */
    private static void callThroughTheLab(TestInfo test, String caller, String dialed, String answerer,
                                          String bystander) throws Exception {
        Path dir = Path.of("target", "baresip", test.getTestMethod().orElseThrow().getName()).toAbsolutePath();
        int serverPort = LoopbackPorts.freeUdpAndTcp();
        try (IpmaServer server = IpmaServer.start(TestConfigs.cluster(TestConfigs.LAB), "127.0.0.1", serverPort)) {
            callThroughTheLab(server, dir, serverPort, 0, null, caller, dialed, answerer, bystander);
        }
    }

    /**
     * Phone3's baresip registers and calls over TLS (trusting the certificate the server generated), the manager's
     * and the proxy line's over UDP: the route point's call reaches the proxy line and the SDP crosses both ways.
     */
    @Test
    void phone3OverTlsDialingTheManagerIsAnsweredOnTheProxyLineOverUdp(TestInfo test) throws Exception {
        Path dir = Path.of("target", "baresip", test.getTestMethod().orElseThrow().getName()).toAbsolutePath();
        deleteRecursively(dir);
        int serverPort = LoopbackPorts.freeUdpAndTcp();
        int tlsPort = LoopbackPorts.freeTcpOtherThan(serverPort);
        Files.createDirectories(dir);
        Path config = dir.resolve("tls.yaml");
        Files.writeString(config, Files.readString(TestConfigs.path(TestConfigs.LAB))
                .replace("\n  port: 5060\n", "\n  port: 5060\n  tlsPort: " + tlsPort + "\n"));
        Path data = dir.resolve("data");
        try (IpmaServer server = IpmaServer.start(new ConfigSnapshots(ConfigLoader.loadCluster(config)), "127.0.0.1",
                serverPort, StateDatabase.open(StorageConfig.embedded(data)), null)) {
            Path ca = Files.writeString(dir.resolve("ca.pem"), certificatePem(data.resolve("tls/self-signed.p12")));
            callThroughTheLab(server, dir, serverPort, tlsPort, ca, "1003", "1001", "1112", "1001");
        }
    }

    /**
     * Registers the three lines ({@code caller} over TLS to {@code tlsPort} trusting {@code ca} when
     * {@code tlsPort} is not 0), has {@code caller} dial {@code dialed}, and checks that {@code answerer}
     * (auto-answering) gets the call, showing the caller's number, and {@code bystander} (auto-answering too)
     * does not; then the caller hangs up.
     */
    private static void callThroughTheLab(IpmaServer server, Path dir, int serverPort, int tlsPort, Path ca,
                                          String caller, String dialed, String answerer, String bystander)
            throws Exception {
        Map<String, Baresip> phones = new LinkedHashMap<>();
        try {
            for (LabLine line : LAB_LINES) {
                boolean tls = tlsPort != 0 && line.dn().equals(caller);
                phones.put(line.dn(), Baresip.start(dir.resolve(line.dn()), line.dn(), line.user(), line.password(),
                        tls ? tlsPort : serverPort, tls ? "tls" : "udp", tls ? ca : null, Baresip.freeListenPort(),
                        !line.dn().equals(caller)));
            }
            for (Baresip phone : phones.values()) {
                assertTrue(phone.awaitOutput("registered successfully", REGISTRATION),
                        () -> "baresip did not register\n" + phone.describe());
            }
            Baresip from = phones.get(caller);
            Baresip to = phones.get(answerer);
            Baresip other = phones.get(bystander);

            from.command("dial sip:" + dialed + "@127.0.0.1:" + (tlsPort != 0 ? tlsPort + ";transport=tls" : serverPort));
            assertTrue(from.awaitOutput("Call established: sip:" + dialed + "@", ANSWER),
                    () -> "the caller's call was not established\n" + from.describe() + "\n" + to.describe());
            assertTrue(to.awaitOutput("Call established: sip:" + caller + "@", ANSWER),
                    () -> "the call was not established at " + answerer + " with the caller's number " + caller
                            + "\n" + to.describe());
            assertFalse(other.output().contains("answering call"),
                    () -> bystander + " must not get the call\n" + other.describe());
            // The SDP crossed the B2BUA both ways: the answerer's RTP reaches the caller directly.
            assertTrue(from.awaitOutput("incoming rtp for 'audio' established", ANSWER),
                    () -> "no RTP reached the caller\n" + from.describe());
            // baresip prints "Call with ... terminated" only for calls of a second or more; its status line
            // counts the call's seconds.
            assertTrue(from.awaitOutput("[0:00:01]", ANSWER), () -> "the call did not last\n" + from.describe());

            from.command("hangup");
            assertTrue(from.awaitOutput("terminated (duration", ANSWER),
                    () -> "the caller's hang-up was not confirmed\n" + from.describe());
            assertTrue(to.awaitOutput("Call with sip:" + caller + "@", ANSWER)
                            && to.awaitOutput("terminated (duration", ANSWER),
                    () -> "the hang-up did not reach " + answerer + "\n" + to.describe());

            assertEquals(0, awaitZero(server::liveCallCount), "live calls after the hang-up");
            assertEquals(0, awaitZero(server::liveDialogCount), "live dialogs after the hang-up");
        } finally {
            phones.values().forEach(Baresip::close);
        }
    }

    /** The certificate of the PKCS12 file the server generated ({@code SelfSignedCertificate}), as PEM. */
    private static String certificatePem(Path p12) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            store.load(in, "openipma-lab".toCharArray());
        }
        byte[] der = store.getCertificate(store.aliases().nextElement()).getEncoded();
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END CERTIFICATE-----\n";
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    private static int awaitZero(IntSupplier count) throws InterruptedException {
        long deadline = System.nanoTime() + RELEASE.toNanos();
        while (count.getAsInt() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return count.getAsInt();
    }
}
