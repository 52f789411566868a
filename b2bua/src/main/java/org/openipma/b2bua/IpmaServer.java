package org.openipma.b2bua;

import gov.nist.javax.sip.SipStackExt;
import java.util.Properties;
import java.util.TooManyListenersException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.ListeningPoint;
import javax.sip.SipFactory;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import org.openipma.b2bua.registrar.BindingStore;
import org.openipma.b2bua.registrar.DigestAuthenticator;
import org.openipma.b2bua.registrar.DigestCallerAuthenticator;
import org.openipma.b2bua.registrar.Registrar;
import org.openipma.b2bua.sip.SipContext;
import org.openipma.b2bua.sip.SipDispatcher;
import org.openipma.b2bua.sip.call.CallController;
import org.openipma.b2bua.sip.stack.Slf4jServerLogger;
import org.openipma.b2bua.sip.stack.Slf4jStackLogger;
import org.openipma.routing.Cluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running B2BUA: one JAIN-SIP stack listening on UDP and TCP, the registrar, and the call controller,
 * all over one compiled {@link Cluster}. Start with {@link #start}; {@link #close} stops it.
 */
public final class IpmaServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IpmaServer.class);
    private static final AtomicInteger STACKS = new AtomicInteger();

    private final SipStack stack;
    private final SipProvider provider;
    private final BindingStore bindings;
    private final CallController calls;
    private final ScheduledExecutorService timers;
    private final ExecutorService decisions;

    private IpmaServer(SipStack stack, SipProvider provider, BindingStore bindings, CallController calls,
                       ScheduledExecutorService timers, ExecutorService decisions) {
        this.stack = stack;
        this.provider = provider;
        this.bindings = bindings;
        this.calls = calls;
        this.timers = timers;
        this.decisions = decisions;
    }

    /**
     * Starts SIP on UDP and TCP at {@code host:port}.
     *
     * @throws IllegalStateException with a one-line reason when the port is in use or the address is not local
     */
    public static IpmaServer start(Cluster cluster, String host, int port) {
        SipStack stack;
        try {
            stack = SipFactory.getInstance().createSipStack(stackProperties());
        } catch (javax.sip.PeerUnavailableException e) {
            throw new IllegalStateException("cannot create the SIP stack: " + e.getMessage(), e);
        }
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(daemon("ipma-timer"));
        ExecutorService decisions = Executors.newFixedThreadPool(2, daemon("ipma-decision"));
        try {
            ListeningPoint udp = listen(stack, host, port, ListeningPoint.UDP);
            ListeningPoint tcp = listen(stack, host, port, ListeningPoint.TCP);
            SipProvider provider = stack.createSipProvider(udp);
            provider.addListeningPoint(tcp);
            SipFactory factory = SipFactory.getInstance();
            SipContext sip = new SipContext(provider, factory.createMessageFactory(), factory.createHeaderFactory(),
                    factory.createAddressFactory(), host, port, cluster.config().sip().domain());
            BindingStore bindings = new BindingStore();
            DigestAuthenticator digest = new DigestAuthenticator(cluster, sip.domain(),
                    DigestAuthenticator.DEFAULT_NONCE_LIFETIME_MILLIS);
            CallController calls = new CallController(sip, cluster, new DigestCallerAuthenticator(sip, digest), bindings,
                    decisions, timers);
            provider.addSipListener(new SipDispatcher(sip, new Registrar(sip, cluster, digest, bindings), calls));
            timers.scheduleWithFixedDelay(bindings::purgeExpired, 1, 1, TimeUnit.SECONDS);
            stack.start();
            log.info("SIP listening on {}:{}/udp", host, port);
            log.info("SIP listening on {}:{}/tcp", host, port);
            return new IpmaServer(stack, provider, bindings, calls, timers, decisions);
        } catch (IllegalStateException e) {
            shutdown(stack, timers, decisions);
            throw e;
        } catch (javax.sip.SipException | TooManyListenersException e) {
            shutdown(stack, timers, decisions);
            throw new IllegalStateException("cannot start SIP on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private static ListeningPoint listen(SipStack stack, String host, int port, String transport) {
        try {
            return stack.createListeningPoint(host, port, transport);
        } catch (Exception e) {
            throw new IllegalStateException("SIP port " + port + "/" + transport.toLowerCase(java.util.Locale.ROOT)
                    + " on " + host + " is in use or not available (" + e.getMessage() + ")");
        }
    }

    private static Properties stackProperties() {
        Properties properties = new Properties();
        properties.setProperty("javax.sip.STACK_NAME", "ipma-" + STACKS.incrementAndGet());
        properties.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        properties.setProperty("gov.nist.javax.sip.IS_BACK_TO_BACK_USER_AGENT", "true");
        properties.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        properties.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "16");
        properties.setProperty("gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY",
                "gov.nist.javax.sip.stack.NioMessageProcessorFactory");
        properties.setProperty("gov.nist.javax.sip.STACK_LOGGER", Slf4jStackLogger.class.getName());
        properties.setProperty("gov.nist.javax.sip.SERVER_LOGGER", Slf4jServerLogger.class.getName());
        properties.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "16");
        // Answer malformed requests with 400 instead of dropping them silently.
        properties.setProperty("gov.nist.javax.sip.SEND_400_ON_PARSE_ERROR", "true");
        properties.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", "65536");
        return properties;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
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

    /** JAIN-SIP dialogs not yet deleted. */
    public int liveDialogCount() {
        return ((SipStackExt) stack).getDialogs().size();
    }

    /** Live registrations, all lines together. */
    public int registrationCount() {
        return bindings.size();
    }

    /** Stops listening and releases the stack's threads. In-progress transactions are abandoned by the stack. */
    @Override
    public void close() {
        shutdown(stack, timers, decisions);
        log.info("SIP stopped");
    }

    private static void shutdown(SipStack stack, ScheduledExecutorService timers, ExecutorService decisions) {
        timers.shutdownNow();
        decisions.shutdownNow();
        stack.stop();
    }
}
