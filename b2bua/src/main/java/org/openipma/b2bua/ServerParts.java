package org.openipma.b2bua;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.openipma.b2bua.metrics.IpmaMetrics;
import org.openipma.b2bua.sip.auth.AuthFailures;
import org.openipma.b2bua.sip.limits.LimitedNetworkLayer;
import org.openipma.b2bua.sip.limits.SourceRateLimiter;
import org.openipma.b2bua.sip.tls.PemKeyStore;
import org.openipma.b2bua.sip.tls.SelfSignedCertificate;
import org.openipma.b2bua.sip.tls.TlsKeys;
import org.openipma.b2bua.sip.auth.DigestAlgorithm;
import org.openipma.b2bua.sip.registrar.BindingStore;
import org.openipma.b2bua.sip.registrar.LineOwnership;
import org.openipma.b2bua.web.MetricsExposition;
import org.openipma.routing.Cluster;
import org.openipma.routing.IpmaConfig;
import org.openipma.state.CallRecordWriter;
import org.openipma.state.LiveState;
import org.openipma.state.StateDatabase;
import org.openipma.state.StorageConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The small pieces {@link IpmaServer}'s composition root wires with: what it owns and releases, thread
 * factories, and the adapters from configuration to the SIP layer's settings. Kept apart so that the root
 * itself reads as the list of what is built and in which order.
 */
final class ServerParts {
    private static final Logger log = LoggerFactory.getLogger(IpmaServer.class);

    private ServerParts() {
    }

    /**
     * What the server owns besides the SIP stack, released in this order by {@link #close}: the registrations,
     * the thread pools, the state's probe, then the call record writer (which flushes), the database, and a temporary data directory.
     */
    record Resources(BindingStore bindings, List<ExecutorService> pools, LiveState live,
                             CallRecordWriter records, StateDatabase database, Path temporaryDataDir) {
        void close() {
            pools.forEach(ExecutorService::shutdownNow);
            bindings.close();
            live.close();
            records.close();
            database.close();
            if (temporaryDataDir != null) {
                deleteTree(temporaryDataDir);
            }
        }
    }

    static void deleteTree(Path dir) {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            log.debug("temporary data directory {} not deleted: {}", dir, e.toString());
        }
    }

    /** This server's own metrics as {@code /metrics} serves them. */
    static MetricsExposition exposition(IpmaMetrics metrics) {
        return new MetricsExposition() {
            @Override
            public String contentType() {
                return metrics.contentType();
            }

            @Override
            public void writeTo(java.io.OutputStream out) throws IOException {
                metrics.writeTo(out);
            }
        };
    }


    static AuthFailures.Settings authFailures(IpmaConfig.Sip sip) {
        return new AuthFailures.Settings(sip.authFailuresBeforeBan(), Duration.ofSeconds(sip.banSeconds()),
                Duration.ofSeconds(sip.maxBanSeconds()));
    }

    static List<DigestAlgorithm> algorithms(List<String> tokens) {
        List<DigestAlgorithm> algorithms = new ArrayList<>();
        for (String token : tokens) {
            // The config loader accepted only tokens DigestAlgorithm knows.
            algorithms.add(DigestAlgorithm.fromToken(token).orElseThrow());
        }
        return algorithms;
    }

    static LineOwnership lineOwnership(Supplier<Cluster> clusters) {
        return new LineOwnership() {
            @Override
            public boolean lineExists(String dn) {
                return !clusters.get().appearances(dn).isEmpty();
            }

            @Override
            public boolean owns(String user, String dn) {
                return clusters.get().owns(user, dn);
            }
        };
    }

    static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    static SourceRateLimiter.Settings sourceLimits(IpmaConfig.Limits limits) {
        return new SourceRateLimiter.Settings(limits.requestsPerSecond(), limits.requestBurst(),
                limits.trustedSources(), SourceRateLimiter.Settings.DEFAULT_MAX_SOURCES);
    }

    /**
     * The configured key store (a PEM file is converted into one in the data directory), or the lab's self-signed
     * one in the data directory; null without TLS.
     */
    static TlsKeys tlsKeys(IpmaConfig.Tls tls, StateDatabase database, String host, String domain) {
        if (!tls.enabled()) {
            return null;
        }
        Path dataDir = database.config().dataDir() != null ? database.config().dataDir() : StorageConfig.DEFAULT_DATA_DIR;
        if (tls.keyStore() != null) {
            Path configured = Path.of(tls.keyStore());
            if (PemKeyStore.isPem(configured)) {
                return new TlsKeys(PemKeyStore.convert(configured, dataDir), PemKeyStore.PASSWORD);
            }
            return new TlsKeys(configured, tls.keyStorePassword());
        }
        return new TlsKeys(SelfSignedCertificate.in(dataDir, host, domain), SelfSignedCertificate.PASSWORD);
    }

    static LimitedNetworkLayer.Settings tcpLimits(IpmaConfig.Limits limits) {
        return new LimitedNetworkLayer.Settings(Math.multiplyExact(limits.tcpIdleSeconds(), 1000),
                limits.tcpConnectionsPerSource(), limits.tcpMaxConnections(), limits.trustedSources());
    }
}
