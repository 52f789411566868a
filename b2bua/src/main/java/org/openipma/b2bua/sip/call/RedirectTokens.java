package org.openipma.b2bua.sip.call;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Redirect mode's proof that the route point chose a destination. The 302's Contact points back at the
 * B2BUA with a token binding the destination, the caller line and the manager line diverted from; the
 * follow-up INVITE carrying a valid token is resolved through the route point's CSS (the caller's own CSS
 * cannot reach PT_MANAGER). Tokens are HMAC-signed with a key drawn at start and expire after 60 s, so a
 * caller cannot forge or replay one to reach what its CSS does not.
 */
final class RedirectTokens {
    private static final long LIFETIME_MILLIS = 60_000;
    private final byte[] key = new byte[32];

    /** What a valid token grants. */
    record Grant(String destination, String caller, String divertedFrom, int routePointIndex) {
    }

    RedirectTokens() {
        new SecureRandom().nextBytes(key);
    }

    String issue(Grant grant) {
        String payload = grant.destination() + "|" + grant.caller() + "|"
                + (grant.divertedFrom() == null ? "" : grant.divertedFrom()) + "|" + grant.routePointIndex() + "|"
                + (System.currentTimeMillis() + LIFETIME_MILLIS);
        return encode(payload.getBytes(StandardCharsets.UTF_8)) + "." + encode(mac(payload));
    }

    /** The grant of a valid, unexpired token for this caller and destination, or null. */
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
            if (fields.length != 5 || !fields[0].equals(destination) || !fields[1].equals(caller)
                    || Long.parseLong(fields[4]) < System.currentTimeMillis()) {
                return null;
            }
            return new Grant(fields[0], fields[1], fields[2].isEmpty() ? null : fields[2], Integer.parseInt(fields[3]));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private byte[] mac(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java 17 runtime", e);
        }
    }

    private static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
