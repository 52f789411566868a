package org.openipma.b2bua.sip;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.openipma.b2bua.sip.testing.RawSip.assertStatus;
import static org.openipma.b2bua.sip.testing.RawSip.readResponse;
import static org.openipma.b2bua.sip.testing.RawSip.write;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Socket;
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
import org.openipma.b2bua.sip.testing.RawSip;
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
    private static RawSip raw;

    @BeforeAll
    static void startServer() {
        port = LoopbackPorts.freeUdpAndTcp();
        server = IpmaServer.start(TestConfigs.cluster(TestConfigs.LAB), "127.0.0.1", port);
        raw = new RawSip(port, WAIT_MILLIS);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** An OPTIONS from {@code 127.0.0.1:localPort} over {@code transport}, with {@code edit} applied. */
    private static String options(String transport, int localPort, String branch, UnaryOperator<String> edit) {
        return edit.apply(raw.options(transport, localPort, branch));
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
                row("an unknown SIP version", edit(" SIP/2.0\r\nVia", " SIP/3.0\r\nVia"), "505", "505"),
                row("a SIP version that is no version", edit(" SIP/2.0\r\nVia", " SIP/two\r\nVia"), "400", null),
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
        try (DatagramSocket socket = raw.udpSocket()) {
            raw.send(socket, options("UDP", socket.getLocalPort(), "bad" + System.nanoTime(), edit));
            String answer = raw.receive(socket);
            if (expected == null) {
                assertNull(answer, "no answer expected to " + what);
            } else {
                assertStatus(expected, answer, what);
            }
            raw.send(socket, options("UDP", socket.getLocalPort(), "good" + System.nanoTime(), request -> request));
            assertStatus("200", raw.receive(socket), "a well-formed OPTIONS after " + what);
        }
    }

    @ParameterizedTest(name = "TCP: {0} gets {3}")
    @MethodSource("malformed")
    void overTcpAMalformedRequestIsAnsweredOrDroppedAndTheServerKeepsServing(String what, UnaryOperator<String> edit,
                                                                             String overUdp, String expected)
            throws IOException {
        try (Socket bad = raw.connect()) {
            write(bad, options("TCP", bad.getLocalPort(), "bad" + System.nanoTime(), edit));
            String answer = readResponse(bad);
            if (expected == null) {
                assertNull(answer, "no answer expected to " + what);
            } else {
                assertStatus(expected, answer, what);
            }
        }
        try (Socket good = raw.connect()) {
            write(good, options("TCP", good.getLocalPort(), "good" + System.nanoTime(), request -> request));
            assertStatus("200", readResponse(good), "a well-formed OPTIONS on a new connection after " + what);
        }
    }

    @Test
    void overTcpTheConnectionThatCarriedAMalformedRequestStillServes() throws IOException {
        try (Socket connection = raw.connect()) {
            write(connection, options("TCP", connection.getLocalPort(), "bad" + System.nanoTime(),
                    edit("Call-ID: ", "X-Call-ID: ")));
            write(connection, options("TCP", connection.getLocalPort(), "good" + System.nanoTime(), request -> request));
            assertStatus("200", readResponse(connection), "a well-formed OPTIONS after a malformed one");
        }
    }

    @Test
    void anOversizedTcpMessageIsRefusedAndTheServerKeepsServing() throws IOException {
        try (Socket big = raw.connect()) {
            String body = "v=0\r\n".repeat(20_000);
            write(big, options("TCP", big.getLocalPort(), "big" + System.nanoTime(), request -> request
                    .replace("Content-Length: 0", "Content-Type: application/sdp\r\nContent-Length: " + body.length())
                    + body));
            readResponse(big);
        } catch (IOException closedByServer) {
            // Closing the connection is a fair answer to 100 KB of headers and body.
        }
        try (Socket good = raw.connect()) {
            write(good, options("TCP", good.getLocalPort(), "good" + System.nanoTime(), request -> request));
            assertStatus("200", readResponse(good), "a well-formed OPTIONS after an oversized message");
        }
    }
}
