package org.openipma.b2bua.sip.auth;

import java.time.Duration;
import org.openipma.b2bua.sip.PacketSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The security events, one line each on logger {@value #LOGGER}, in a shape the fail2ban filter
 * {@code docs/fail2ban/openipma.conf} matches:
 * <pre>
 * security: auth-failed src=198.51.100.7:5060/udp method="REGISTER" user="phone3" reason="wrong user name or password" failures=3 user-failures=3
 * security: banned src=198.51.100.7:5060/udp for=60s failures=10 user="phone3"
 * </pre>
 * The source comes first and is the packet's (never a header's); the fields a sender chooses ({@code user},
 * {@code reason}) come after it, quoted, with {@code "}, {@code \} and control characters escaped and long
 * values cut, so no user name can forge a line or a second {@code src=}.
 *
 * <p>Rate-limited per kind of event with a token bucket ({@value #BURST} lines at once, then
 * {@value #PER_SECOND} a second): a flood of failures from many addresses cannot flood the log, and cannot
 * crowd out the {@code banned} lines. The next line written says {@code suppressed=N}. The
 * {@code RateLimitedLog} of the call path (one line a second) would hide all but one source a second from
 * fail2ban, hence a bucket here. Thread-safe.
 */
public class SecurityLog {
    /** The logger's name: route it to a file of its own for fail2ban. */
    static final String LOGGER = "org.openipma.security";
    static final int BURST = 50;
    static final int PER_SECOND = 20;
    private static final int MAX_VALUE_LENGTH = 64;

    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    private final Bucket failures = new Bucket();
    private final Bucket bans = new Bucket();

    /** A security log with its own rate limits. */
    public SecurityLog() {
    }

    /**
     * A failed log-in to the HTTP API, in the shape of a SIP authentication failure so the same fail2ban filter
     * matches it: {@code security: auth-failed src=198.51.100.7:51234/http method="LOGIN" user="x" reason="..."
     * failures=5}. Never give it a password or a token.
     */
    public void loginFailed(PacketSource source, String user, String reason, int failures) {
        long suppressed = this.failures.take();
        if (suppressed < 0) {
            return;
        }
        log.info("security: auth-failed src={} method=\"LOGIN\" user={} reason={} failures={}{}", source,
                quote(user), quote(reason), failures, suffix(suppressed));
    }

    /** An address refused further HTTP log-ins for {@code wait}: the same {@code banned} line as SIP's. */
    public void loginThrottled(PacketSource source, String user, Duration wait, int failures) {
        banned(source, user, wait, failures);
    }

    void authFailed(PacketSource source, String method, String user, String reason, int failures, int userFailures) {
        long suppressed = this.failures.take();
        if (suppressed < 0) {
            return;
        }
        log.info("security: auth-failed src={} method={} user={} reason={} failures={} user-failures={}{}", source,
                quote(method), quote(user), quote(reason), failures, userFailures, suffix(suppressed));
    }

    void banned(PacketSource source, String user, Duration ban, int failures) {
        long suppressed = bans.take();
        if (suppressed < 0) {
            return;
        }
        log.warn("security: banned src={} for={}s failures={} user={}{}", source, ban.toSeconds(), failures,
                quote(user), suffix(suppressed));
    }

    private static String suffix(long suppressed) {
        return suppressed == 0 ? "" : " suppressed=" + suppressed;
    }

    /** {@code "value"} with {@code "}, {@code \} and control characters escaped, cut at 64 characters; {@code -} for null. */
    static String quote(String value) {
        if (value == null) {
            return "-";
        }
        StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
        int length = Math.min(value.length(), MAX_VALUE_LENGTH);
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                quoted.append(String.format("\\x%02x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        if (value.length() > MAX_VALUE_LENGTH) {
            quoted.append("...");
        }
        return quoted.append('"').toString();
    }

    /** A token bucket; {@link #take} answers how many were refused since the last success, or -1 if refused. */
    private static final class Bucket {
        private static final long NANOS_PER_TOKEN = 1_000_000_000L / PER_SECOND;
        private double tokens = BURST;
        private long refilledAt = System.nanoTime();
        private long refused;

        synchronized long take() {
            long now = System.nanoTime();
            tokens = Math.min(BURST, tokens + (double) (now - refilledAt) / NANOS_PER_TOKEN);
            refilledAt = now;
            if (tokens < 1) {
                refused++;
                return -1;
            }
            tokens--;
            long left = refused;
            refused = 0;
            return left;
        }
    }
}
