package org.openipma.b2bua.sip.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openipma.b2bua.ConfigSnapshots;
import org.openipma.b2bua.IpmaServer;
import org.openipma.b2bua.TestConfigs;
import org.openipma.b2bua.sip.stack.SipStartupException;
import org.openipma.b2bua.sipp.LoopbackPorts;
import org.openipma.routing.ConfigLoader;
import org.openipma.state.StateDatabase;
import org.openipma.state.StorageConfig;

/**
 * {@code sip.tlsKeyStore} may be a PEM file (PKCS#8 key and certificate chain, as CAs deliver them): the server
 * serves it over TLS, and a PEM it cannot use is refused with one line naming the file and what to do.
 */
@Timeout(60)
class PemKeyStoreTest {
    @TempDir
    Path dir;

    @Test
    void aServerConfiguredWithAPemFileServesItsCertificate() throws Exception {
        Path p12 = SelfSignedCertificate.in(dir.resolve("issued"), "127.0.0.1", "127.0.0.1");
        Path pem = Files.writeString(dir.resolve("sip.pem"), pem(p12, true, true));
        assertTrue(PemKeyStore.isPem(pem));
        assertFalse(PemKeyStore.isPem(p12));
        int port = LoopbackPorts.freeUdpAndTcp();
        int tlsPort = LoopbackPorts.freeTcpOtherThan(port);
        Path config = dir.resolve("tls.yaml");
        Files.writeString(config, Files.readString(TestConfigs.path(TestConfigs.LAB)).replace("\n  port: 5060\n",
                "\n  port: 5060\n  tlsPort: " + tlsPort + "\n  tlsKeyStore: " + pem + "\n"));
        Path stateDir = dir.resolve("state");
        try (IpmaServer server = IpmaServer.start(new ConfigSnapshots(ConfigLoader.loadCluster(config)), "127.0.0.1",
                port, StateDatabase.open(StorageConfig.embedded(stateDir)), null);
             TlsPeer phone = TlsPeer.connect(p12, SelfSignedCertificate.PASSWORD, tlsPort)) {
            Response ok = phone.exchange(TlsTest.request("OPTIONS sip:127.0.0.1", phone, "options", 1,
                    "To: <sip:127.0.0.1>"));
            assertEquals(200, ok.getStatusCode(), ok.toString());
            assertTrue(Files.exists(stateDir.resolve(PemKeyStore.FILE)), "converted beside the state");
        }
    }

    @Test
    void aPemWithoutKeyOrCertificateIsRefusedNamingTheFile() throws Exception {
        Path p12 = SelfSignedCertificate.in(dir.resolve("issued"), "127.0.0.1", "127.0.0.1");
        Path noKey = Files.writeString(dir.resolve("cert-only.pem"), pem(p12, false, true));
        assertEquals("sip.tlsKeyStore " + noKey + " holds no PRIVATE KEY (expected: the key and the certificate chain"
                + " in one file)", refusal(noKey));
        Path noCertificate = Files.writeString(dir.resolve("key-only.pem"), pem(p12, true, false));
        assertEquals("sip.tlsKeyStore " + noCertificate + " holds no CERTIFICATE (expected: the key and the "
                + "certificate chain in one file)", refusal(noCertificate));
    }

    @Test
    void aKeyOfAnotherCertificateOrInTheOldFormatIsRefused() throws Exception {
        Path first = SelfSignedCertificate.in(dir.resolve("one"), "127.0.0.1", "127.0.0.1");
        Path second = SelfSignedCertificate.in(dir.resolve("two"), "127.0.0.1", "127.0.0.1");
        Path mixed = Files.writeString(dir.resolve("mixed.pem"), pem(first, true, false) + pem(second, false, true));
        assertTrue(refusal(mixed).endsWith("holds a private key that is not the first certificate's (expected: the "
                + "server's key, then its certificate, then the chain)"), refusal(mixed));
        Path sec1 = Files.writeString(dir.resolve("sec1.pem"),
                "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIA==\n-----END EC PRIVATE KEY-----\n" + pem(first, false, true));
        assertEquals("sip.tlsKeyStore " + sec1 + " holds a EC PRIVATE KEY (PKCS#1/SEC1); expected a PKCS#8 PRIVATE "
                + "KEY: convert it with openssl pkcs8 -topk8 -nocrypt", refusal(sec1));
    }

    private String refusal(Path pem) {
        return assertThrows(SipStartupException.class, () -> PemKeyStore.convert(pem, dir.resolve("data")))
                .getMessage();
    }

    /** The key and/or certificate of the PKCS12 file {@code p12} (SelfSignedCertificate's) as PEM text. */
    private static String pem(Path p12, boolean withKey, boolean withCertificate) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            store.load(in, SelfSignedCertificate.PASSWORD.toCharArray());
        }
        String alias = store.aliases().nextElement();
        StringBuilder text = new StringBuilder();
        if (withKey) {
            Key key = store.getKey(alias, SelfSignedCertificate.PASSWORD.toCharArray());
            text.append(block("PRIVATE KEY", key.getEncoded())); // PKCS#8
        }
        if (withCertificate) {
            for (Certificate certificate : store.getCertificateChain(alias)) {
                text.append(block("CERTIFICATE", certificate.getEncoded()));
            }
        }
        return text.toString();
    }

    private static String block(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
