package org.openipma.b2bua.sip.auth;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What we know of one user's secret: the plaintext password, or HA1 = H(user:realm:password)
 * precomputed for one realm and one or more algorithms, so that configuration need not hold passwords.
 * {@link #toString()} never shows the secret.
 */
public final class DigestCredentials {
    private final String user;
    private final String password;
    private final String ha1Realm;
    private final Map<DigestAlgorithm, String> ha1ByAlgorithm;

    private DigestCredentials(String user, String password, String ha1Realm, Map<DigestAlgorithm, String> ha1) {
        this.user = Objects.requireNonNull(user, "user");
        this.password = password;
        this.ha1Realm = ha1Realm;
        this.ha1ByAlgorithm = ha1;
    }

    /** Credentials from a plaintext password; they work for every realm and algorithm. */
    public static DigestCredentials ofPassword(String user, String password) {
        return new DigestCredentials(user, Objects.requireNonNull(password, "password"), null, Map.of());
    }

    /**
     * Credentials from precomputed HA1 values (lowercase or uppercase hex). A user may authenticate only
     * in {@code realm}, and only with the algorithms given here.
     */
    public static DigestCredentials ofHa1(String user, String realm, Map<DigestAlgorithm, String> ha1ByAlgorithm) {
        if (ha1ByAlgorithm.isEmpty()) {
            throw new IllegalArgumentException("ha1ByAlgorithm for user " + user + ": empty (expected: at least one of "
                    + Arrays.toString(DigestAlgorithm.values()) + ")");
        }
        Map<DigestAlgorithm, String> copy = new EnumMap<>(DigestAlgorithm.class);
        ha1ByAlgorithm.forEach((algorithm, ha1) -> copy.put(algorithm, ha1.toLowerCase(Locale.ROOT)));
        return new DigestCredentials(user, null, Objects.requireNonNull(realm, "realm"), Map.copyOf(copy));
    }

    /** The user name, as it appears in the {@code username} parameter. */
    public String user() {
        return user;
    }

    /** HA1 for {@code algorithm} in {@code realm}; empty when these credentials cannot produce it. */
    Optional<String> ha1(DigestAlgorithm algorithm, String realm) {
        if (password != null) {
            return Optional.of(algorithm.ha1(user, realm, password));
        }
        return ha1Realm.equals(realm) ? Optional.ofNullable(ha1ByAlgorithm.get(algorithm)) : Optional.empty();
    }

    @Override
    public String toString() {
        return "DigestCredentials[user=" + user + ", " + (password != null ? "password" : "HA1 " + ha1ByAlgorithm.keySet())
                + "=<hidden>]";
    }
}
