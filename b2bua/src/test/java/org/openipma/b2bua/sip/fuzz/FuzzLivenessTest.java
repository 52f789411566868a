package org.openipma.b2bua.sip.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openipma.b2bua.IpmaServer;
import org.openipma.b2bua.TestConfigs;
import org.openipma.b2bua.sip.testing.RawSip;
import org.openipma.b2bua.sipp.LoopbackPorts;

/**
 * A bounded mutation fuzz run over UDP and over TCP ({@value #DEFAULT_SECONDS} s each by default; {@code
 * -Dfuzz.seconds=N}, {@code -Dfuzz.seed=N} to reproduce or vary): well-formed requests of every method we serve
 * are damaged by {@link Mutator} and sent as fast as one thread can, and every {@value #PROBE_EVERY} of them a
 * well-formed OPTIONS on another socket (retransmitted as a UAC does) must be answered 200 within 2 s; over TCP
 * an OPTIONS on a new connection must be answered too. Whatever the server answers to the damaged ones over UDP
 * must begin with one well-formed status line.
 */
@Timeout(120)
class FuzzLivenessTest {
    private static final int DEFAULT_SECONDS = 3;
    private static final int PROBE_EVERY = 100;
    private static final long PROBE_MILLIS = 2000;
    private static final long SEED = Long.getLong("fuzz.seed", 4475L);
    /** The largest UDP payload over IPv4: 65,535 - 8 (UDP header) - 20 (IP header). */
    private static final int MAX_UDP_PAYLOAD = 65_507;
    private static final long NANOS = Integer.getInteger("fuzz.seconds", DEFAULT_SECONDS) * 1_000_000_000L;

    private static final java.util.regex.Pattern STATUS_LINE =
            java.util.regex.Pattern.compile("SIP/2\\.0 [1-6][0-9][0-9] [\\x20-\\x7e]*");

    private static int port;
    private static IpmaServer server;

    @BeforeAll
    static void start() {
        port = LoopbackPorts.freeUdpAndTcp();
        server = IpmaServer.start(TestConfigs.cluster(TestConfigs.LAB), "127.0.0.1", port);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void overUdpTheServerAnswersProbesThroughoutAndEveryAnswerStartsWithAStatusLine() throws Exception {
        Mutator mutator = new Mutator(SEED);
        RawSip raw = new RawSip(port, 2000);
        List<String> badStatusLines = Collections.synchronizedList(new ArrayList<>());
        int sent = 0;
        int probes = 0;
        try (DatagramSocket fuzz = raw.udpSocket(); DatagramSocket probe = new RawSip(port, 100).udpSocket()) {
            Thread answers = readAnswers(fuzz, badStatusLines);
            long end = System.nanoTime() + NANOS;
            while (System.nanoTime() < end) {
                byte[] bytes = mutator.mutate(Seeds.pick(sent, "UDP", fuzz.getLocalPort(), port));
                if (bytes.length > MAX_UDP_PAYLOAD) {
                    // What an attacker can send in one datagram; the kernel refuses more (EMSGSIZE). How many
                    // mutations run in the time depends on the machine, so a long one comes sooner or later.
                    bytes = java.util.Arrays.copyOf(bytes, MAX_UDP_PAYLOAD);
                }
                fuzz.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
                if (++sent % PROBE_EVERY == 0) {
                    assertProbeAnswered(raw, probe, "udp-" + sent);
                    probes++;
                }
            }
            assertProbeAnswered(raw, probe, "udp-end");
            fuzz.close();
            answers.join(5000);
        }
        assertTrue(probes >= 5, probes + " probes in " + sent + " packets (seed " + SEED + ")");
        assertEquals(List.of(), badStatusLines.subList(0, Math.min(5, badStatusLines.size())),
                badStatusLines.size() + " answers without a whole status line (seed " + SEED + ")");
    }

    @Test
    void overTcpTheServerAnswersProbesThroughout() throws Exception {
        Mutator mutator = new Mutator(SEED + 1);
        RawSip raw = new RawSip(port, 2000);
        int sent = 0;
        int connections = 0;
        Socket fuzz = null;
        try (DatagramSocket probe = new RawSip(port, 100).udpSocket()) {
            long end = System.nanoTime() + NANOS;
            while (System.nanoTime() < end) {
                if (fuzz == null || fuzz.isClosed()) {
                    fuzz = raw.connect();
                    connections++;
                    drain(fuzz);
                }
                byte[] bytes = mutator.mutate(Seeds.pick(sent, "TCP", fuzz.getLocalPort(), port));
                try {
                    OutputStream out = fuzz.getOutputStream();
                    out.write(bytes);
                    out.flush();
                } catch (IOException closedByServer) {
                    fuzz.close();
                }
                if (++sent % PROBE_EVERY == 0) {
                    assertProbeAnswered(raw, probe, "tcp-udp-" + sent);
                    try (Socket tcpProbe = raw.connect()) {
                        RawSip.write(tcpProbe, raw.options("TCP", tcpProbe.getLocalPort(), "tcp-" + sent));
                        assertEquals("200", RawSip.status(RawSip.readResponse(tcpProbe)),
                                "TCP probe after " + sent + " packets (seed " + (SEED + 1) + ")");
                    }
                }
            }
            assertProbeAnswered(raw, probe, "tcp-end");
        } finally {
            if (fuzz != null) {
                fuzz.close();
            }
        }
        assertTrue(sent >= PROBE_EVERY * 5, sent + " messages over " + connections + " connections");
    }

    /**
     * Sends an OPTIONS as a UAC does over UDP, retransmitting it every 500 ms (RFC 3261 Timer E), and requires a
     * 200 within {@value #PROBE_MILLIS} ms. The retransmissions matter: the fuzzer's bursts of large datagrams can
     * fill the server's socket buffer, and the kernel then drops the probe's first copy, as it would a phone's.
     */
    private static void assertProbeAnswered(RawSip raw, DatagramSocket probe, String id) throws IOException {
        String options = raw.options("UDP", probe.getLocalPort(), id);
        long deadline = System.nanoTime() + PROBE_MILLIS * 1_000_000L;
        while (System.nanoTime() < deadline) {
            raw.send(probe, options);
            long retransmitAt = System.nanoTime() + 500_000_000L;
            while (System.nanoTime() < Math.min(retransmitAt, deadline)) {
                String answer = raw.receive(probe);
                if (answer != null && answer.contains("Call-ID: " + id + "@")) {
                    assertEquals("200", RawSip.status(answer), answer);
                    return;
                }
            }
        }
        throw new AssertionError("probe " + id + " unanswered within " + PROBE_MILLIS + " ms (seed " + SEED + ")");
    }

    /**
     * Reads the fuzz socket's answers until it closes, recording those that do not begin with a whole status
     * line {@code SIP/2.0 <code> <printable reason>}, the RI's {@code (<parse message>)} closed, before any byte
     * outside printable ASCII. (A request whose lines end in CR alone gets a 400 whose status line runs into the
     * request's text, which the RI echoes.) Not every answer parses whole: JAIN-SIP's 400 to an unparsable request copies its
     * Via, CSeq, Call-ID, From and To lines as they came, damaged line ends and 8-bit bytes included
     * (docs/security.md); the reason phrase is ours ({@code StrictMessageParserFactory.reasonText}).
     */
    private static Thread readAnswers(DatagramSocket socket, List<String> badStatusLines) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[65_535];
            while (!socket.isClosed()) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException quiet) {
                    continue;
                } catch (IOException closed) {
                    return;
                }
                String answer = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.ISO_8859_1);
                // Up to the first byte outside printable ASCII: what the RI copies from the request after it can be
                // anything, even with no CRLF before (see above).
                String statusLine = answer.split("[^\\x20-\\x7e]", 2)[0];
                if (!STATUS_LINE.matcher(statusLine).matches()
                        || statusLine.indexOf('(') >= 0 && statusLine.lastIndexOf(')') < statusLine.indexOf('(')) {
                    badStatusLines.add(escaped(answer.substring(0, Math.min(200, answer.length()))));
                }
            }
        }, "fuzz-answers");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** {@code text} with every character outside printable ASCII as {@code \\uXXXX}, for a readable failure. */
    private static String escaped(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return out.toString();
    }

    /** Discards what the server sends on a fuzz connection, so its writes never block on a full buffer. */
    private static void drain(Socket socket) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = socket.getInputStream()) {
                while (true) {
                    try {
                        if (in.read(buffer) < 0) {
                            socket.close();
                            return;
                        }
                    } catch (SocketTimeoutException quiet) {
                        if (socket.isClosed()) {
                            return;
                        }
                    }
                }
            } catch (IOException closed) {
                // the connection is done
            }
        }, "fuzz-drain");
        thread.setDaemon(true);
        thread.start();
    }
}
