package org.openipma.b2bua.registrar;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openipma.routing.Cluster;
import org.openipma.routing.IpmaConfig;

/**
 * HTTP digest authentication of SIP requests (RFC 3261 §22, RFC 7616): qop=auth, MD5 and SHA-256.
 *
 * <p>Nonces are self-validating: a timestamp and an HMAC of it under a key drawn at start, so the server
 * keeps no per-nonce state and a flood of unauthenticated requests costs no memory. A nonce older than
 * the lifetime (default 300 s) is refused with a new challenge carrying {@code stale=true}, but only when the
 * response was otherwise correct, as RFC 7616 §3.3 asks; a wrong password gets 403 at once rather than an
 * endless round of challenges. Responses are compared in constant time.
 */
public final class DigestAuthenticator {
    /** Default nonce lifetime. */
    public static final long DEFAULT_NONCE_LIFETIME_MILLIS = 300_000;

    private final Cluster cluster;
    private final String realm;
    private final long nonceLifetimeMillis;
    private final byte[] key = new byte[32];

    /** What became of a request's credentials. */
    public enum Verdict { AUTHENTICATED, CHALLENGE, STALE, FORBIDDEN }

    /** The verdict and, when authenticated, the user. */
    public record Outcome(Verdict verdict, String user) {
    }

    public DigestAuthenticator(Cluster cluster, String realm, long nonceLifetimeMillis) {
        this.cluster = cluster;
        this.realm = realm;
        this.nonceLifetimeMillis = nonceLifetimeMillis;
        new SecureRandom().nextBytes(key);
    }

    /**
     * Checks the request's Authorization ({@code proxy} false, for REGISTER) or Proxy-Authorization header
     * ({@code proxy} true, for INVITE and others) against the configured phones.
     */
    public Outcome check(Request request, boolean proxy) {
        AuthorizationHeader credentials = (AuthorizationHeader) request.getHeader(
                proxy ? ProxyAuthorizationHeader.NAME : AuthorizationHeader.NAME);
        if (credentials == null || credentials.getUsername() == null || !realm.equals(credentials.getRealm())) {
            return new Outcome(Verdict.CHALLENGE, null);
        }
        String user = credentials.getUsername();
        IpmaConfig.Phone phone = cluster.phone(user).orElse(null);
        String algorithm = credentials.getAlgorithm() == null ? "MD5" : credentials.getAlgorithm().toUpperCase(Locale.ROOT);
        if (phone == null || !(algorithm.equals("MD5") || algorithm.equals("SHA-256"))) {
            return new Outcome(Verdict.FORBIDDEN, user);
        }
        String nonce = credentials.getNonce();
        long issued = issuedAt(nonce);
        if (issued < 0) {
            return new Outcome(Verdict.CHALLENGE, null);
        }
        String ha1 = phone.password() != null
                ? hash(algorithm, user + ":" + realm + ":" + phone.password())
                : phone.ha1().get(algorithm);
        if (ha1 == null) {
            return new Outcome(Verdict.FORBIDDEN, user);
        }
        String uri = credentials.getURI() == null ? "" : credentials.getURI().toString();
        String ha2 = hash(algorithm, request.getMethod() + ":" + uri);
        String qop = credentials.getQop();
        String expected = qop == null
                ? hash(algorithm, ha1 + ":" + nonce + ":" + ha2)
                : hash(algorithm, ha1 + ":" + nonce + ":" + nonceCount(credentials) + ":" + credentials.getCNonce()
                        + ":" + qop + ":" + ha2);
        String given = credentials.getResponse() == null ? "" : credentials.getResponse().toLowerCase(Locale.ROOT);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII))) {
            return new Outcome(Verdict.FORBIDDEN, user);
        }
        if (System.currentTimeMillis() - issued > nonceLifetimeMillis) {
            return new Outcome(Verdict.STALE, user);
        }
        return new Outcome(Verdict.AUTHENTICATED, user);
    }

    /**
     * Adds the challenges to a 401 or 407 response: MD5, then SHA-256. MD5 comes first because many phones
     * (and SIPp) answer the first challenge and fail when they cannot do its algorithm; phones that
     * understand both may still pick SHA-256.
     */
    public void challenge(Response response, HeaderFactory headers, boolean stale) throws ParseException {
        String nonce = newNonce();
        for (String algorithm : new String[] {"MD5", "SHA-256"}) {
            WWWAuthenticateHeader header = response.getStatusCode() == Response.PROXY_AUTHENTICATION_REQUIRED
                    ? headers.createProxyAuthenticateHeader("Digest")
                    : headers.createWWWAuthenticateHeader("Digest");
            header.setRealm(realm);
            header.setNonce(nonce);
            header.setQop("auth");
            header.setAlgorithm(algorithm);
            if (stale) {
                header.setStale(true);
            }
            response.addHeader(header);
        }
    }

    private String newNonce() {
        ByteBuffer buffer = ByteBuffer.allocate(8 + 16);
        long now = System.currentTimeMillis();
        buffer.putLong(now).put(mac(now), 0, 16);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
    }

    /** When a nonce we issued was made, or -1 if it is not one of ours. */
    private long issuedAt(String nonce) {
        try {
            byte[] raw = Base64.getUrlDecoder().decode(nonce == null ? "" : nonce);
            if (raw.length != 24) {
                return -1;
            }
            long issued = ByteBuffer.wrap(raw).getLong();
            byte[] expected = java.util.Arrays.copyOf(mac(issued), 16);
            return MessageDigest.isEqual(expected, java.util.Arrays.copyOfRange(raw, 8, 24)) ? issued : -1;
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    private byte[] mac(long timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(ByteBuffer.allocate(8).putLong(timestamp).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java 17 runtime", e);
        }
    }

    private static String nonceCount(AuthorizationHeader credentials) {
        return String.format("%08x", credentials.getNonceCount());
    }

    static String hash(String algorithm, String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is part of every Java 17 runtime", e);
        }
    }
}
