package org.openipma.b2bua;

import gov.nist.javax.sip.SipStackExt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.DialogState;
import org.openipma.b2bua.sip.SipContext;
import org.openipma.b2bua.sip.SipDispatcher;
import org.openipma.b2bua.sip.SipFactories;
import org.openipma.b2bua.sip.auth.AuthFailures;
import org.openipma.b2bua.sip.auth.DigestAlgorithm;
import org.openipma.b2bua.sip.auth.DigestAuthenticator;
import org.openipma.b2bua.sip.call.CallController;
import org.openipma.b2bua.sip.call.CallEventListener;
import org.openipma.b2bua.sip.call.CallEventListeners;
import org.openipma.b2bua.sip.subscribe.SubscriptionController;
import org.openipma.b2bua.control.ManagerControls;
import org.openipma.b2bua.cluster.SharedRegistrations;
import org.openipma.b2bua.records.CallRecorder;
import org.openipma.state.CallRecordWriter;
import org.openipma.state.LiveState;
import org.openipma.state.StateDatabase;
import org.openipma.state.StorageConfig;
import org.openipma.b2bua.sip.call.DigestCallerAuthenticator;
import org.openipma.b2bua.sip.registrar.BindingStore;
import org.openipma.b2bua.sip.registrar.LineOwnership;
import org.openipma.b2bua.sip.registrar.PhoneLine;
import org.openipma.b2bua.sip.registrar.Registrar;
import org.openipma.b2bua.sip.registrar.RegistrarConfig;
import org.openipma.b2bua.sip.limits.LimitedNetworkLayer;
import org.openipma.b2bua.sip.tls.SelfSignedCertificate;
import org.openipma.b2bua.sip.tls.TlsKeys;
import org.openipma.b2bua.sip.limits.SourceRateLimiter;
import org.openipma.b2bua.sip.stack.SipEndpoint;
import org.openipma.b2bua.sip.stack.SipStackFactory;
import org.openipma.b2bua.sip.stack.SipStartupException;
import org.openipma.routing.Cluster;
import org.openipma.routing.IpmaConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running B2BUA: one JAIN-SIP stack listening on UDP and TCP, the registrar, and the call controller,
 * all over one compiled {@link Cluster}. Start with {@link #start}; {@link #close} stops it and every thread
 * it started.
 *
 * <p>Digest challenges offer the algorithms of {@code sip.digestAlgorithms} (default MD5 alone); the realm is
 * the SIP domain; a source address that fails {@code sip.authFailuresBeforeBan} times is refused for a
 * while ({@link AuthFailures}). Registrations are kept per phone and line ({@link PhoneLine}) and purged every second once
 * expired.
 */
public final class IpmaServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IpmaServer.class);
    /**
     * No TCP post-parsing pool: with blocking TCP each connection already has its own reader thread, and
     * JAIN-SIP keeps that pool in a static field that stopping any stack in the JVM shuts down, after
     * which TCP requests of the stacks still running were lost (seen with several servers in one test JVM).
     */
    private static final SipStackFactory.Settings SETTINGS =
            SipStackFactory.Settings.defaults("ipma").withTcpPostParsingThreads(0);

    /** How long {@link #close} waits for phones to answer the BYEs and CANCELs that end their calls. */
    public static final Duration FAREWELL_PATIENCE = Duration.ofSeconds(2);

    /** Routing decisions waiting beyond this many are refused at once: the call takes CFNA instead of queueing. */
    static final int DECISION_QUEUE_CAPACITY = 256;

    /** Names of the shared keys in the state's secret store. */
    static final String NONCE_KEY = "digest-nonce-key";
    static final String REDIRECT_TOKEN_KEY = "redirect-token-key";
    private static final int KEY_LENGTH = 32;

    private final SipEndpoint endpoint;
    private final CallController calls;
    private final SubscriptionController subscriptions;
    private final ConfigSnapshots snapshots;
    private final Resources resources;

    private IpmaServer(SipEndpoint endpoint, CallController calls, SubscriptionController subscriptions,
                       ConfigSnapshots snapshots, Resources resources) {
        this.endpoint = endpoint;
        this.calls = calls;
        this.subscriptions = subscriptions;
        this.snapshots = snapshots;
        this.resources = resources;
    }

    /**
     * What the server owns besides the SIP stack, released in this order by {@link #close}: the registrations,
     * the thread pools, the state's probe, then the call record writer (which flushes), the database, and a temporary data directory.
     */
    private record Resources(BindingStore bindings, List<ExecutorService> pools, LiveState live,
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

    private static void deleteTree(Path dir) {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            log.debug("temporary data directory {} not deleted: {}", dir, e.toString());
        }
    }

    /**
     * Starts SIP on UDP and TCP at {@code host:port} with its state in a new embedded database in a temporary
     * directory, deleted when the server closes: for tests and trials, where nothing must outlive the server.
     *
     * @throws SipStartupException with a one-line reason when the port is in use or the address is not local;
     *     nothing is left running
     */
    public static IpmaServer start(Cluster cluster, String host, int port) {
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("ipma-state");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary data directory", e);
        }
        StateDatabase database = StateDatabase.open(StorageConfig.embedded(dataDir));
        try {
            return start(new ConfigSnapshots(cluster), host, port, database, dataDir);
        } catch (RuntimeException e) {
            database.close();
            deleteTree(dataDir);
            throw e;
        }
    }

    /**
     * Starts SIP on UDP and TCP at {@code host:port}: the composition root of the running server. Routing reads
     * the live settings and log-ins in {@code database}; feature codes change them there; every call leaves a
     * record there. The server closes the database when it closes.
     *
     * @param snapshots the configuration in force; {@link #reload} swaps it
     * @param temporaryDataDir a directory to delete when the server closes, or null
     * @throws SipStartupException with a one-line reason when the port is in use or the address is not local;
     *     nothing is left running
     */
    public static IpmaServer start(ConfigSnapshots snapshots, String host, int port, StateDatabase database,
                                   Path temporaryDataDir) {
        IpmaConfig.Sip sipConfig = snapshots.get().config().sip();
        String domain = sipConfig.domain();
        BindingStore bindings = new BindingStore();
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(daemon("ipma-timer"));
        ExecutorService decisions = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(DECISION_QUEUE_CAPACITY), daemon("ipma-decision"));
        ExecutorService callWork = Executors.newFixedThreadPool(2, daemon("ipma-call"));
        // One thread: subscription changes and NOTIFYs happen in the order they were queued.
        ScheduledExecutorService events = Executors.newSingleThreadScheduledExecutor(daemon("ipma-events"));
        List<ExecutorService> pools = List.of(timers, decisions, callWork, events);
        LiveState live = new LiveState(database);
        ManagerControls controls = new ManagerControls(live.settings(), live.presence());
        CallRecordWriter records = new CallRecordWriter(database.callRecords());
        String node = host + ":" + port;
        CallEventListener recorder = new CallRecorder(records, node);
        SharedRegistrations shared = new SharedRegistrations(database.registrations(), bindings, node,
                Clock.systemUTC());
        bindings.addBindingsListener(shared);
        timers.scheduleWithFixedDelay(shared::purgeExpired, 1, 1, TimeUnit.MINUTES);
        Resources resources = new Resources(bindings, pools, live, records, database, temporaryDataDir);
        DigestAuthenticator digest = new DigestAuthenticator(domain, new ConfiguredCredentials(snapshots),
                DigestAuthenticator.DEFAULT_NONCE_LIFETIME, algorithms(sipConfig.digestAlgorithms()), Clock.systemUTC(),
                database.secrets().secret(NONCE_KEY, KEY_LENGTH), new AuthFailures(authFailures(sipConfig), Clock.systemUTC()));
        byte[] redirectKey = database.secrets().secret(REDIRECT_TOKEN_KEY, KEY_LENGTH);
        Registrar registrar = new Registrar(RegistrarConfig.defaults(domain), digest, lineOwnership(snapshots), bindings);
        CallController[] calls = new CallController[1];
        SubscriptionController[] subscriptions = new SubscriptionController[1];
        try {
            IpmaConfig.Tls tls = sipConfig.tls();
            SipEndpoint endpoint = SipEndpoint.open(SETTINGS.withSourceLimits(sourceLimits(sipConfig.limits()))
                    .withTcpLimits(tcpLimits(sipConfig.limits())).withTls(tlsKeys(tls, database, host, domain)),
                    host, port, tls.port(), provider -> {
                SipContext sip = new SipContext(provider, SipFactories.messages(), SipFactories.headers(),
                        SipFactories.addresses(), host, port, domain, tls.port());
                subscriptions[0] = new SubscriptionController(sip, snapshots, digest, shared.locations(), controls,
                        events);
                calls[0] = new CallController(sip, snapshots, new DigestCallerAuthenticator(digest),
                        shared.locations(), controls, decisions, timers, callWork,
                        CallEventListeners.of(recorder, subscriptions[0].callEvents()), redirectKey);
                return new SipDispatcher(sip,
                        (request, transaction) -> transaction.sendResponse(registrar.process(request)), calls[0],
                        subscriptions[0]);
            });
            log.info("SIP listening on {}:{}/udp", host, port);
            log.info("SIP listening on {}:{}/tcp", host, port);
            if (tls.enabled()) {
                log.info("SIP listening on {}:{}/tls", host, tls.port());
            }
            log.info("state in {}", database.config().describe());
            int restored = shared.restore();
            if (restored > 0) {
                log.info("{} registration(s) of this node restored from the state", restored);
            }
            return new IpmaServer(endpoint, calls[0], subscriptions[0], snapshots, resources);
        } catch (RuntimeException e) {
            resources.close();
            throw e;
        }
    }

    /**
     * Puts a new configuration in force for new calls, registrations and decisions; calls in progress keep
     * theirs.
     *
     * @throws org.openipma.routing.ConfigException when it changes what needs a restart; the old one stays
     */
    public void reload(Cluster next) {
        snapshots.swap(next);
    }

    /** The configuration in force. */
    public Cluster cluster() {
        return snapshots.get();
    }

    /** The registrations, for whoever must learn when a line registers or unregisters. */
    public BindingStore bindings() {
        return resources.bindings();
    }

    private static SourceRateLimiter.Settings sourceLimits(IpmaConfig.Limits limits) {
        return new SourceRateLimiter.Settings(limits.requestsPerSecond(), limits.requestBurst(),
                limits.trustedSources(), SourceRateLimiter.Settings.DEFAULT_MAX_SOURCES);
    }

    /** The configured key store, or the lab's self-signed one in the data directory; null without TLS. */
    private static TlsKeys tlsKeys(IpmaConfig.Tls tls, StateDatabase database, String host, String domain) {
        if (!tls.enabled()) {
            return null;
        }
        if (tls.keyStore() != null) {
            return new TlsKeys(Path.of(tls.keyStore()), tls.keyStorePassword());
        }
        Path dataDir = database.config().dataDir() != null ? database.config().dataDir() : StorageConfig.DEFAULT_DATA_DIR;
        return new TlsKeys(SelfSignedCertificate.in(dataDir, host, domain), SelfSignedCertificate.PASSWORD);
    }

    private static LimitedNetworkLayer.Settings tcpLimits(IpmaConfig.Limits limits) {
        return new LimitedNetworkLayer.Settings(Math.multiplyExact(limits.tcpIdleSeconds(), 1000),
                limits.tcpConnectionsPerSource(), limits.tcpMaxConnections(), limits.trustedSources());
    }

    private static AuthFailures.Settings authFailures(IpmaConfig.Sip sip) {
        return new AuthFailures.Settings(sip.authFailuresBeforeBan(), Duration.ofSeconds(sip.banSeconds()),
                Duration.ofSeconds(sip.maxBanSeconds()));
    }

    private static List<DigestAlgorithm> algorithms(List<String> tokens) {
        List<DigestAlgorithm> algorithms = new ArrayList<>();
        for (String token : tokens) {
            // The config loader accepted only tokens DigestAlgorithm knows.
            algorithms.add(DigestAlgorithm.fromToken(token).orElseThrow());
        }
        return algorithms;
    }

    private static LineOwnership lineOwnership(Supplier<Cluster> clusters) {
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

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Calls not yet released. */
    public int liveCallCount() {
        return calls.liveCallCount();
    }

    /**
     * JAIN-SIP dialogs not yet terminated. Terminated dialogs linger in the stack for a few seconds (to absorb
     * retransmissions) and are not counted.
     */
    public int liveDialogCount() {
        return (int) ((SipStackExt) endpoint.stack()).getDialogs().stream()
                .filter(dialog -> dialog.getState() != DialogState.TERMINATED)
                .count();
    }

    /** Subscriptions (message waiting, busy lamp) not yet ended. */
    public int liveSubscriptionCount() {
        return subscriptions.liveCount();
    }

    /** Live registrations (contacts), all lines together. */
    public int registrationCount() {
        return resources.bindings().bindingCount();
    }

    /**
     * Stops: ends every live call (BYE to both legs of an answered call; CANCEL to the forks and 503 to the
     * caller of a ringing one; 503 to any new INVITE), waits up to {@link #FAREWELL_PATIENCE} for the phones
     * to answer those, ends every subscription with a final NOTIFY, then stops listening and releases every
     * thread.
     */
    @Override
    public void close() {
        int ended = calls.endAll();
        if (ended > 0) {
            try {
                if (!calls.awaitFarewells(FAREWELL_PATIENCE)) {
                    log.info("stopping without every phone's answer to its BYE or CANCEL");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            log.info("ended {} call(s)", ended);
        }
        try {
            subscriptions.close(FAREWELL_PATIENCE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        endpoint.close();
        resources.close();
        log.info("SIP stopped");
    }
}
