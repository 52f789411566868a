package org.openipma.b2bua.sip.stack;

import gov.nist.javax.sip.EventScanner;
import gov.nist.javax.sip.EventWrapper;
import gov.nist.javax.sip.SipStackImpl;
import java.net.BindException;
import java.util.ConcurrentModificationException;
import java.util.Locale;
import java.util.TooManyListenersException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.SipException;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A started JAIN-SIP stack with one provider listening on UDP and TCP at the same host and port, and one
 * listener. {@link #close()} stops it and every thread it started.
 *
 * <p>Why {@code close} does more than {@code SipStack.stop()}: the RI's event scanner thread (non-daemon,
 * one per stack) blocks on its queue and never sees the stop flag, which would keep the JVM alive and leak
 * a thread per stack. Closing posts it one empty event after the stop, so it wakes and exits.
 */
public final class SipEndpoint implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SipEndpoint.class);

    private final SipStackImpl stack;
    private final SipProvider provider;
    private final SipListener listener;
    private final String host;
    private final int port;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SipEndpoint(SipStackImpl stack, SipProvider provider, SipListener listener, String host, int port) {
        this.stack = stack;
        this.provider = provider;
        this.listener = listener;
        this.host = host;
        this.port = port;
    }

    /**
     * Creates a stack, listens on {@code host:port} over UDP and TCP, registers {@code listener} and starts.
     *
     * @param host a local IP address (JAIN-SIP also puts it in Via headers it builds)
     * @param port 1-65535; JAIN-SIP cannot listen on an ephemeral port (0): tests pick a free one first
     * @throws SipStartupException with a one-line message, e.g. {@code SIP port 5060/udp on 127.0.0.1 is in use};
     *     nothing is left running
     */
    public static SipEndpoint open(SipStackFactory.Settings settings, String host, int port, SipListener listener) {
        return open(settings, host, port, provider -> listener);
    }

    /**
     * As {@link #open(SipStackFactory.Settings, String, int, SipListener)}, for a listener that needs the
     * provider it will serve (to create transactions and send): {@code listenerFor} builds it once the
     * provider exists, before the stack starts.
     */
    public static SipEndpoint open(SipStackFactory.Settings settings, String host, int port,
                                   Function<SipProvider, ? extends SipListener> listenerFor) {
        return open(settings, host, port, 0, listenerFor);
    }

    /**
     * As {@link #open(SipStackFactory.Settings, String, int, Function)}, listening on TLS at {@code tlsPort} too
     * (0: no TLS); the settings must carry the TLS keys ({@link SipStackFactory.Settings#withTls}).
     */
    public static SipEndpoint open(SipStackFactory.Settings settings, String host, int port, int tlsPort,
                                   Function<SipProvider, ? extends SipListener> listenerFor) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1-65535)");
        }
        if (tlsPort < 0 || tlsPort > 65535 || tlsPort == port || (tlsPort > 0 && settings.tls() == null)) {
            throw new IllegalArgumentException("tlsPort: " + tlsPort + " (expected: 0, or 1-65535 other than "
                    + port + " with TLS keys in the settings)");
        }
        SipStackImpl stack = SipStackFactory.create(settings);
        if (settings.tls() != null) {
            settings.tls().applyTo(stack);
        }
        SipProvider provider = null;
        SipListener listener = null;
        try {
            // TCP first: a UDP processor whose stack never started keeps its THREAD_POOL_SIZE threads after stop(),
            // so it must not exist yet if TCP fails. A UDP bind fails in the constructor and leaves nothing behind.
            ListeningPoint tcp = listen(stack, host, port, ListeningPoint.TCP);
            ListeningPoint tls = tlsPort > 0 ? listen(stack, host, tlsPort, ListeningPoint.TLS) : null;
            ListeningPoint udp = listen(stack, host, port, ListeningPoint.UDP);
            provider = stack.createSipProvider(udp);
            provider.addListeningPoint(tcp);
            if (tls != null) {
                provider.addListeningPoint(tls);
            }
            listener = listenerFor.apply(provider);
            provider.addSipListener(listener);
            stack.start();
            log.debug("{}: SIP listening on {}:{} (udp, tcp)", stack.getStackName(), host, port);
            return new SipEndpoint(stack, provider, listener, host, port);
        } catch (SipException | TooManyListenersException e) {
            stop(stack, provider, listener);
            throw new SipStartupException("SIP on " + host + ":" + port + " cannot start: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            stop(stack, provider, listener);
            throw e;
        }
    }

    private static ListeningPoint listen(SipStack stack, String host, int port, String transport) {
        String where = "SIP port " + port + "/" + transport.toLowerCase(Locale.ROOT) + " on " + host;
        try {
            return stack.createListeningPoint(host, port, transport);
        } catch (Exception e) {
            BindException bind = bindException(e);
            if (bind != null && String.valueOf(bind.getMessage()).toLowerCase(Locale.ROOT).contains("in use")) {
                throw new SipStartupException(where + " is in use", e);
            }
            String reason = bind != null ? bind.getMessage() : e.getMessage();
            throw new SipStartupException(where + " cannot be opened: " + reason, e);
        }
    }

    private static BindException bindException(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return (BindException) cause;
            }
        }
        return null;
    }

    /** The provider to create transactions and send messages with; it listens on UDP and TCP. */
    public SipProvider provider() {
        return provider;
    }

    /** The stack, for what the provider does not offer (e.g. counting dialogs). */
    public SipStack stack() {
        return stack;
    }

    /** The unique stack name, {@code <prefix>-<n>}. */
    public String name() {
        return stack.getStackName();
    }

    /** The address listened on. */
    public String host() {
        return host;
    }

    /** The port listened on, UDP and TCP. */
    public int port() {
        return port;
    }

    /**
     * Stops the stack: sockets close, in-progress transactions are abandoned, the listener gets no further
     * events and the stack's threads end shortly after. Takes about a second (the RI sleeps 1 s in its stop).
     * Idempotent.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            stop(stack, provider, listener);
            log.debug("{}: SIP stopped on {}:{}", stack.getStackName(), host, port);
        }
    }

    private static void stop(SipStackImpl stack, SipProvider provider, SipListener listener) {
        if (provider != null && listener != null) {
            provider.removeSipListener(listener);
        }
        EventScanner scanner = stack.getEventScanner();
        try {
            stack.stop();
        } catch (NullPointerException | ConcurrentModificationException e) {
            // RI bugs, both thrown by a message processor's stop() after the stack dropped it from its list but
            // before the timer thread and the other processors were stopped: a blocking TCP processor whose bind
            // failed (NPE), a UDP processor stopped while its threads still start (CME). A second stop() finishes.
            log.debug("{}: stop() failed once ({}), stopping again", stack.getStackName(), e.toString());
            stack.stop();
        }
        if (scanner != null) {
            // With no listener left, the scanner delivers this to no one, then sees it is stopped and exits.
            scanner.addEvent(new EventWrapper(new IOExceptionEvent(stack, "", 0, ""), null));
        }
    }
}
