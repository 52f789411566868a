package org.openipma.b2bua.sip.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.message.MessageFactoryImpl;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sip.header.ContactHeader;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openipma.b2bua.ConfigSnapshots;
import org.openipma.b2bua.IpmaServer;
import org.openipma.b2bua.TestConfigs;
import org.openipma.b2bua.sip.SipFactories;
import org.openipma.b2bua.sip.auth.ChallengeKind;
import org.openipma.b2bua.sip.testing.AnsweringPhone;
import org.openipma.b2bua.sip.testing.DigestClient;
import org.openipma.b2bua.sipp.Line;
import org.openipma.b2bua.sipp.LoopbackPorts;
import org.openipma.routing.ConfigLoader;
import org.openipma.state.StateDatabase;
import org.openipma.state.StorageConfig;

/**
 * SIP over TLS (RFC 3261 §26) with the lab's self-signed certificate, generated into the data directory at the
 * first start: phone3 connects over TLS trusting that certificate (and checking it names 127.0.0.1), registers
 * with digest, and calls the assistant's line 1002 (a phone on UDP) through the B2BUA: answered, acknowledged,
 * hung up, every message of phone3's on the one TLS connection.
 */
@Timeout(60)
class TlsTest {
    @TempDir
    Path dataDir;

    @Test
    void aPhoneRegistersAndCallsOverTlsWithTheGeneratedCertificate() throws Exception {
        int port = LoopbackPorts.freeUdpAndTcp();
        int tlsPort = LoopbackPorts.freeTcpOtherThan(port); // two draws of freeUdpAndTcp() once gave the same port
        String lab = Files.readString(TestConfigs.path(TestConfigs.LAB));
        Path config = dataDir.resolve("tls.yaml");
        Files.writeString(config, lab.replace("\n  port: 5060\n", "\n  port: 5060\n  tlsPort: " + tlsPort + "\n"));
        StateDatabase database = StateDatabase.open(StorageConfig.embedded(dataDir));
        try (IpmaServer server = IpmaServer.start(new ConfigSnapshots(ConfigLoader.loadCluster(config)), "127.0.0.1",
                port, database, null);
             AnsweringPhone assistant = AnsweringPhone.register(Line.ASSISTANT, port);
             TlsPeer phone = TlsPeer.connect(dataDir.resolve(SelfSignedCertificate.FILE), SelfSignedCertificate.PASSWORD,
                     tlsPort)) {
            assertTrue(phone.protocol().startsWith("TLSv1."), phone.protocol());
            Line phone3 = Line.PHONE3;

            Request register = request("REGISTER sip:127.0.0.1", phone, "reg", 1, "To: <sip:1003@127.0.0.1>",
                    "Contact: <sip:1003@127.0.0.1:" + phone.localPort() + ";transport=tls>", "Expires: 60");
            Response challenge = phone.exchange(register);
            assertEquals(401, challenge.getStatusCode(), challenge.toString());
            register = request("REGISTER sip:127.0.0.1", phone, "reg", 2, "To: <sip:1003@127.0.0.1>",
                    "Contact: <sip:1003@127.0.0.1:" + phone.localPort() + ";transport=tls>", "Expires: 60");
            register.addHeader(DigestClient.sign(register, ChallengeKind.USER_AGENT_401, DigestClient.Challenge.of(
                    (WWWAuthenticateHeader) challenge.getHeader(WWWAuthenticateHeader.NAME)), phone3.user(),
                    phone3.password(), 1));
            Response registered = phone.exchange(register);
            assertEquals(200, registered.getStatusCode(), registered.toString());
            assertTrue(registered.getHeader(ContactHeader.NAME).toString().contains("transport=tls"),
                    registered.toString());

            String sdp = "v=0\r\no=phone3 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                    + "m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
            Request invite = invite(phone, 1, sdp);
            Response proxyChallenge = phone.exchange(invite);
            assertEquals(407, proxyChallenge.getStatusCode(), proxyChallenge.toString());
            phone.send(ack(phone, invite, proxyChallenge, "sip:1002@127.0.0.1"));
            invite = invite(phone, 2, sdp);
            invite.addHeader(DigestClient.sign(invite, ChallengeKind.PROXY_407, DigestClient.Challenge.of(
                    (ProxyAuthenticateHeader) proxyChallenge.getHeader(ProxyAuthenticateHeader.NAME)), phone3.user(),
                    phone3.password(), 1));
            Response answered = phone.exchange(invite);
            assertEquals(200, answered.getStatusCode(), answered.toString());
            assertNotNull(assistant.awaitRequest(Request.INVITE), "the call reached 1002");
            String b2buaContact = ((ContactHeader) answered.getHeader(ContactHeader.NAME)).getAddress().getURI().toString();
            assertTrue(b2buaContact.endsWith(":" + tlsPort + ";transport=tls"), b2buaContact);
            phone.send(ack(phone, invite, answered, b2buaContact));

            Request bye = request("BYE " + b2buaContact, phone, "call", 3,
                    "To: <sip:1002@127.0.0.1>;tag=" + ((ToHeader) answered.getHeader(ToHeader.NAME)).getTag());
            assertEquals(200, phone.exchange(bye).getStatusCode());
            assertNotNull(assistant.awaitRequest(Request.BYE), "the hang-up reached 1002");
        }
    }

    @Test
    void aConfiguredKeyStoreIsServedAndNothingIsGenerated() throws Exception {
        Path keys = SelfSignedCertificate.in(dataDir.resolve("operator"), "127.0.0.1", "127.0.0.1");
        int port = LoopbackPorts.freeUdpAndTcp();
        int tlsPort = LoopbackPorts.freeTcpOtherThan(port); // two draws of freeUdpAndTcp() once gave the same port
        Path config = dataDir.resolve("tls.yaml");
        Files.writeString(config, Files.readString(TestConfigs.path(TestConfigs.LAB)).replace("\n  port: 5060\n",
                "\n  port: 5060\n  tlsPort: " + tlsPort + "\n  tlsKeyStore: " + keys + "\n  tlsKeyStorePassword: "
                        + SelfSignedCertificate.PASSWORD + "\n"));
        Path stateDir = dataDir.resolve("state");
        try (IpmaServer server = IpmaServer.start(new ConfigSnapshots(ConfigLoader.loadCluster(config)), "127.0.0.1",
                port, StateDatabase.open(StorageConfig.embedded(stateDir)), null);
             TlsPeer phone = TlsPeer.connect(keys, SelfSignedCertificate.PASSWORD, tlsPort)) {
            Response ok = phone.exchange(request("OPTIONS sip:127.0.0.1", phone, "options", 1, "To: <sip:127.0.0.1>"));
            assertEquals(200, ok.getStatusCode(), ok.toString());
            assertTrue(!Files.exists(stateDir.resolve(SelfSignedCertificate.FILE)), "no certificate generated");
        }
    }

    private static Request invite(TlsPeer phone, int cseq, String sdp) throws Exception {
        Request invite = request("INVITE sip:1002@127.0.0.1", phone, "call", cseq, "To: <sip:1002@127.0.0.1>",
                "Contact: <sip:1003@127.0.0.1:" + phone.localPort() + ";transport=tls>",
                "Content-Type: application/sdp");
        invite.setContent(sdp, SipFactories.headers().createContentTypeHeader("application", "sdp"));
        return invite;
    }

    private static Request ack(TlsPeer phone, Request invite, Response response, String uri) throws Exception {
        long cseq = ((javax.sip.header.CSeqHeader) invite.getHeader("CSeq")).getSeqNumber();
        String branch = response.getStatusCode() >= 300
                ? ((javax.sip.header.ViaHeader) invite.getHeader("Via")).getBranch() : null;
        Request ack = request("ACK " + uri, phone, "call", cseq, response.getHeader(ToHeader.NAME).toString().strip());
        if (branch != null) {
            ((javax.sip.header.ViaHeader) ack.getHeader("Via")).setBranch(branch); // same transaction (§17.1.1.3)
        }
        return ack;
    }

    /** A request of phone3 over the TLS connection; {@code dialog} names the Call-ID and From tag (TlsLimitsTest too). */
    static Request request(String requestLine, TlsPeer phone, String dialog, long cseq, String... headers)
            throws Exception {
        String method = requestLine.substring(0, requestLine.indexOf(' '));
        StringBuilder text = new StringBuilder(requestLine).append(" SIP/2.0\r\n")
                .append("Via: SIP/2.0/TLS 127.0.0.1:").append(phone.localPort()).append(";rport;branch=z9hG4bK-tls-")
                .append(dialog).append('-').append(cseq).append('-').append(method).append("\r\n")
                .append("Max-Forwards: 70\r\n")
                .append("From: <sip:1003@127.0.0.1>;tag=phone3-").append(dialog).append("\r\n")
                .append("Call-ID: tls-").append(dialog).append("@127.0.0.1\r\n")
                .append("CSeq: ").append(cseq).append(' ').append(method).append("\r\n");
        for (String header : headers) {
            text.append(header).append("\r\n");
        }
        text.append("Content-Length: 0\r\n\r\n");
        return ((MessageFactoryImpl) SipFactories.messages()).createRequest(text.toString());
    }
}
