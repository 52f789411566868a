package org.openipma.b2bua;

import gov.nist.javax.sip.SipStackExt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.openipma.b2bua.control.CallControls;
import org.openipma.b2bua.web.HttpListen;
import org.openipma.b2bua.web.WebContext;
import org.openipma.b2bua.web.WebServer;
import org.openipma.b2bua.web.WebStartupException;
import javax.sip.DialogState;
import org.openipma.b2bua.metrics.IpmaMetrics;
import org.openipma.b2bua.sip.SipContext;
import org.openipma.b2bua.sip.SipDispatcher;
import org.openipma.b2bua.sip.SipFactories;
import org.openipma.b2bua.sip.auth.AuthFailures;
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
import org.openipma.b2bua.sip.registrar.PhoneLine;
import org.openipma.b2bua.sip.registrar.Registrar;
import org.openipma.b2bua.sip.registrar.RegistrarConfig;
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
    private final ServerParts.Resources resources;
    private final WebServer web;
    private final AtomicBoolean listening;
    private final IpmaMetrics metrics;

    private IpmaServer(SipEndpoint endpoint, CallController calls, SubscriptionController subscriptions,
                       ConfigSnapshots snapshots, ServerParts.Resources resources, IpmaMetrics metrics, WebServer web,
                       AtomicBoolean listening) {
        this.metrics = metrics;
        this.endpoint = endpoint;
        this.calls = calls;
        this.subscriptions = subscriptions;
        this.snapshots = snapshots;
        this.resources = resources;
        this.web = web;
        this.listening = listening;
    }

    /**
     * Starts SIP on UDP and TCP at {@code host:port} with its state in a new embedded database in a temporary
     * directory, deleted when the server closes: for tests and trials, where nothing must outlive the server.
     *
     * @throws SipStartupException with a one-line reason when the port is in use or the address is not local;
     *     nothing is left running
     */
    public static IpmaServer start(Cluster cluster, String host, int port) {
        return start(cluster, host, port, null);
    }

    /**
     * As {@link #start(Cluster, String, int)}, with the HTTP API, consoles and {@code /metrics} on {@code http}
     * (port 0: any free one, see {@link #httpPort}); null for none.
     *
     * @throws SipStartupException with a one-line reason when the SIP port is in use ({@link WebStartupException}
     *     for the HTTP port); nothing is left running
     */
    public static IpmaServer start(Cluster cluster, String host, int port, HttpListen http) {
        return start(cluster, host, port, http, IpmaConfig.Sip.MIN_SESSION_EXPIRES_SECONDS);
    }

    /**
     * As {@link #start(Cluster, String, int, HttpListen)}, with session timers accepting intervals down to
     * {@code minSessionExpiresSeconds} instead of RFC 4028's 90 s: for tests only, so a session expires within
     * seconds. The configuration cannot lower it.
     */
    public static IpmaServer start(Cluster cluster, String host, int port, HttpListen http,
                                   int minSessionExpiresSeconds) {
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("ipma-state");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary data directory", e);
        }
        StateDatabase database = StateDatabase.open(StorageConfig.embedded(dataDir));
        try {
            return start(new ConfigSnapshots(cluster), host, port, database, dataDir, http, minSessionExpiresSeconds);
        } catch (RuntimeException e) {
            database.close();
            ServerParts.deleteTree(dataDir);
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
        return start(snapshots, host, port, database, temporaryDataDir, null);
    }

    /**
     * As {@link #start(ConfigSnapshots, String, int, StateDatabase, Path)}, with the HTTP API, consoles and
     * {@code /metrics} on {@code http}, or none when null. HTTP starts once SIP listens; when it cannot bind,
     * SIP is stopped again and the one-line reason thrown.
     */
    public static IpmaServer start(ConfigSnapshots snapshots, String host, int port, StateDatabase database,
                                   Path temporaryDataDir, HttpListen http) {
        return start(snapshots, host, port, database, temporaryDataDir, http,
                IpmaConfig.Sip.MIN_SESSION_EXPIRES_SECONDS);
    }

    private static IpmaServer start(ConfigSnapshots snapshots, String host, int port, StateDatabase database,
                                    Path temporaryDataDir, HttpListen http, int minSessionExpiresSeconds) {
        IpmaConfig.Sip sipConfig = snapshots.get().config().sip();
        String domain = sipConfig.domain();
        BindingStore bindings = new BindingStore();
        IpmaMetrics metrics = new IpmaMetrics();
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, ServerParts.daemon("ipma-timer"));
        // Every answered call cancels its 32 s ACK timer and most its ring-no-answer timer: without this, each
        // cancelled task stayed queued until its time (32,000 of them at 1,000 calls/s).
        timers.setRemoveOnCancelPolicy(true);
        ExecutorService decisions = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(DECISION_QUEUE_CAPACITY), ServerParts.daemon("ipma-decision"));
        ExecutorService callWork = Executors.newFixedThreadPool(2, ServerParts.daemon("ipma-call"));
        // One thread: subscription changes and NOTIFYs happen in the order they were queued.
        ScheduledExecutorService events = Executors.newSingleThreadScheduledExecutor(ServerParts.daemon("ipma-events"));
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
        ServerParts.Resources resources = new ServerParts.Resources(bindings, pools, live, records, database, temporaryDataDir);
        DigestAuthenticator digest = new DigestAuthenticator(domain, new ConfiguredCredentials(snapshots),
                DigestAuthenticator.DEFAULT_NONCE_LIFETIME, ServerParts.algorithms(sipConfig.digestAlgorithms()), Clock.systemUTC(),
                database.secrets().secret(NONCE_KEY, KEY_LENGTH), new AuthFailures(ServerParts.authFailures(sipConfig), Clock.systemUTC(),
                metrics.probe()));
        byte[] redirectKey = database.secrets().secret(REDIRECT_TOKEN_KEY, KEY_LENGTH);
        Registrar registrar = new Registrar(RegistrarConfig.defaults(domain), digest, ServerParts.lineOwnership(snapshots), bindings);
        CallController[] calls = new CallController[1];
        SubscriptionController[] subscriptions = new SubscriptionController[1];
        AtomicBoolean listening = new AtomicBoolean(false);
        WebServer web = null;
        try {
            if (http != null) {
                // HTTP binds first, so a port in use is refused before SIP says it listens; it reaches the call
                // controller and message waiting once they exist (no request can need them before).
                web = WebServer.start(new WebContext(snapshots, controls,
                        CallControls.deferred(() -> calls[0] == null ? CallControls.NONE : calls[0].controls()), live,
                        database.callRecords(), database.registrations(),
                        (dn, waiting) -> subscriptions[0] == null ? java.util.Optional.of("SIP is not started")
                                : subscriptions[0].setMessageWaiting(dn, waiting),
                        listening::get, http.metrics() != null ? http.metrics() : ServerParts.exposition(metrics)),
                        http.address(), http.port());
            }
            CallEventListener consoles = web == null ? CallEventListener.NONE : web.callEvents();
            IpmaConfig.Tls tls = sipConfig.tls();
            SipEndpoint endpoint = SipEndpoint.open(SETTINGS.withSourceLimits(ServerParts.sourceLimits(sipConfig.limits()))
                    .withTcpLimits(ServerParts.tcpLimits(sipConfig.limits())).withTls(ServerParts.tlsKeys(tls, database, host, domain)),
                    host, port, tls.port(), provider -> {
                SipContext sip = new SipContext(provider, SipFactories.messages(), SipFactories.headers(),
                        SipFactories.addresses(), host, port, domain, tls.port(), metrics.probe());
                subscriptions[0] = new SubscriptionController(sip, snapshots, digest, shared.locations(), controls,
                        events);
                calls[0] = new CallController(sip, snapshots, new DigestCallerAuthenticator(digest),
                        shared.locations(), controls, decisions, timers, callWork,
                        CallEventListeners.of(recorder, subscriptions[0].callEvents(), metrics.callEvents(),
                                consoles), redirectKey, minSessionExpiresSeconds);
                return new SipDispatcher(sip, (request, transaction) -> {
                    javax.sip.message.Response response = registrar.process(request);
                    transaction.sendResponse(response);
                    sip.probe().responseSent(response);
                }, calls[0], subscriptions[0]);
            });
            listening.set(true);
            metrics.watch(calls[0]::liveCallCount, bindings::bindingCount, subscriptions[0]::liveCount);
            log.info("SIP listening on {}:{}/udp", host, port);
            log.info("SIP listening on {}:{}/tcp", host, port);
            if (tls.enabled()) {
                log.info("SIP listening on {}:{}/tls", host, tls.port());
            }
            if (web != null) {
                log.info("HTTP listening on {}:{}", http.address(), web.port());
            }
            log.info("state in {}", database.config().describe());
            int restored = shared.restore();
            if (restored > 0) {
                log.info("{} registration(s) of this node restored from the state", restored);
            }
            return new IpmaServer(endpoint, calls[0], subscriptions[0], snapshots, resources, metrics, web, listening);
        } catch (RuntimeException e) {
            if (web != null) {
                web.close();
            }
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

    /**
     * The port the HTTP API listens on.
     *
     * @throws IllegalStateException when the server was started without HTTP
     */
    public int httpPort() {
        if (web == null) {
            throw new IllegalStateException("this server was started without HTTP");
        }
        return web.port();
    }

    /** The registrations, for whoever must learn when a line registers or unregisters. */
    public BindingStore bindings() {
        return resources.bindings();
    }

    /** This server's metrics: what {@code GET /metrics} writes. */
    public IpmaMetrics metrics() {
        return metrics;
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

    /**
     * JAIN-SIP transactions in the stack's tables, server and client. A finished transaction stays until its
     * timer ends it (RFC 3261 §17: up to 32 s over UDP, e.g. a BYE no one answers), so this falls to zero only
     * that long after the last message.
     */
    public int liveTransactionCount() {
        gov.nist.javax.sip.stack.SIPTransactionStack stack = (gov.nist.javax.sip.stack.SIPTransactionStack) endpoint.stack();
        return stack.getServerTransactionTableSize() + stack.getClientTransactionTableSize();
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
        if (web != null) {
            web.close();
        }
        listening.set(false);
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
