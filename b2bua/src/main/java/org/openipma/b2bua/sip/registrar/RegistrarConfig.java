package org.openipma.b2bua.sip.registrar;

/**
 * The registrar's rules.
 *
 * @param domain the host part of every address of record, {@code sip:<dn>@<domain>} (default 127.0.0.1)
 * @param defaultExpires seconds granted when a REGISTER names no interval (default {@value #DEFAULT_EXPIRES})
 * @param minExpires the shortest non-zero interval accepted; shorter gets 423 (default {@value #DEFAULT_MIN_EXPIRES})
 * @param maxExpires the longest interval granted; longer is shortened to it (default {@value #DEFAULT_MAX_EXPIRES})
 */
public record RegistrarConfig(String domain, int defaultExpires, int minExpires, int maxExpires) {
    public static final String DEFAULT_DOMAIN = "127.0.0.1";
    public static final int DEFAULT_EXPIRES = 3600;
    public static final int DEFAULT_MIN_EXPIRES = 60;
    public static final int DEFAULT_MAX_EXPIRES = 7200;

    public RegistrarConfig {
        if (domain == null || domain.isBlank()) {
            throw new IllegalArgumentException("domain: '" + domain + "' (expected: a host name or IP address)");
        }
        if (minExpires < 1) {
            throw new IllegalArgumentException("minExpires: " + minExpires + " (expected: 1 or more)");
        }
        if (maxExpires < minExpires) {
            throw new IllegalArgumentException("maxExpires: " + maxExpires + " (expected: minExpires " + minExpires
                    + " or more)");
        }
        if (defaultExpires < minExpires || defaultExpires > maxExpires) {
            throw new IllegalArgumentException("defaultExpires: " + defaultExpires + " (expected: " + minExpires + "-"
                    + maxExpires + ")");
        }
    }

    /** The defaults for {@code domain}. */
    public static RegistrarConfig defaults(String domain) {
        return new RegistrarConfig(domain, DEFAULT_EXPIRES, DEFAULT_MIN_EXPIRES, DEFAULT_MAX_EXPIRES);
    }

    /** The defaults for {@value #DEFAULT_DOMAIN}. */
    public static RegistrarConfig defaults() {
        return defaults(DEFAULT_DOMAIN);
    }

    /** This config with other expiry bounds. */
    public RegistrarConfig withExpires(int defaultExpires, int minExpires, int maxExpires) {
        return new RegistrarConfig(domain, defaultExpires, minExpires, maxExpires);
    }
}
