package org.openipma.b2bua;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.openipma.routing.Cluster;
import org.openipma.routing.ConfigException;
import org.openipma.routing.IpmaConfig;

/**
 * The configuration in force: one immutable {@link Cluster}, swapped whole by a reload. Readers take the
 * current snapshot once and keep it (a call keeps the one it started with), so a reload never changes a
 * decision half-way.
 */
public final class ConfigSnapshots implements Supplier<Cluster> {
    private final AtomicReference<Cluster> current;

    public ConfigSnapshots(Cluster initial) {
        this.current = new AtomicReference<>(Objects.requireNonNull(initial));
    }

    /** The snapshot in force. */
    @Override
    public Cluster get() {
        return current.get();
    }

    /**
     * Puts {@code next} in force for every new call, registration and decision.
     *
     * @throws ConfigException naming the file, the setting and both values when {@code next} changes what a
     *     running server cannot (the SIP and HTTP listening points, domain, digest algorithms and brute-force
     *     bans): the old snapshot stays; {@code http.administrators} may change and apply at the next request
     */
    public void swap(Cluster next) {
        IpmaConfig.Sip was = current.get().config().sip();
        IpmaConfig.Sip now = next.config().sip();
        String source = next.config().source();
        requireSame(source, "sip.address", was.address(), now.address());
        requireSame(source, "sip.port", was.port(), now.port());
        requireSame(source, "sip.domain", was.domain(), now.domain());
        requireSame(source, "sip.digestAlgorithms", was.digestAlgorithms(), now.digestAlgorithms());
        requireSame(source, "sip.authFailuresBeforeBan", was.authFailuresBeforeBan(), now.authFailuresBeforeBan());
        requireSame(source, "sip.banSeconds", was.banSeconds(), now.banSeconds());
        requireSame(source, "sip.maxBanSeconds", was.maxBanSeconds(), now.maxBanSeconds());
        // The HTTP listening point is bound once; its administrators are read at every request and may change.
        IpmaConfig.Http wasHttp = current.get().config().http();
        IpmaConfig.Http nowHttp = next.config().http();
        requireSame(source, "http.address", wasHttp.address(), nowHttp.address());
        requireSame(source, "http.port", wasHttp.port(), nowHttp.port());
        current.set(next);
    }

    private static void requireSame(String source, String path, Object was, Object now) {
        if (!Objects.equals(was, now)) {
            throw new ConfigException(source + ": " + path + ": '" + now + "' differs from the running '" + was
                    + "' (a reload cannot change it: restart the server)");
        }
    }
}
