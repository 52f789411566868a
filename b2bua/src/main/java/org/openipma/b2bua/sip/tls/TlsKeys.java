package org.openipma.b2bua.sip.tls;

import gov.nist.javax.sip.SipStackImpl;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.util.Properties;
import javax.net.ssl.SSLContext;

/**
 * The server's TLS identity: a PKCS12 key store with its private key and certificate chain. It is also the trust
 * store for connections the server opens itself, so a phone the server calls over TLS must present a certificate
 * this store trusts.
 *
 * @param keyStore the PKCS12 file
 * @param password its password
 */
public record TlsKeys(Path keyStore, String password) {
    /** Milliseconds a peer has to complete the TLS handshake before its connection is closed. */
    static final int HANDSHAKE_MILLIS = 10_000;

    /** TLS versions served: 1.3 and 1.2 (RFC 8996 retired 1.0 and 1.1). */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    /**
     * Sets what the stack negotiates: TLS 1.3 and 1.2 with the JDK's default cipher suites (forward-secret ECDHE
     * and TLS 1.3's AEAD suites). Why: the RI's own default is RFC 3261's 2002 list, {@code TLS_RSA_WITH_AES_128_CBC_SHA},
     * 3DES and anonymous Diffie-Hellman (no server authentication at all) on TLS 1.0-1.2, which the JDK mostly
     * disables and an EC key cannot serve: every handshake failed.
     */
    public void applyTo(SipStackImpl stack) {
        try {
            stack.setEnabledCipherSuites(SSLContext.getDefault().getDefaultSSLParameters().getCipherSuites());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no default TLS context", e);
        }
        stack.setEnabledProtocols(PROTOCOLS.clone());
    }

    /** Sets the JAIN-SIP properties that make the stack serve TLS with these keys. */
    public void configure(Properties properties) {
        String file = keyStore.toAbsolutePath().toString();
        properties.setProperty("javax.net.ssl.keyStore", file);
        properties.setProperty("javax.net.ssl.keyStorePassword", password == null ? "" : password);
        properties.setProperty("javax.net.ssl.keyStoreType", "PKCS12");
        properties.setProperty("javax.net.ssl.trustStore", file);
        properties.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        // Phones present no certificate; "DisabledAll" would also leave the server without its own.
        properties.setProperty("gov.nist.javax.sip.TLS_CLIENT_AUTH_TYPE", "Disabled");
        // A peer that connects and never completes the handshake must not hold its threads for ever. The RI's
        // documentation says seconds; its watchdog schedules milliseconds (10 closed every connection at once).
        properties.setProperty("gov.nist.javax.sip.SSL_HANDSHAKE_TIMEOUT", Integer.toString(HANDSHAKE_MILLIS));
        // Not gov.nist.javax.sip.SSL_RENEGOTIATION_ENABLED=false: the RI implements it by invalidating the session
        // right after the handshake, and a TLS 1.3 connection is then closed before its first message. TLS 1.3 has
        // no renegotiation to abuse (CVE-2011-1473 is about 1.2's).
    }
}
