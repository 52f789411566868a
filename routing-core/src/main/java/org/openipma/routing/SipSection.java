package org.openipma.routing;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@code sip:} section of a configuration (see {@code config/README.md}): where SIP listens, digest
 * algorithms, call limits, brute-force bans, the limits per source address and on TCP connections, and TLS.
 */
final class SipSection {
    private SipSection() {
    }

    /** The {@code sip:} section; every key has a default, so an absent section is the defaults. */
    static IpmaConfig.Sip bind(ConfigNode node) {
        node.allowOnly("domain", "address", "port", "digestAlgorithms", "maxCalls", "maxCallSeconds",
                "sessionExpiresSeconds",
                "authFailuresBeforeBan", "banSeconds", "maxBanSeconds", "requestsPerSecond", "requestBurst",
                "trustedSources", "tcpIdleSeconds", "tcpConnectionsPerSource", "tcpMaxConnections", "tlsPort",
                "tlsKeyStore", "tlsKeyStorePassword");
        int banSeconds = node.get("banSeconds").integer(IpmaConfig.Sip.DEFAULT_BAN_SECONDS, 1, 86_400);
        return new IpmaConfig.Sip(node.get("domain").string("127.0.0.1"), node.get("address").string("127.0.0.1"),
                node.get("port").integer(5060, 1, 65535), bindDigestAlgorithms(node.get("digestAlgorithms")),
                node.get("maxCalls").integer(IpmaConfig.Sip.DEFAULT_MAX_CALLS, 1, 1_000_000),
                node.get("maxCallSeconds").integer(IpmaConfig.Sip.DEFAULT_MAX_CALL_SECONDS, 1, 7 * 24 * 3600),
                node.get("sessionExpiresSeconds").integer(IpmaConfig.Sip.DEFAULT_SESSION_EXPIRES_SECONDS,
                        IpmaConfig.Sip.MIN_SESSION_EXPIRES_SECONDS, 86_400),
                node.get("authFailuresBeforeBan").integer(IpmaConfig.Sip.DEFAULT_AUTH_FAILURES_BEFORE_BAN, 0, 1000),
                banSeconds,
                node.get("maxBanSeconds").integer(Math.max(banSeconds, IpmaConfig.Sip.DEFAULT_MAX_BAN_SECONDS),
                        banSeconds, 604_800),
                bindLimits(node), bindTls(node));
    }

    private static IpmaConfig.Tls bindTls(ConfigNode sip) {
        int port = sip.get("tlsPort").integer(0, 0, 65535);
        String keyStore = sip.get("tlsKeyStore").string(null);
        String password = sip.get("tlsKeyStorePassword").string(null);
        if (keyStore != null && port == 0) {
            throw sip.get("tlsKeyStore").invalid("is given but sip.tlsPort is not (expected: a tlsPort to serve TLS on)");
        }
        if (port != 0 && port == sip.get("port").integer(5060, 1, 65535)) {
            throw sip.get("tlsPort").invalid("is also sip.port (expected: another port; TCP listens on sip.port)");
        }
        return new IpmaConfig.Tls(port, keyStore, password);
    }

    private static IpmaConfig.Limits bindLimits(ConfigNode sip) {
        return new IpmaConfig.Limits(
                sip.get("requestsPerSecond").integer(IpmaConfig.Limits.DEFAULT_REQUESTS_PER_SECOND, 1, 1_000_000),
                sip.get("requestBurst").integer(IpmaConfig.Limits.DEFAULT_REQUEST_BURST, 1, 1_000_000),
                bindAddressRanges(sip.get("trustedSources"), IpmaConfig.Limits.DEFAULT_TRUSTED_SOURCES),
                sip.get("tcpIdleSeconds").integer(IpmaConfig.Limits.DEFAULT_TCP_IDLE_SECONDS, 1, 86_400),
                sip.get("tcpConnectionsPerSource").integer(IpmaConfig.Limits.DEFAULT_TCP_CONNECTIONS_PER_SOURCE,
                        1, 100_000),
                sip.get("tcpMaxConnections").integer(IpmaConfig.Limits.DEFAULT_TCP_MAX_CONNECTIONS, 1, 100_000));
    }

    private static List<AddressRange> bindAddressRanges(ConfigNode node, List<AddressRange> defaultRanges) {
        if (!node.isPresent()) {
            return defaultRanges;
        }
        List<AddressRange> ranges = new ArrayList<>();
        for (ConfigNode item : node.list()) {
            try {
                ranges.add(AddressRange.parse(item.string()));
            } catch (IllegalArgumentException e) {
                throw item.invalid(e.getMessage());
            }
        }
        return ranges;
    }

    private static List<String> bindDigestAlgorithms(ConfigNode node) {
        if (!node.isPresent()) {
            return IpmaConfig.Sip.DEFAULT_DIGEST_ALGORITHMS;
        }
        List<ConfigNode> items = node.list();
        if (items.isEmpty()) {
            throw node.error("must name at least one algorithm (MD5, SHA-256)");
        }
        List<String> algorithms = new ArrayList<>();
        for (ConfigNode item : items) {
            String algorithm = item.choice(null, "md5", "sha-256").toUpperCase(java.util.Locale.ROOT);
            if (algorithms.contains(algorithm)) {
                throw item.invalid("is listed twice");
            }
            algorithms.add(algorithm);
        }
        return List.copyOf(algorithms);
    }
}
