package org.openipma.b2bua.sip.auth;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Self-validating nonces: {@code base64url(issued-at ms (8 bytes) | random (8 bytes) | MAC (16 bytes))}, the
 * MAC being HMAC-SHA256 of the first 16 bytes under a key drawn at random when the process starts.
 *
 * <p>Why no table of issued nonces: every unauthenticated request gets a challenge, so a table would grow
 * with whatever an attacker sends; here issuing costs nothing to keep, and checking costs one HMAC. The
 * random part makes every nonce distinct, so {@link NonceCounts} can track nonce-count replay per nonce.
 * The price: a restart (new key) turns every outstanding nonce into a {@link Validity#FOREIGN} one; the
 * authenticator answers those with {@code stale=true}, so phones re-authenticate without prompting anyone.
 *
 * <p>Thread-safe.
 */
final class Nonces {
    private static final int RAW_LENGTH = 32;
    private static final int SIGNED_LENGTH = 16;

    /** What a nonce is worth. */
    enum Validity { FRESH, EXPIRED, FOREIGN }

    /** The verdict on a nonce and, unless {@link Validity#FOREIGN}, when it was issued. */
    record Check(Validity validity, Instant issuedAt) {
    }

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();
    private final Duration lifetime;
    private final Clock clock;

    Nonces(Duration lifetime, Clock clock) {
        this(lifetime, clock, randomKey());
    }

    /** @param secret the HMAC key; nodes sharing it accept each other's nonces */
    Nonces(Duration lifetime, Clock clock, byte[] secret) {
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.lifetime = lifetime;
        this.clock = clock;
    }

    private static byte[] randomKey() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return secret;
    }

    /** A new nonce, valid for the lifetime from now. */
    String issue() {
        byte[] unique = new byte[8];
        random.nextBytes(unique);
        ByteBuffer raw = ByteBuffer.allocate(RAW_LENGTH).putLong(clock.millis()).put(unique);
        raw.put(mac(Arrays.copyOf(raw.array(), SIGNED_LENGTH)), 0, RAW_LENGTH - SIGNED_LENGTH);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.array());
    }

    /**
     * Whether we issued {@code nonce} and it is still within its lifetime. A nonce issued "in the future"
     * (the clock stepped back) counts as expired once the step exceeds the lifetime.
     */
    Check check(String nonce) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException notBase64) {
            return new Check(Validity.FOREIGN, null);
        }
        if (raw.length != RAW_LENGTH) {
            return new Check(Validity.FOREIGN, null);
        }
        byte[] expected = Arrays.copyOf(mac(Arrays.copyOf(raw, SIGNED_LENGTH)), RAW_LENGTH - SIGNED_LENGTH);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(raw, SIGNED_LENGTH, RAW_LENGTH))) {
            return new Check(Validity.FOREIGN, null);
        }
        long issuedAt = ByteBuffer.wrap(raw).getLong();
        boolean fresh = Math.abs(clock.millis() - issuedAt) <= lifetime.toMillis();
        return new Check(fresh ? Validity.FRESH : Validity.EXPIRED, Instant.ofEpochMilli(issuedAt));
    }

    private byte[] mac(byte[] data) {
        try {
            // Mac instances are not thread-safe; one per call costs a few microseconds.
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java runtime", e);
        }
    }
}
