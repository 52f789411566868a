package org.openipma.b2bua;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.openipma.b2bua.sip.auth.CredentialStore;
import org.openipma.b2bua.sip.auth.DigestAlgorithm;
import org.openipma.b2bua.sip.auth.DigestCredentials;
import org.openipma.routing.Cluster;
import org.openipma.routing.IpmaConfig;

/**
 * Each phone's password, or its HA1 values for the SIP domain, from the configuration snapshot in force: a
 * reload that changes a password takes effect at the next challenge. The table is built once per snapshot.
 */
final class ConfiguredCredentials implements CredentialStore {
    private final Supplier<Cluster> clusters;
    private volatile Cluster builtFrom;
    private volatile Map<String, DigestCredentials> byUser = Map.of();

    ConfiguredCredentials(Supplier<Cluster> clusters) {
        this.clusters = clusters;
    }

    @Override
    public Optional<DigestCredentials> find(String user) {
        Cluster cluster = clusters.get();
        if (cluster != builtFrom) {
            byUser = build(cluster.config());
            builtFrom = cluster;
        }
        return Optional.ofNullable(byUser.get(user));
    }

    private static Map<String, DigestCredentials> build(IpmaConfig config) {
        String domain = config.sip().domain();
        Map<String, DigestCredentials> byUser = new HashMap<>();
        for (IpmaConfig.Phone phone : config.phones()) {
            if (phone.password() != null) {
                byUser.put(phone.user(), DigestCredentials.ofPassword(phone.user(), phone.password()));
            } else {
                Map<DigestAlgorithm, String> ha1 = new EnumMap<>(DigestAlgorithm.class);
                phone.ha1().forEach((token, hex) -> DigestAlgorithm.fromToken(token).ifPresent(a -> ha1.put(a, hex)));
                byUser.put(phone.user(), DigestCredentials.ofHa1(phone.user(), domain, ha1));
            }
        }
        return Map.copyOf(byUser);
    }
}
