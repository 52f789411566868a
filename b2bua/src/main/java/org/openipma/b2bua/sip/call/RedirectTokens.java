package org.openipma.b2bua.sip.call;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Redirect mode's proof that the route point chose a destination. The 302's Contact points back at the
 * B2BUA with a token binding the destination, the caller line, the number originally dialed and the
 * route point's choice; the follow-up INVITE carrying a valid token is resolved through the route
 * point's CSS (the caller's own CSS cannot reach PT_MANAGER).
 *
 * <p>Tokens are HMAC-SHA256-signed with a key drawn at start (so they die with the process) and expire
 * after {@link #LIFETIME}: a caller cannot forge one, use another caller's, point one at another number,
 * or keep one to reach the manager's hidden line later. Within its lifetime a token may be used again by
 * its caller for its destination; that grants nothing the route point did not already choose.
 *
 * <p>The payload is the grant's fields joined by {@code |}: DNs are digits and {@code *#+}, and user names
 * are {@code [A-Za-z0-9._~-]+} (the configuration refuses others), so no field contains the separator.
 */
final class RedirectTokens {
    /** How long a 302's token can be followed: long enough for a phone to re-dial, short enough to be useless later. */
    static final Duration LIFETIME = Duration.ofSeconds(60);
    private static final String MAC_ALGORITHM = "HmacSHA256";
    private static final int FIELDS = 8;

    private final byte[] key = new byte[32];
    private final Clock clock;

    /**
     * What a valid token grants: ring {@code destination} for {@code caller}, as the route point at
     * {@code routePointIndex} decided for a call to {@code dialed}.
     *
     * @param destination the DN the route point chose
     * @param caller the calling line the token was issued to
     * @param dialed the number the caller dialed (the manager line), for the ring-no-answer policy
     * @param divertedFrom the manager line sent as Diversion, or null when the call goes to the manager
     * @param assistant the assistant user whose proxy line is the destination, or null
     * @param routePointIndex the route point's index in {@code Cluster.routePointLines()}
     * @param forwardNoAnswer whether the route point's Call Forward No Answer chose the destination, which
     *        is then resolved through the CFNA CSS instead of the route point's
     */
    record Grant(String destination, String caller, String dialed, String divertedFrom, String assistant,
                 int routePointIndex, boolean forwardNoAnswer) {
    }

    /** Tokens on the system clock. */
    RedirectTokens() {
        this(Clock.systemUTC());
    }

    /** Tokens whose expiry is read from {@code clock}, signed with a random key of this process. */
    RedirectTokens(Clock clock) {
        this.clock = clock;
        new SecureRandom().nextBytes(key);
    }

    /** Tokens on the system clock signed with {@code key}: nodes sharing it accept each other's tokens. */
    RedirectTokens(byte[] key) {
        this.clock = Clock.systemUTC();
        System.arraycopy(key, 0, this.key, 0, this.key.length);
    }

    /** A signed token for {@code grant}, valid for {@link #LIFETIME} from now. */
    String issue(Grant grant) {
        String payload = String.join("|", grant.destination(), grant.caller(), grant.dialed(),
                orEmpty(grant.divertedFrom()), orEmpty(grant.assistant()), Integer.toString(grant.routePointIndex()),
                Boolean.toString(grant.forwardNoAnswer()), Long.toString(clock.millis() + LIFETIME.toMillis()));
        return encode(payload.getBytes(StandardCharsets.UTF_8)) + "." + encode(mac(payload));
    }

    /**
     * The grant of {@code token} if it is ours, unexpired, issued to {@code caller} and for {@code destination};
     * null otherwise (the caller is then refused, whatever is wrong with the token).
     */
    Grant verify(String token, String destination, String caller) {
        int dot = token.indexOf('.');
        if (dot < 0) {
            return null;
        }
        try {
            String payload = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
            byte[] signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(signature, mac(payload))) {
                return null;
            }
            String[] fields = payload.split("\\|", -1);
            if (fields.length != FIELDS || !fields[0].equals(destination) || !fields[1].equals(caller)
                    || Long.parseLong(fields[7]) < clock.millis()) {
                return null;
            }
            return new Grant(fields[0], fields[1], fields[2], orNull(fields[3]), orNull(fields[4]),
                    Integer.parseInt(fields[5]), Boolean.parseBoolean(fields[6]));
        } catch (IllegalArgumentException e) {
            // Not Base64, or a field that is not a number: not a token we issued.
            return null;
        }
    }

    private byte[] mac(String payload) {
        try {
            Mac mac = Mac.getInstance(MAC_ALGORITHM);
            mac.init(new SecretKeySpec(key, MAC_ALGORITHM));
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java 17 runtime", e);
        }
    }

    private static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String orNull(String value) {
        return value.isEmpty() ? null : value;
    }
}
