package org.openipma.routing;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The whole configuration, as written in the YAML file and validated by {@link ConfigLoader}: immutable.
 * {@link Cluster#compile(IpmaConfig)} turns it into the runtime view (dial plan, lines, managers).
 * The schema, with defaults, is documented in {@code config/README.md}.
 *
 * @param source the file it was read from, used in error messages
 * @param featureCodes the feature codes, or null when the file has no {@code featureCodes} section (no codes)
 */
public record IpmaConfig(String source, Sip sip, Http http, List<String> partitions,
                         Map<String, List<String>> callingSearchSpaces, List<Phone> phones,
                         List<RoutePoint> routePoints, List<Manager> managers, Voicemail voicemail,
                         RoutingService routingService, FeatureCodeSettings featureCodes, Database database) {

    /**
     * SIP listening point (UDP and TCP on the same port) and the domain of every address of record.
     *
     * @param domain host part of {@code sip:<dn>@<domain>}; default {@code 127.0.0.1}
     * @param address address to listen on; default {@code 127.0.0.1}
     * @param port UDP and TCP port; default 5060
     * @param digestAlgorithms the digest algorithms challenges offer, most preferred first: {@code MD5},
     *     {@code SHA-256}; default MD5 alone, because widespread phones (baresip 1.0, SIPp 3.6) refuse a
     *     challenge set that contains SHA-256 or answer only the first challenge
     * @param maxCalls calls in progress (ringing or answered) beyond which a new INVITE is refused with 503
     *     and Retry-After, so an overload sheds calls instead of exhausting memory; default
     *     {@value #DEFAULT_MAX_CALLS}
     * @param maxCallSeconds how long an answered call may last before the B2BUA hangs up both legs (a phone that
     *     vanished without a BYE must not hold a call for ever), 1 s-7 days; default
     *     {@value #DEFAULT_MAX_CALL_SECONDS} (four hours)
     * @param sessionExpiresSeconds the session interval (RFC 4028 Session-Expires) the B2BUA asks for on each leg
     *     whose phone supports session timers, and the most it grants a caller; a leg not refreshed within it is
     *     hung up. {@value #MIN_SESSION_EXPIRES_SECONDS}-86,400 s (the RFC's Min-SE floor); default
     *     {@value #DEFAULT_SESSION_EXPIRES_SECONDS} (30 minutes, RFC 4028's recommendation)
     * @param authFailuresBeforeBan failed authentications from one source address that ban it, 0-1000; 0
     *     never bans; default {@value #DEFAULT_AUTH_FAILURES_BEFORE_BAN}
     * @param banSeconds the first ban of an address, 1-86400 s; each later one doubles; default
     *     {@value #DEFAULT_BAN_SECONDS}
     * @param maxBanSeconds the longest ban, banSeconds-604800 s, and how long an address that stopped failing
     *     is remembered; default {@value #DEFAULT_MAX_BAN_SECONDS}
     * @param limits what one source address, and all together, may send and hold; see {@link Limits}
     * @param tls SIP over TLS; see {@link Tls}
     */
    public record Sip(String domain, String address, int port, List<String> digestAlgorithms, int maxCalls,
                      int maxCallSeconds, int sessionExpiresSeconds, int authFailuresBeforeBan, int banSeconds, int maxBanSeconds,
                      Limits limits, Tls tls) {
        /** Default {@code maxCallSeconds}: four hours. */
        public static final int DEFAULT_MAX_CALL_SECONDS = 4 * 3600;
        /** Default {@code sessionExpiresSeconds}: 30 minutes. */
        public static final int DEFAULT_SESSION_EXPIRES_SECONDS = 1800;
        /** The smallest {@code sessionExpiresSeconds}: RFC 4028's floor for any Min-SE, 90 s. */
        public static final int MIN_SESSION_EXPIRES_SECONDS = 90;
        /** MD5 alone. */
        public static final List<String> DEFAULT_DIGEST_ALGORITHMS = List.of("MD5");
        /** Default {@code maxCalls}. */
        public static final int DEFAULT_MAX_CALLS = 1000;
        /** Default {@code authFailuresBeforeBan}. */
        public static final int DEFAULT_AUTH_FAILURES_BEFORE_BAN = 10;
        /** Default {@code banSeconds}. */
        public static final int DEFAULT_BAN_SECONDS = 60;
        /** Default {@code maxBanSeconds}. */
        public static final int DEFAULT_MAX_BAN_SECONDS = 3600;
    }

    /**
     * HTTP API and console listening point, and who administers it.
     *
     * @param address address to listen on; default {@code 127.0.0.1}
     * @param port TCP port; default {@value #DEFAULT_PORT}
     * @param administrators users with the {@code admin} role; default none. Phone users log in with their
     *     phone password; an administrator entry may name a phone user too (then either password works)
     */
    public record Http(String address, int port, List<Administrator> administrators) {
        /** Default {@code port}. */
        public static final int DEFAULT_PORT = 8080;

        public Http {
            administrators = List.copyOf(administrators);
        }

        /** The defaults, with no administrator. */
        public Http(String address, int port) {
            this(address, port, List.of());
        }
    }

    /**
     * What one source address, and all of them together, may make the server hold or do before any expensive
     * work is done for them (keys {@code sip.requestsPerSecond}, {@code sip.requestBurst},
     * {@code sip.trustedSources}, {@code sip.tcpIdleSeconds}, {@code sip.tcpConnectionsPerSource},
     * {@code sip.tcpMaxConnections}).
     *
     * @param requestsPerSecond requests per second one address may send on average, 1-1,000,000; default
     *     {@value #DEFAULT_REQUESTS_PER_SECOND}: a PBX trunk at 100 calls/s sends about 400 a second
     * @param requestBurst requests one address may send at once after being quiet, 1-1,000,000; default
     *     {@value #DEFAULT_REQUEST_BURST}
     * @param trustedSources addresses never limited by the two above nor by {@code tcpConnectionsPerSource} (a
     *     proxy in front, the operator's load generator); default the loopback addresses, {@code 127.0.0.0/8}
     *     and {@code ::1}
     * @param tcpIdleSeconds how long a TCP connection a peer opened may stay silent before the server closes
     *     it, 1-86,400 s; default {@value #DEFAULT_TCP_IDLE_SECONDS}
     * @param tcpConnectionsPerSource TCP connections one address may hold open at once, 1-100,000; default
     *     {@value #DEFAULT_TCP_CONNECTIONS_PER_SOURCE}
     * @param tcpMaxConnections TCP connections peers may hold open at once in all, 1-100,000; default
     *     {@value #DEFAULT_TCP_MAX_CONNECTIONS}. Each costs two threads (JAIN-SIP's blocking TCP)
     */
    public record Limits(int requestsPerSecond, int requestBurst, List<AddressRange> trustedSources,
                         int tcpIdleSeconds, int tcpConnectionsPerSource, int tcpMaxConnections) {
        /** Default {@code requestsPerSecond}. */
        public static final int DEFAULT_REQUESTS_PER_SECOND = 500;
        /** Default {@code requestBurst}. */
        public static final int DEFAULT_REQUEST_BURST = 1000;
        /** Default {@code trustedSources}: loopback, which only the host itself can send from. */
        public static final List<AddressRange> DEFAULT_TRUSTED_SOURCES =
                List.of(AddressRange.parse("127.0.0.0/8"), AddressRange.parse("::1"));
        /** Default {@code tcpIdleSeconds}. */
        public static final int DEFAULT_TCP_IDLE_SECONDS = 300;
        /** Default {@code tcpConnectionsPerSource}. */
        public static final int DEFAULT_TCP_CONNECTIONS_PER_SOURCE = 32;
        /** Default {@code tcpMaxConnections}. */
        public static final int DEFAULT_TCP_MAX_CONNECTIONS = 1000;

        public Limits {
            trustedSources = List.copyOf(trustedSources);
        }

        /** The defaults. */
        public static Limits defaults() {
            return new Limits(DEFAULT_REQUESTS_PER_SECOND, DEFAULT_REQUEST_BURST, DEFAULT_TRUSTED_SOURCES,
                    DEFAULT_TCP_IDLE_SECONDS, DEFAULT_TCP_CONNECTIONS_PER_SOURCE, DEFAULT_TCP_MAX_CONNECTIONS);
        }
    }

    /**
     * SIP over TLS (RFC 3261 §26; keys {@code sip.tlsPort}, {@code sip.tlsKeyStore}, {@code sip.tlsKeyStorePassword}).
     *
     * @param port the TLS port on {@code sip.address}, 1-65535, or 0 for no TLS (the default: TLS needs a
     *     certificate the phones trust, which only the operator can provide)
     * @param keyStore a PKCS12 file with the server's private key and certificate chain, or null: then a
     *     self-signed certificate is generated into the data directory ({@code tls/self-signed.p12}), for the lab
     * @param keyStorePassword the key store's password; null for the generated one's
     */
    public record Tls(int port, String keyStore, String keyStorePassword) {
        /** No TLS. */
        public static final Tls OFF = new Tls(0, null, null);

        /** Whether TLS is on. */
        public boolean enabled() {
            return port > 0;
        }
    }

    /**
     * A user with the {@code admin} role of the HTTP API. The password is compared in constant time and never
     * logged.
     */
    public record Administrator(String user, String password) {
        @Override
        public String toString() {
            return "Administrator[user=" + user + "]";
        }
    }

    /**
     * A SIP phone (a CUCM device): one digest user, a device CSS, and its lines.
     *
     * @param password plaintext digest password, or null when {@code ha1} is given
     * @param ha1 precomputed H(user:realm:password) by algorithm ({@code MD5}, {@code SHA-256}); empty if none
     * @param css device CSS, or null
     */
    public record Phone(String name, String user, String password, Map<String, String> ha1, String css,
                        List<Line> lines) {
    }

    /**
     * A line appearance on a phone.
     *
     * @param css line CSS, searched before the device CSS; null if none
     * @param intercom auto-answer line reached by a speed dial (never intercepted)
     * @param display caller name presented to the called party; defaults to the phone's user
     */
    public record Line(String dn, String partition, String css, boolean intercom, String display) {
    }

    /** A CTI route point: the B2BUA itself, owning wildcard lines such as {@code 100X}. */
    public record RoutePoint(String name, String css, List<RoutePointLine> lines) {
    }

    /** A route point line, with its Call Forward No Answer (used when the routing service fails). */
    public record RoutePointLine(String dn, String partition, Forward forwardNoAnswer) {
    }

    /** A forward destination (may be a mask such as {@code 100X}) and the CSS it is routed through. */
    public record Forward(String destination, String css) {
    }

    /**
     * A manager whose lines are intercepted.
     *
     * @param lines intercepted DNs on the manager's phone (at most 5)
     * @param intercom the manager's intercom DN, or null
     * @param divertTarget where DivAll and Redirect send calls; null = the active assistant's proxy line
     */
    public record Manager(String user, List<String> lines, String intercom, List<Assistant> assistants,
                          Filter filter, String divertTarget, boolean divertAll, boolean dnd) {
    }

    /**
     * An assistant of one manager.
     *
     * @param proxyLines manager line DN → the assistant's proxy line DN that covers it
     */
    public record Assistant(String user, boolean isDefault, Map<String, String> proxyLines, String intercom) {
    }

    /** Call filtering (default: on, inclusive, empty lists: every call goes to the assistant). */
    public record Filter(boolean enabled, FilterMode mode, List<String> inclusive, List<String> exclusive) {
        public static final Filter DEFAULT = new Filter(true, FilterMode.INCLUSIVE, List.of(), List.of());
    }

    public enum FilterMode { INCLUSIVE, EXCLUSIVE }

    /** The voicemail pilot number and the CSS the voicemail system lights lamps through. */
    public record Voicemail(String pilot, String mwiCss) {
    }

    /**
     * Options of the routing service that answers for the route point.
     *
     * @param enabled when false every call takes the route point's Call Forward No Answer; default true
     * @param mode bridge (two legs, default) or redirect (302 back through the B2BUA)
     * @param decisionTimeoutMillis deadline of one routing decision before CFNA applies; default 200
     * @param ringNoAnswerSeconds ring time at an assistant before the policy applies; default 10
     * @param ringNoAnswerPolicy what happens then; default {@link NoAnswerPolicy#MANAGER}
     */
    public record RoutingService(boolean enabled, CallMode mode, int decisionTimeoutMillis, int ringNoAnswerSeconds,
                                 NoAnswerPolicy ringNoAnswerPolicy) {
        public static final RoutingService DEFAULT = new RoutingService(true, CallMode.BRIDGE, 200, 10,
                NoAnswerPolicy.MANAGER);
    }

    public enum CallMode { BRIDGE, REDIRECT }

    public enum NoAnswerPolicy { NEXT_ASSISTANT, MANAGER, VOICEMAIL }

    /**
     * Where the live state (settings, log-ins, call records, shared keys) is kept. Absent: the embedded
     * database in {@code --data-dir}. With a {@code url}, a PostgreSQL server that several nodes can share.
     *
     * @param url a {@code jdbc:postgresql://host:port/database} URL
     * @param user the database user, or null to let the URL say
     * @param password the user's password, or null; never logged
     */
    public record Database(String url, String user, String password) {
        @Override
        public String toString() {
            return "Database[url=" + url + ", user=" + user + ", password=" + (password == null ? "none" : "***") + "]";
        }
    }

    /**
     * The feature codes: the partition they are declared in and the code of each enabled action. An action
     * the file sets to {@code off} is absent from {@code codes}; one the file does not mention has its
     * {@link FeatureCode.Action#defaultCode() default code}.
     *
     * @param partition a declared partition; only callers whose CSS lists it reach the codes
     * @param codes action → code, e.g. {@code DIVERT_ALL_ON → *71}, {@code LOG_OUT_FOR_MANAGER → *82!}; in
     *     action order
     */
    public record FeatureCodeSettings(String partition, Map<FeatureCode.Action, String> codes) {
        public FeatureCodeSettings {
            Map<FeatureCode.Action, String> copy = new EnumMap<>(FeatureCode.Action.class);
            copy.putAll(codes);
            codes = Collections.unmodifiableMap(copy);
        }
    }
}
