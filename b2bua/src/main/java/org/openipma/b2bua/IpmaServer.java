package org.openipma.b2bua;

import gov.nist.javax.sip.SipStackExt;
import java.time.Clock;
import java.time.Duration;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.DialogState;
import javax.sip.address.URI;
import org.openipma.b2bua.sip.SipContext;
import org.openipma.b2bua.sip.SipDispatcher;
import org.openipma.b2bua.sip.SipFactories;
import org.openipma.b2bua.sip.auth.CredentialStore;
import org.openipma.b2bua.sip.auth.DigestAlgorithm;
import org.openipma.b2bua.sip.auth.DigestAuthenticator;
import org.openipma.b2bua.sip.auth.DigestCredentials;
import org.openipma.b2bua.sip.call.CallController;
import org.openipma.b2bua.sip.call.DigestCallerAuthenticator;
import org.openipma.b2bua.sip.call.Locations;
import org.openipma.b2bua.sip.registrar.Binding;
import org.openipma.b2bua.sip.registrar.BindingStore;
import org.openipma.b2bua.sip.registrar.LineOwnership;
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
 * the SIP domain. Registrations are kept per phone and line ({@link PhoneLine}) and purged every second once
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

    private final SipEndpoint endpoint;
    private final BindingStore bindings;
    private final CallController calls;
    private final ScheduledExecutorService timers;
    private final ExecutorService decisions;

    private IpmaServer(SipEndpoint endpoint, BindingStore bindings, CallController calls,
                       ScheduledExecutorService timers, ExecutorService decisions) {
        this.endpoint = endpoint;
        this.bindings = bindings;
        this.calls = calls;
        this.timers = timers;
        this.decisions = decisions;
    }

    /**
     * Starts SIP on UDP and TCP at {@code host:port}.
     *
     * @throws SipStartupException with a one-line reason when the port is in use or the address is not local;
     *     nothing is left running
     */
    public static IpmaServer start(Cluster cluster, String host, int port) {
        IpmaConfig.Sip sipConfig = cluster.config().sip();
        String domain = sipConfig.domain();
        BindingStore bindings = new BindingStore();
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(daemon("ipma-timer"));
        ExecutorService decisions = Executors.newFixedThreadPool(2, daemon("ipma-decision"));
        DigestAuthenticator digest = new DigestAuthenticator(domain, credentials(cluster, domain),
                DigestAuthenticator.DEFAULT_NONCE_LIFETIME, algorithms(sipConfig.digestAlgorithms()), Clock.systemUTC());
        Registrar registrar = new Registrar(RegistrarConfig.defaults(domain), digest, lineOwnership(cluster), bindings);
        CallController[] calls = new CallController[1];
        try {
            SipEndpoint endpoint = SipEndpoint.open(SETTINGS, host, port, provider -> {
                SipContext sip = new SipContext(provider, SipFactories.messages(), SipFactories.headers(),
                        SipFactories.addresses(), host, port, domain);
                calls[0] = new CallController(sip, cluster, new DigestCallerAuthenticator(digest),
                        locations(bindings), decisions, timers);
                return new SipDispatcher(sip,
                        (request, transaction) -> transaction.sendResponse(registrar.process(request)), calls[0]);
            });
            log.info("SIP listening on {}:{}/udp", host, port);
            log.info("SIP listening on {}:{}/tcp", host, port);
            return new IpmaServer(endpoint, bindings, calls[0], timers, decisions);
        } catch (RuntimeException e) {
            shutdown(bindings, timers, decisions);
            throw e;
        }
    }

    /** Each phone's password, or its HA1 values for the realm {@code domain}. */
    private static CredentialStore credentials(Cluster cluster, String domain) {
        Map<String, DigestCredentials> byUser = new HashMap<>();
        for (IpmaConfig.Phone phone : cluster.config().phones()) {
            if (phone.password() != null) {
                byUser.put(phone.user(), DigestCredentials.ofPassword(phone.user(), phone.password()));
            } else {
                Map<DigestAlgorithm, String> ha1 = new EnumMap<>(DigestAlgorithm.class);
                phone.ha1().forEach((token, hex) -> DigestAlgorithm.fromToken(token).ifPresent(a -> ha1.put(a, hex)));
                byUser.put(phone.user(), DigestCredentials.ofHa1(phone.user(), domain, ha1));
            }
        }
        Map<String, DigestCredentials> frozen = Map.copyOf(byUser);
        return user -> Optional.ofNullable(frozen.get(user));
    }

    private static List<DigestAlgorithm> algorithms(List<String> tokens) {
        List<DigestAlgorithm> algorithms = new ArrayList<>();
        for (String token : tokens) {
            // The config loader accepted only tokens DigestAlgorithm knows.
            algorithms.add(DigestAlgorithm.fromToken(token).orElseThrow());
        }
        return algorithms;
    }

    private static LineOwnership lineOwnership(Cluster cluster) {
        return new LineOwnership() {
            @Override
            public boolean lineExists(String dn) {
                return !cluster.appearances(dn).isEmpty();
            }

            @Override
            public boolean owns(String user, String dn) {
                return cluster.owns(user, dn);
            }
        };
    }

    /** The calls' view of the bindings: contact URIs, most preferred first. */
    private static Locations locations(BindingStore bindings) {
        return (user, dn) -> {
            List<URI> contacts = new ArrayList<>();
            for (Binding binding : bindings.contactsFor(new PhoneLine(user, dn))) {
                try {
                    contacts.add(SipFactories.addresses().createURI(binding.contactUri()));
                } catch (ParseException e) {
                    // Stored from a Contact header the stack had parsed: cannot happen.
                    throw new IllegalStateException("stored contact " + binding.contactUri() + " does not parse", e);
                }
            }
            return contacts;
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

    /** Live registrations (contacts), all lines together. */
    public int registrationCount() {
        return bindings.bindingCount();
    }

    /**
     * Stops: ends every live call (BYE to both legs of an answered call; CANCEL to the forks and 503 to the
     * caller of a ringing one; 503 to any new INVITE), waits up to {@link #FAREWELL_PATIENCE} for the phones
     * to answer those, then stops listening and releases every thread.
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
        endpoint.close();
        shutdown(bindings, timers, decisions);
        log.info("SIP stopped");
    }

    private static void shutdown(BindingStore bindings, ScheduledExecutorService timers, ExecutorService decisions) {
        timers.shutdownNow();
        decisions.shutdownNow();
        bindings.close();
    }
}
