package org.openipma.b2bua.sip.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * The digest algorithms we accept (RFC 7616 §3.2, RFC 8760 for SIP), with the computations both sides of
 * a challenge need. Session variants ({@code -sess}) are not supported: no SIP phone we know sends them.
 */
public enum DigestAlgorithm {
    /** Preferred; offered first. */
    SHA_256("SHA-256", "SHA-256"),
    /** What most SIP phones still use; also the meaning of a response without an algorithm. */
    MD5("MD5", "MD5");

    private final String token;
    private final String jcaName;

    DigestAlgorithm(String token, String jcaName) {
        this.token = token;
        this.jcaName = jcaName;
    }

    /** The name on the wire, e.g. {@code SHA-256}. */
    public String token() {
        return token;
    }

    /**
     * The algorithm named {@code token} (case-insensitive); MD5 when the token is absent, as RFC 7616
     * §3.4 prescribes; empty when we do not support it.
     */
    public static Optional<DigestAlgorithm> fromToken(String token) {
        if (token == null) {
            return Optional.of(MD5);
        }
        for (DigestAlgorithm algorithm : values()) {
            if (algorithm.token.equalsIgnoreCase(token.trim())) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }

    /** H(data) as lowercase hex, data encoded as UTF-8. */
    public String hash(String data) {
        try {
            byte[] digest = MessageDigest.getInstance(jcaName).digest(data.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jcaName + " is required of every Java runtime", e);
        }
    }

    /** HA1 = H(user:realm:password). */
    public String ha1(String user, String realm, String password) {
        return hash(user + ":" + realm + ":" + password);
    }

    /**
     * The response for qop=auth: H(HA1:nonce:nc:cnonce:qop:H(method:uri)). Every argument is used exactly as
     * it appears on the wire (nc as its 8 hex digits, uri as quoted), since that is what the peer hashed.
     */
    public String response(String ha1, String nonce, String nc, String cnonce, String qop, String method,
                           String digestUri) {
        String ha2 = hash(method + ":" + digestUri);
        return hash(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
    }

    @Override
    public String toString() {
        return token.toUpperCase(Locale.ROOT);
    }
}
