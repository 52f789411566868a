package org.openipma.b2bua.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.openipma.b2bua.sip.testing.RawSip.assertStatus;
import static org.openipma.b2bua.sip.testing.RawSip.readResponse;
import static org.openipma.b2bua.sip.testing.RawSip.status;
import static org.openipma.b2bua.sip.testing.RawSip.write;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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
 * The 50 messages of RFC 4475 (SIP torture tests), byte for byte from {@code shared/rfc4475/} beside the
 * checkout, each sent raw to the lab server over UDP and over TCP, with the answer the RFC asks of a server
 * like ours, and a liveness probe (OPTIONS gets 200) after each.
 *
 * <p>Our server is a UAS for what it answers itself (OPTIONS, REGISTER, unknown methods) and a B2BUA for
 * INVITE. RFC 3261 §8.2.1 lets a UAS authenticate before inspecting anything else, so a valid INVITE gets
 * 407 and a valid REGISTER 401: both are the RFC's answer for a server that wants credentials. Where the RFC
 * allows two answers (reject with 400, or be liberal and process), {@link #TABLE} names both and asserts
 * the one we give.
 *
 * <p>Only the top Via is rewritten at run time: its sent-by and transport point at this test's socket, so
 * that the answer comes back, and an RFC 3261 branch gets a unique suffix. The archive's messages each
 * assume a fresh server, and 16 of them share the branch {@code z9hG4bKkdjuw}; each message is also sent
 * twice (UDP, TCP). Until transaction matching compares sent-by and method as well (RFC 3261 §17.2.3; a
 * defect of its own in issue 11), a reused branch would be absorbed as a retransmission. The bare cookie
 * of {@code badbranch.dat} and the RFC 2543 requests without one are kept: they are what those rows test.
 * Nothing else in a message changes. Responses (a server drops a stray response, RFC
 * 3261 §18.1.2) and messages without a Via (nowhere to answer, §18.2.2) are sent as they are.
 */
@Timeout(120)
class Rfc4475Test {
    /** How long a message may take to be answered; also how long "no answer" is waited for. */
    private static final int WAIT_MILLIS = 1000;
    private static final String NONE = "none";

    /**
     * One message: the answers the RFC accepts ({@code |}-separated; {@value #NONE}: no answer, or the
     * connection closed), the one we give where that differs per transport, and why.
     */
    record Row(String file, String rfcUdp, String rfcTcp, String udp, String tcp, String reason) {
        Row tcp(String actual, String why) {
            return new Row(file, rfcUdp, rfcTcp, udp, actual, reason + "; over TCP: " + why);
        }

        Row udp(String actual, String why) {
            return new Row(file, rfcUdp, rfcTcp, actual, tcp, reason + "; over UDP: " + why);
        }

        String rfc(String transport) {
            return transport.equals("UDP") ? rfcUdp : rfcTcp;
        }

        String expected(String transport) {
            return transport.equals("UDP") ? udp : tcp;
        }

        boolean asTheRfcAsks(String transport) {
            return Arrays.asList(rfc(transport).split("\\|")).contains(expected(transport));
        }
    }

    /** Both transports: the RFC accepts {@code rfc}, we answer {@code ours}. */
    private static Row row(String file, String rfc, String ours, String reason) {
        return new Row(file, rfc, rfc, ours, ours, reason);
    }

    private static Row row(String file, String rfc, String reason) {
        return row(file, rfc, rfc, reason);
    }

    /** JAIN-SIP's TCP transport drops a request that fails to parse: no 400, the connection stays open. */
    private static final String RI_TCP = "JAIN-SIP drops a request that fails to parse on TCP, before our code "
            + "sees it (PipelinedMsgParser; not fixed)";

    static final List<Row> TABLE = List.of(
            // 3.1.1 Valid messages: processed.
            row("wsinv.dat", "481|407", "481",
                    "3.1.1.1 valid; its To has a tag of no dialog of ours: 481 (RFC 3261 §12.2.2)"),
            row("intmeth.dat", "501|405", "501", "3.1.1.2 valid; a method we do not know: 501 (RFC 3261 §21.5.2)"),
            row("esc01.dat", "407", "3.1.1.3 valid INVITE: challenged (RFC 3261 §8.2.1, §22.3)"),
            row("escnull.dat", "401", "3.1.1.4 valid REGISTER: challenged"),
            row("esc02.dat", "501|405", "501", "3.1.1.5 valid; RE%47IST%45R is not REGISTER: unknown method, 501"),
            row("lwsdisp.dat", "200", "3.1.1.6 valid OPTIONS"),
            row("longreq.dat", "407", "3.1.1.7 valid INVITE: challenged"),
            row("dblreq.dat", "401", "3.1.1.8 valid REGISTER: challenged (over UDP the INVITE after it is ignored; "
                    + "over TCP it is a second request, answered after)"),
            row("semiuri.dat", "200", "3.1.1.9 valid OPTIONS"),
            row("transports.dat", "200", "3.1.1.10 valid OPTIONS"),
            row("mpart01.dat", "405|501", "501", "3.1.1.11 valid MESSAGE, which we do not serve (RFC 3261 §8.2.1 "
                    + "prefers 405 for a known method; 501 is ours)"),
            row("unreason.dat", NONE, "3.1.1.12 a response: a server drops it (RFC 3261 §18.1.2)"),
            row("noreason.dat", NONE, "3.1.1.13 a response: dropped"),
            // 3.1.2 Invalid messages.
            row("badinv01.dat", "400", "3.1.2.1 empty Via and Contact params: 400").tcp(NONE, RI_TCP),
            new Row("clerr.dat", "400", NONE, "400", NONE, "3.1.2.2 Content-Length beyond the datagram: 400; over "
                    + "TCP the receiver can only wait for the rest (the RFC says so)"),
            new Row("ncl.dat", "400", "400|" + NONE, "400", NONE, "3.1.2.3 negative Content-Length: 400; over TCP "
                    + "the framing is lost, closing is acceptable; " + RI_TCP),
            row("scalar02.dat", "400", "3.1.2.4 CSeq beyond 2**31: 400").tcp(NONE, RI_TCP),
            row("scalarlg.dat", NONE, "3.1.2.5 a response: dropped"),
            row("quotbal.dat", "400", "3.1.2.6 unterminated quoted string: 400").tcp(NONE, RI_TCP),
            row("ltgtruri.dat", "400", "3.1.2.7 <> around the Request-URI: 400").tcp(NONE, RI_TCP),
            row("lwsruri.dat", "400", "3.1.2.8 whitespace in the Request-URI: 400").tcp(NONE, RI_TCP),
            row("lwsstart.dat", "400", "3.1.2.9 several SP in the Request-Line: 400"),
            row("trws.dat", "400|200", "200", "3.1.2.10 trailing SP after SIP-Version: 400 or tolerate; we tolerate"),
            row("escruri.dat", "400|407", "407", "3.1.2.11 escaped headers in the Request-URI: 400, or ignore "
                    + "them and process (challenged)"),
            row("baddate.dat", "400|407", "407", "3.1.2.12 Date not in GMT: 400, or process (challenged)"),
            row("regbadct.dat", "400|401", "401", "3.1.2.13 unbracketed Contact with '?': 400; a registrar "
                    + "authenticates before it reads Contact (RFC 3261 §10.3 step 3), so 401"),
            row("badaspec.dat", "400|200", "200", "3.1.2.14 spaces inside <>: 400 or tolerate; we tolerate"),
            new Row("baddn.dat", "400|200", NONE, "200", NONE, "3.1.2.15 unquoted non-token display names: 400 or "
                    + "tolerate; we tolerate. Over TCP the archive's copy, which has no empty line after its headers, "
                    + "is a message that has not ended: nothing can answer it"),
            row("badvers.dat", "505", "3.1.2.16 SIP/7.0: 505 Version Not Supported"),
            row("mismatch01.dat", "400", "3.1.2.17 CSeq method differs from the Request-Line's: 400"),
            row("mismatch02.dat", "501|400", "400", "3.1.2.18 unknown method and a CSeq of INVITE: 501 or 400"),
            row("bigcode.dat", NONE, "3.1.2.19 a response: dropped"),
            // 3.2 Transaction layer.
            row("badbranch.dat", "200", "3.2.1 branch is the bare magic cookie: processed as an RFC 2543 request"),
            // 3.3 Application layer.
            row("insuf.dat", "400", NONE, "3.3.1 no To, From, Call-ID, Max-Forwards: 400; JAIN-SIP builds its 400 "
                    + "from the "
                    + "request's Via, CSeq, Call-ID, From and To and sends none without them (not fixed)"),
            row("unkscm.dat", "416", "3.3.2 Request-URI scheme we do not know: 416"),
            row("novelsc.dat", "416", "3.3.3 Request-URI scheme soap.beep: 416"),
            row("unksm2.dat", "400|401", "401", "3.3.4 non-SIP To of a REGISTER: 400 after authentication "
                    + "(RFC 3261 §10.3 steps 3 and 5), so 401 first"),
            row("bext01.dat", "420", "3.3.5 Require we do not support: 420 with Unsupported (RFC 3261 §8.2.2.3)"),
            row("invut.dat", "415|407", "407", "3.3.6 unknown body type: 415, after authentication (RFC 3261 "
                    + "§8.2.1), so 407 first"),
            row("regaut01.dat", "401", "3.3.7 unknown Authorization scheme: challenged with ours"),
            row("multi01.dat", "400", "3.3.8 two To, From, Call-ID, CSeq: 400"),
            row("mcl01.dat", "400", "3.3.9 two Content-Length: 400"),
            row("bcast.dat", NONE, "3.3.10 a response: dropped"),
            row("zeromf.dat", "200|483", "200", "3.3.11 Max-Forwards 0 on OPTIONS: an endpoint processes it "
                    + "(RFC 3261 §16.3 step 3 lets even a proxy answer OPTIONS)"),
            row("cparam01.dat", "401", "3.3.12 valid REGISTER: challenged"),
            row("cparam02.dat", "401", "3.3.13 valid REGISTER: challenged"),
            row("regescrt.dat", "401", "3.3.14 valid REGISTER: challenged"),
            row("sdp01.dat", "406|407", "407", "3.3.15 Accept without SDP: 406, after authentication, so 407 first"),
            // 3.4 Backward compatibility.
            row("inv2543.dat", "407", "400", "3.4.1 RFC 2543 INVITE (no Max-Forwards, branch, From tag): processed, "
                    + "challenged; a missing Max-Forwards is taken as 70, but it has no Contact either, which RFC 3261 "
                    + "§8.1.1.8 requires and JAIN-SIP will not make a transaction without: 400 (missing Contact)"),
            // Only in the RFC's archive (Appendix A.1).
            row("test.dat", NONE, "archive only: no SIP-Version, no Via: nowhere to answer (RFC 3261 §18.2.2)"));

    private static final Pattern TOP_VIA = Pattern.compile(
            "(?i)(^|\\r\\n)((?:via|v)[ \\t]*:[ \\t]*SIP[ \\t\\r\\n]*/[ \\t\\r\\n]*[^/ \\t\\r\\n]+"
                    + "[ \\t\\r\\n]*/[ \\t\\r\\n]*)"
                    + "([a-z]+)([ \\t\\r\\n]+)([^;, \\t\\r\\n]+)");

    /** An RFC 3261 branch (longer than the bare magic cookie) in the rest of the top Via's line. */
    private static final Pattern BRANCH =
            Pattern.compile("^[^\\r\\n,]*?;[ \\t]*branch[ \\t]*=[ \\t]*z9hG4bK[^;, \\t\\r\\n]+");

    private static IpmaServer server;
    private static RawSip raw;

    @BeforeAll
    static void startServer() {
        int port = LoopbackPorts.freeUdpAndTcp();
        server = IpmaServer.start(TestConfigs.cluster(TestConfigs.LAB), "127.0.0.1", port);
        raw = new RawSip(port, WAIT_MILLIS);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    static Stream<Arguments> udp() {
        return TABLE.stream().map(row -> Arguments.of(row.file(), row));
    }

    static Stream<Arguments> tcp() {
        return udp();
    }

    @Test
    void theTableCoversEveryMessageOfTheArchiveOnce() throws IOException {
        Set<String> files;
        try (Stream<Path> list = Files.list(messages())) {
            files = list.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".dat"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(50, files.size(), "RFC 4475's archive holds 50 messages");
        assertEquals(files, TABLE.stream().map(Row::file).collect(Collectors.toCollection(TreeSet::new)));
        assertEquals(TABLE.size(), files.size(), "one row per message");
    }

    @ParameterizedTest(name = "UDP: {0}")
    @MethodSource("udp")
    void overUdpEachMessageGetsTheAnswerOfTheTableAndTheServerKeepsServing(String file, Row row) throws IOException {
        try (DatagramSocket socket = raw.udpSocket()) {
            raw.send(socket, message(file, "UDP", socket.getLocalPort()));
            assertAnswer(row, "UDP", raw.receive(socket));
        }
        try (DatagramSocket probe = raw.udpSocket()) {
            raw.send(probe, raw.options("UDP", probe.getLocalPort(), "live" + System.nanoTime()));
            assertStatus("200", raw.receive(probe), "an OPTIONS over UDP after " + file);
        }
    }

    @ParameterizedTest(name = "TCP: {0}")
    @MethodSource("tcp")
    void overTcpEachMessageGetsTheAnswerOfTheTableAndTheServerKeepsServing(String file, Row row) throws IOException {
        try (Socket connection = raw.connect()) {
            write(connection, message(file, "TCP", connection.getLocalPort()));
            assertAnswer(row, "TCP", readResponse(connection));
        }
        try (Socket probe = raw.connect()) {
            write(probe, raw.options("TCP", probe.getLocalPort(), "live" + System.nanoTime()));
            assertStatus("200", readResponse(probe), "an OPTIONS over TCP after " + file);
        }
    }

    private static void assertAnswer(Row row, String transport, String answer) {
        String expected = row.expected(transport);
        String got = answer == null ? NONE : status(answer);
        assertEquals(expected, got, () -> row.file() + " over " + transport + " (" + row.reason() + "), got: "
                + (answer == null ? NONE : answer.lines().findFirst().orElse("")));
        if (!expected.equals(NONE)) {
            assertStatus(expected, answer, row.file());
        }
    }

    /** The message of {@code file}, its top Via (if a request has one) pointing at our socket. */
    private static String message(String file, String transport, int localPort) throws IOException {
        String text = new String(Files.readAllBytes(messages().resolve(file)), StandardCharsets.ISO_8859_1);
        if (text.startsWith("SIP/")) {
            return text; // a response: sent as it is
        }
        Matcher via = TOP_VIA.matcher(text);
        if (!via.find()) {
            return text;
        }
        String rest = text.substring(via.end());
        Matcher branch = BRANCH.matcher(rest);
        if (branch.find()) {
            rest = rest.substring(0, branch.end()) + "." + transport + System.nanoTime() + rest.substring(branch.end());
        }
        return text.substring(0, via.start()) + via.group(1) + via.group(2) + transport + via.group(4)
                + "127.0.0.1:" + localPort + rest;
    }

    /** {@code shared/rfc4475} beside the checkout (or in it), found from the working directory up. */
    static Path messages() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("rfc4475");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no shared/rfc4475 directory in " + Path.of("").toAbsolutePath()
                + " or any parent (expected: the RFC 4475 messages beside the checkout, ../shared/rfc4475)");
    }

    /** How many rows the table answers as the RFC asks, per transport (for the summary in the commit). */
    static long asTheRfcAsks(String transport) {
        return TABLE.stream().filter(row -> row.asTheRfcAsks(transport)).count();
    }

    @Test
    void aRequireWeDoNotSupportIsAnswered420ListingEachOptionTagInUnsupported() throws IOException {
        try (DatagramSocket socket = raw.udpSocket()) {
            raw.send(socket, message("bext01.dat", "UDP", socket.getLocalPort()));
            String answer = raw.receive(socket);
            assertStatus("420", answer, "bext01.dat");
            List<String> unsupported = answer.lines().filter(line -> line.startsWith("Unsupported:"))
                    .flatMap(line -> Arrays.stream(line.substring("Unsupported:".length()).split(",")))
                    .map(String::strip).toList();
            assertEquals(List.of("nothingSupportsThis", "nothingSupportsThisEither"), unsupported);
        }
    }

    @Test
    void anotherSipVersionIsAnswered505NamingIt() throws IOException {
        try (DatagramSocket socket = raw.udpSocket()) {
            raw.send(socket, message("badvers.dat", "UDP", socket.getLocalPort()));
            assertEquals("SIP/2.0 505 Bad version SIP/7.0",
                    raw.receive(socket).lines().findFirst().orElse(""));
        }
    }

    @Test
    void anInviteWithMaxForwardsZeroIsAnswered483AndAnOptionsIs200() throws IOException {
        try (DatagramSocket socket = raw.udpSocket()) {
            String options = message("zeromf.dat", "UDP", socket.getLocalPort());
            String invite = options.replace("OPTIONS sip:", "INVITE sip:").replace(" OPTIONS\r\n", " INVITE\r\n")
                    .replace("Max-Forwards: 0\r\n", "Max-Forwards: 0\r\nContact: <sip:caller@127.0.0.1>\r\n");
            raw.send(socket, invite);
            assertStatus("483", raw.receive(socket), "an INVITE with Max-Forwards 0");
            raw.send(socket, options);
            assertStatus("200", raw.receive(socket), "an OPTIONS with Max-Forwards 0");
        }
    }

    /** Prints the table's standing (the per-message tests hold the assertions). */
    @Test
    void summary() {
        for (String transport : List.of("UDP", "TCP")) {
            System.out.println("RFC 4475 over " + transport + ": " + asTheRfcAsks(transport) + " of " + TABLE.size()
                    + " messages answered as the RFC asks; not: " + TABLE.stream()
                    .filter(row -> !row.asTheRfcAsks(transport))
                    .map(row -> row.file() + " (" + row.expected(transport) + ", asked " + row.rfc(transport) + ")")
                    .collect(Collectors.joining(", ")));
        }
    }
}
