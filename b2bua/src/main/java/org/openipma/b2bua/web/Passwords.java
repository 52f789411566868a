package org.openipma.b2bua.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.openipma.routing.Cluster;
import org.openipma.routing.IpmaConfig;

/**
 * Checks a log-in against the configuration in force: an administrator's password ({@code http.administrators}),
 * or the phone password of a phone user ({@code phones[].password}; for a phone configured with {@code ha1}
 * only, the password whose digest HA1 over the SIP realm matches). Every comparison takes the same time whatever
 * the input matches (digests compared with {@link MessageDigest#isEqual}), and an unknown user costs the same
 * as a known one, so timing tells neither the password nor which users exist.
 */
final class Passwords {
    private static final byte[] NOBODY = sha256("no such user");

    private Passwords() {
    }

    static boolean check(Cluster cluster, String user, String password) {
        IpmaConfig config = cluster.config();
        boolean ok = false;
        boolean known = false;
        for (IpmaConfig.Administrator admin : config.http().administrators()) {
            if (admin.user().equals(user)) {
                known = true;
                ok |= same(admin.password(), password);
            }
        }
        IpmaConfig.Phone phone = cluster.phone(user).orElse(null);
        if (phone != null) {
            known = true;
            if (phone.password() != null) {
                ok |= same(phone.password(), password);
            } else {
                ok |= matchesHa1(phone.ha1(), user, config.sip().domain(), password);
            }
        }
        if (!known) {
            // Spend what a comparison costs, and answer no.
            MessageDigest.isEqual(NOBODY, sha256(password));
        }
        return ok;
    }

    private static boolean same(String expected, String given) {
        return MessageDigest.isEqual(sha256(expected), sha256(given));
    }

    private static boolean matchesHa1(Map<String, String> ha1, String user, String realm, String password) {
        boolean ok = false;
        for (Map.Entry<String, String> entry : ha1.entrySet()) {
            String algorithm = entry.getKey().equals("MD5") ? "MD5" : "SHA-256";
            byte[] computed = digest(algorithm, user + ":" + realm + ":" + password);
            ok |= MessageDigest.isEqual(HexFormat.of().parseHex(entry.getValue()), computed);
        }
        return ok;
    }

    private static byte[] sha256(String text) {
        return digest("SHA-256", text);
    }

    private static byte[] digest(String algorithm, String text) {
        try {
            return MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
        }
    }
}
