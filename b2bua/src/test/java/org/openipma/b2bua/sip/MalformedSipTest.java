package org.openipma.b2bua.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openipma.b2bua.IpmaServer;
import org.openipma.b2bua.TestConfigs;
import org.openipma.b2bua.sipp.LoopbackPorts;

/**
 * Malformed SIP, written byte by byte on raw sockets to the lab server. Over UDP each is answered with a
 * 400 whose reason says what is wrong when it can be answered at all (it has a Via); nothing malformed
 * stops the server: a well-formed OPTIONS is answered 200 afterwards.
 */
@Timeout(60)
class MalformedSipTest {
    private static final int WAIT_MILLIS = 2000;
    private static IpmaServer server;
    private static int port;

    @BeforeAll
    static void startServer() {
        port = LoopbackPorts.freeUdpAndTcp();
        server = IpmaServer.start(TestConfigs.cluster(TestConfigs.LAB), "127.0.0.1", port);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** An OPTIONS from {@code 127.0.0.1:localPort} over {@code transport}, with {@code edit} applied. */
    private static String options(String transport, int localPort, String branch, UnaryOperator<String> edit) {
        String request = "OPTIONS sip:127.0.0.1:" + port + " SIP/2.0\r\n"
                + "Via: SIP/2.0/" + transport + " 127.0.0.1:" + localPort + ";branch=z9hG4bK" + branch + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:probe@127.0.0.1>;tag=probe" + branch + "\r\n"
                + "To: <sip:127.0.0.1:" + port + ">\r\n"
                + "Call-ID: " + branch + "@127.0.0.1\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\n"
                + "\r\n";
        return edit.apply(request);
    }

    /**
     * Rows: what is wrong, how to make an OPTIONS so, the status expected over UDP and over TCP ({@code null}:
     * no answer). Over TCP, JAIN-SIP answers no request that fails to parse (see
     * {@code StrictMessageParserFactory}); the test proves the server keeps serving all the same.
     */
    static Stream<Arguments> malformed() {
        return Stream.of(
                row("a CSeq that is not a number", edit("CSeq: 1 OPTIONS", "CSeq: one OPTIONS"), "400", null),
                row("a CSeq method other than the request's", edit("CSeq: 1 OPTIONS", "CSeq: 1 INVITE"), "400", "400"),
                row("no Call-ID", edit("Call-ID: ", "X-Call-ID: "), "400", null),
                row("no From", edit("From: ", "X-From: "), "400", null),
                row("a From that is no address", edit("From: <sip:probe@127.0.0.1>", "From: <<probe"), "400", null),
                row("a Max-Forwards that is not a number", edit("Max-Forwards: 70", "Max-Forwards: many"), "400", null),
                row("an unknown SIP version", edit(" SIP/2.0\r\nVia", " SIP/3.0\r\nVia"), "400", null),
                row("no Via (nowhere to answer)", edit("Via: ", "X-Via: "), null, null),
                row("binary garbage", request -> "\u0001\u0002\u00ff garbage \r\n\r\n", null, null));
    }

    private static Arguments row(String what, UnaryOperator<String> edit, String overUdp, String overTcp) {
        return Arguments.of(what, edit, overUdp, overTcp);
    }

    private static UnaryOperator<String> edit(String from, String to) {
        return request -> {
            if (!request.contains(from)) {
                throw new IllegalArgumentException("the request has no '" + from + "'");
            }
            return request.replace(from, to);
        };
    }

    @ParameterizedTest(name = "UDP: {0} gets {2}")
    @MethodSource("malformed")
    void overUdpAMalformedRequestIsAnsweredAndTheServerKeepsServing(String what, UnaryOperator<String> edit,
                                                                    String expected, String overTcp) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setSoTimeout(WAIT_MILLIS);
            send(socket, options("UDP", socket.getLocalPort(), "bad" + System.nanoTime(), edit));
            String answer = receive(socket);
            if (expected == null) {
                assertNull(answer, "no answer expected to " + what);
            } else {
                assertStatus(expected, answer, what);
            }
            send(socket, options("UDP", socket.getLocalPort(), "good" + System.nanoTime(), request -> request));
            assertStatus("200", receive(socket), "a well-formed OPTIONS after " + what);
        }
    }

    @ParameterizedTest(name = "TCP: {0} gets {3}")
    @MethodSource("malformed")
    void overTcpAMalformedRequestIsAnsweredOrDroppedAndTheServerKeepsServing(String what, UnaryOperator<String> edit,
                                                                             String overUdp, String expected)
            throws IOException {
        try (Socket bad = connect()) {
            write(bad, options("TCP", bad.getLocalPort(), "bad" + System.nanoTime(), edit));
            String answer = readResponse(bad);
            if (expected == null) {
                assertNull(answer, "no answer expected to " + what);
            } else {
                assertStatus(expected, answer, what);
            }
        }
        try (Socket good = connect()) {
            write(good, options("TCP", good.getLocalPort(), "good" + System.nanoTime(), request -> request));
            assertStatus("200", readResponse(good), "a well-formed OPTIONS on a new connection after " + what);
        }
    }

    @Test
    void overTcpTheConnectionThatCarriedAMalformedRequestStillServes() throws IOException {
        try (Socket connection = connect()) {
            write(connection, options("TCP", connection.getLocalPort(), "bad" + System.nanoTime(),
                    edit("Call-ID: ", "X-Call-ID: ")));
            write(connection, options("TCP", connection.getLocalPort(), "good" + System.nanoTime(), request -> request));
            assertStatus("200", readResponse(connection), "a well-formed OPTIONS after a malformed one");
        }
    }

    @Test
    void anOversizedTcpMessageIsRefusedAndTheServerKeepsServing() throws IOException {
        try (Socket big = connect()) {
            String body = "v=0\r\n".repeat(20_000);
            write(big, options("TCP", big.getLocalPort(), "big" + System.nanoTime(), request -> request
                    .replace("Content-Length: 0", "Content-Type: application/sdp\r\nContent-Length: " + body.length())
                    + body));
            readResponse(big);
        } catch (IOException closedByServer) {
            // Closing the connection is a fair answer to 100 KB of headers and body.
        }
        try (Socket good = connect()) {
            write(good, options("TCP", good.getLocalPort(), "good" + System.nanoTime(), request -> request));
            assertStatus("200", readResponse(good), "a well-formed OPTIONS after an oversized message");
        }
    }

    private static void assertStatus(String expected, String answer, String what) {
        assertNotNull(answer, "no answer to " + what);
        String statusLine = answer.lines().findFirst().orElse("");
        assertTrue(statusLine.startsWith("SIP/2.0 " + expected + " "),
                () -> what + ": expected " + expected + ", got " + statusLine);
        assertTrue(statusLine.length() > ("SIP/2.0 " + expected + " ").length(),
                () -> what + ": the status line has no reason phrase: " + statusLine);
    }

    private static void send(DatagramSocket socket, String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.ISO_8859_1);
        socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
    }

    /** The next datagram, or null if none came within {@value #WAIT_MILLIS} ms. */
    private static String receive(DatagramSocket socket) throws IOException {
        byte[] buffer = new byte[65_535];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException nothing) {
            return null;
        }
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.ISO_8859_1);
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), WAIT_MILLIS);
        socket.setSoTimeout(WAIT_MILLIS);
        return socket;
    }

    private static void write(Socket socket, String message) throws IOException {
        socket.getOutputStream().write(message.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** The head of the next response on the connection, or null if none came before a timeout or close. */
    private static String readResponse(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        try {
            int b;
            while ((b = in.read()) >= 0) {
                head.append((char) b);
                if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                    return head.toString();
                }
            }
        } catch (SocketTimeoutException nothing) {
            // fall through
        }
        return head.length() == 0 ? null : head.toString();
    }
}
