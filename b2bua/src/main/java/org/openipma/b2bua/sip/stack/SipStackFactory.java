package org.openipma.b2bua.sip.stack;

import gov.nist.javax.sip.SipStackImpl;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.PeerUnavailableException;
import org.openipma.b2bua.sip.limits.LimitedNetworkLayer;
import org.openipma.b2bua.sip.limits.SourceLimitValve;
import org.openipma.b2bua.sip.limits.SourceRateLimiter;
import org.openipma.b2bua.sip.tls.TlsKeys;

/**
 * Creates JAIN-SIP stacks configured for a B2BUA: no automatic dialogs, B2BUA dialog semantics, a
 * re-entrant listener on a bounded thread pool, a bounded message size, and logging through SLF4J.
 *
 * <p>Each stack gets a unique name ({@code <prefix>-<n>}), so several can live in one JVM (the server and
 * the phones of a test). Stacks are instantiated directly rather than through {@code SipFactory}, because
 * {@code SipFactory} keeps every stack it ever created in a static table and would leak one per test.
 */
public final class SipStackFactory {
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private SipStackFactory() {
    }

    /**
     * How a stack is sized.
     *
     * @param namePrefix the stack name before {@code -<n>}; shows in thread names and message logs
     * @param threadPoolSize threads delivering messages to the listener, 1-1024 (default
     *     {@value #DEFAULT_THREAD_POOL_SIZE}); bounds the concurrency the listener must cope with
     * @param tcpPostParsingThreads threads running the listener for TCP messages, 0-1024 (default
     *     {@value #DEFAULT_TCP_POST_PARSING_THREADS}); 0 runs it on the NIO selector thread. JAIN-SIP keeps
     *     this pool in a static field: the last stack created in the JVM sizes it and stopping any stack
     *     shuts it down (later TCP messages then run on the selector thread). Give 0 to all stacks but the
     *     server's when several share a JVM.
     * @param maxMessageSize largest SIP message accepted on TCP, in bytes, 1024-1048576 (default
     *     {@value #DEFAULT_MAX_MESSAGE_SIZE}); bounds the memory one connection can make us hold
     * @param tcpIo how TCP is served (default {@link TcpIo#BLOCKING}; see there why not NIO)
     * @param sourceLimits requests per source address ({@link SourceLimitValve}), or null for none (the
     *     default: test phones and other clients need none)
     * @param tcpLimits caps and idle time of the TCP connections peers open ({@link LimitedNetworkLayer}; blocking
     *     TCP only), or null for none (the default)
     * @param tls the keys to serve TLS with, or null for no TLS (the default)
     */
    public record Settings(String namePrefix, int threadPoolSize, int tcpPostParsingThreads, int maxMessageSize,
                           TcpIo tcpIo, SourceRateLimiter.Settings sourceLimits, LimitedNetworkLayer.Settings tcpLimits,
                           TlsKeys tls) {
        public static final int DEFAULT_THREAD_POOL_SIZE = 16;
        public static final int DEFAULT_TCP_POST_PARSING_THREADS = 16;
        public static final int DEFAULT_MAX_MESSAGE_SIZE = 65_536;

        public Settings {
            if (namePrefix == null || namePrefix.isBlank()) {
                throw new IllegalArgumentException("namePrefix: '" + namePrefix + "' (expected: a non-blank name)");
            }
            checkRange("threadPoolSize", threadPoolSize, 1, 1024);
            checkRange("tcpPostParsingThreads", tcpPostParsingThreads, 0, 1024);
            checkRange("maxMessageSize", maxMessageSize, 1024, 1 << 20);
        }

        /** Settings without source or TCP limits. */
        public Settings(String namePrefix, int threadPoolSize, int tcpPostParsingThreads, int maxMessageSize,
                        TcpIo tcpIo) {
            this(namePrefix, threadPoolSize, tcpPostParsingThreads, maxMessageSize, tcpIo, null, null, null);
        }

        /** The defaults, under the given name prefix. */
        public static Settings defaults(String namePrefix) {
            return new Settings(namePrefix, DEFAULT_THREAD_POOL_SIZE, DEFAULT_TCP_POST_PARSING_THREADS,
                    DEFAULT_MAX_MESSAGE_SIZE, TcpIo.BLOCKING);
        }

        /** These settings with another TCP post-parsing pool size (0: none). */
        public Settings withTcpPostParsingThreads(int threads) {
            return new Settings(namePrefix, threadPoolSize, threads, maxMessageSize, tcpIo, sourceLimits, tcpLimits, tls);
        }

        /** These settings with requests limited per source address (null: unlimited). */
        public Settings withSourceLimits(SourceRateLimiter.Settings limits) {
            return new Settings(namePrefix, threadPoolSize, tcpPostParsingThreads, maxMessageSize, tcpIo, limits, tcpLimits, tls);
        }

        /** These settings with TCP connections capped and timed out (null: not). */
        public Settings withTcpLimits(LimitedNetworkLayer.Settings limits) {
            return new Settings(namePrefix, threadPoolSize, tcpPostParsingThreads, maxMessageSize, tcpIo, sourceLimits,
                    limits, tls);
        }

        /** These settings serving TLS with {@code keys} (null: no TLS). */
        public Settings withTls(TlsKeys keys) {
            return new Settings(namePrefix, threadPoolSize, tcpPostParsingThreads, maxMessageSize, tcpIo, sourceLimits,
                    tcpLimits, keys);
        }

        /** These settings with another TCP implementation. */
        public Settings withTcpIo(TcpIo io) {
            return new Settings(namePrefix, threadPoolSize, tcpPostParsingThreads, maxMessageSize, io, sourceLimits, tcpLimits, tls);
        }

        private static void checkRange(String name, int value, int min, int max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + ": " + value + " (expected: " + min + "-" + max + ")");
            }
        }
    }

    /**
     * How TCP connections are served.
     *
     * <p>Why the default is not NIO: in jain-sip-ri 1.3.0-91, an NIO stack drops the first message it sends
     * on a TCP connection it opens itself ({@code NIOHandler.openOutgoingConnection} never sets its
     * {@code connected} flag and unregisters the new socket; usnistgov/jsip#77, RestComm/jain-sip#188). A
     * REGISTER from an NIO phone, or an INVITE from an NIO B2BUA to a phone over TCP, is lost without an
     * error. Accepting connections works (RegistrarIntegrationTest covers both). Blocking I/O costs one
     * thread per open TCP connection, which a few hundred phones can afford.
     */
    public enum TcpIo { // UDP is CompactUdpMessageProcessor whichever TCP is chosen
        /** One thread per connection; works both ways. */
        BLOCKING(CompactUdpFactories.Blocking.class.getName()),
        /** One selector thread for all connections; loses the first message of connections it opens. */
        NIO(CompactUdpFactories.Nio.class.getName());

        private final String factoryClass;

        TcpIo(String factoryClass) {
            this.factoryClass = factoryClass;
        }
    }

    /** The JAIN-SIP properties for a stack named {@code stackName}. */
    public static Properties properties(String stackName, Settings settings) {
        Properties properties = new Properties();
        properties.setProperty("javax.sip.STACK_NAME", stackName);
        // The B2BUA creates dialogs itself, only for the requests it accepts.
        properties.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        properties.setProperty("gov.nist.javax.sip.IS_BACK_TO_BACK_USER_AGENT", "true");
        // A NOTIFY outside any subscription of ours reaches the listener instead of being refused by the stack:
        // the voicemail system's message waiting, and, for phones, unsolicited MWI.
        properties.setProperty("gov.nist.javax.sip.DELIVER_UNSOLICITED_NOTIFY", "true");
        // Listener calls run concurrently on the pool below instead of one event thread.
        properties.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        properties.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", Integer.toString(settings.threadPoolSize()));
        properties.setProperty("gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY", settings.tcpIo().factoryClass);
        if (settings.tcpPostParsingThreads() > 0) {
            properties.setProperty("gov.nist.javax.sip.TCP_POST_PARSING_THREAD_POOL_SIZE",
                    Integer.toString(settings.tcpPostParsingThreads()));
        }
        properties.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", Integer.toString(settings.maxMessageSize()));
        // Terminated transactions and dialogs linger for RFC 3261's timers (32 s over UDP) to absorb
        // retransmissions; these let them drop the parsed messages they no longer need meanwhile. Measured
        // (docs/benchmarks.md): live heap right after 4,000 calls at 200/s, 149 MB without, 72 MB with.
        properties.setProperty("gov.nist.javax.sip.RELEASE_REFERENCES_STRATEGY", "Normal");
        properties.setProperty("gov.nist.javax.sip.AGGRESSIVE_CLEANUP", "true");
        // Malformed requests are answered 400 with the defect instead of being dropped.
        properties.setProperty("gov.nist.javax.sip.MESSAGE_PARSER_FACTORY", StrictMessageParserFactory.class.getName());
        if (settings.sourceLimits() != null) {
            SourceLimitValve.configure(properties, settings.sourceLimits());
        }
        if (settings.tls() != null) {
            settings.tls().configure(properties);
        }
        if (settings.tcpLimits() != null) {
            LimitedNetworkLayer.configure(properties, settings.tcpLimits());
        }
        properties.setProperty("gov.nist.javax.sip.STACK_LOGGER", Slf4jStackLogger.class.getName());
        properties.setProperty("gov.nist.javax.sip.SERVER_LOGGER", Slf4jServerLogger.class.getName());
        return properties;
    }

    /**
     * A new, not yet started stack named {@code <prefix>-<n>}.
     *
     * @throws SipStartupException when the stack rejects its properties
     */
    public static SipStackImpl create(Settings settings) {
        String name = settings.namePrefix() + "-" + SEQUENCE.incrementAndGet();
        try {
            return new SipStackImpl(properties(name, settings));
        } catch (PeerUnavailableException | RuntimeException e) {
            throw new SipStartupException("SIP stack " + name + " cannot be created: " + e.getMessage(), e);
        }
    }
}
