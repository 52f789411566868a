package org.openipma.b2bua.sip.auth;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.openipma.b2bua.sip.PacketSource;
import org.openipma.b2bua.sip.SipProbe;

/**
 * Brute-force protection (after Kamailio's {@code pike} + {@code htable} bans): failed authentications are
 * counted per source address and per user; a source that fails {@code failuresBeforeBan} times is refused
 * for a while, whatever it sends and whichever user it claims.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>A failure is any {@link AuthResult.Rejected}: wrong password, unknown user, unusable credentials.
 *       Challenges (no credentials, stale nonce) are not failures.</li>
 *   <li>The {@code failuresBeforeBan}-th failure of a source bans it for {@code firstBan}; each later ban of the
 *       same source lasts twice the previous one, up to {@code maxBan}. A ban resets the source's count.</li>
 *   <li>A source that has not failed for {@code maxBan} is forgotten: count and ban history start over. A
 *       success does not reset the count, or one valid account would let its holder guess the others'.</li>
 *   <li>Only the source is banned, never the user: guesses at {@code phone3} from one address do not keep
 *       {@code phone3}'s own phone, at another address, from registering. The per-user count is reported in
 *       the log, for the operator to see one account attacked from many addresses.</li>
 * </ul>
 * The check ({@link #banned}) is a map lookup, made before any digest work; a banned source gets no challenge
 * (no nonce) and no hashing. Its answer is decided by the caller: {@link DigestAuthenticator} makes it a
 * {@code 403}.
 *
 * <p>Bounded: at most {@value #MAX_TRACKED} sources and as many users, the least recently seen dropped
 * first. An attacker with more addresses than that can make a ban be forgotten early; one address cannot.
 * Behind a NAT, every phone shares the public address: one phone with a wrong password can get all of them
 * banned, as with fail2ban. {@code failuresBeforeBan = 0} turns banning off (counting and logging stay).
 *
 * <p>Thread-safe: one lock, held for a map operation; contention only under a flood of failures.
 */
public final class AuthFailures {
    /** Sources (and users) tracked at most. */
    static final int MAX_TRACKED = 10_000;

    /**
     * @param failuresBeforeBan failures of one source that ban it, 0-1000; 0 never bans (default
     *     {@value #DEFAULT_FAILURES_BEFORE_BAN})
     * @param firstBan the first ban of a source, 1 s-1 day (default {@value #DEFAULT_BAN_SECONDS} s)
     * @param maxBan the longest ban, at least {@code firstBan}, at most 7 days (default
     *     {@value #DEFAULT_MAX_BAN_SECONDS} s); also how long an idle source is remembered
     */
    public record Settings(int failuresBeforeBan, Duration firstBan, Duration maxBan) {
        public static final int DEFAULT_FAILURES_BEFORE_BAN = 10;
        public static final long DEFAULT_BAN_SECONDS = 60;
        public static final long DEFAULT_MAX_BAN_SECONDS = 3600;

        public Settings {
            if (failuresBeforeBan < 0 || failuresBeforeBan > 1000) {
                throw new IllegalArgumentException("failuresBeforeBan: " + failuresBeforeBan + " (expected: 0-1000)");
            }
            if (firstBan.compareTo(Duration.ofSeconds(1)) < 0 || firstBan.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("firstBan: " + firstBan + " (expected: PT1S-P1D)");
            }
            if (maxBan.compareTo(firstBan) < 0 || maxBan.compareTo(Duration.ofDays(7)) > 0) {
                throw new IllegalArgumentException("maxBan: " + maxBan + " (expected: " + firstBan + "-P7D)");
            }
        }

        /** 10 failures, 60 s doubling up to 1 h. */
        public static Settings defaults() {
            return new Settings(DEFAULT_FAILURES_BEFORE_BAN, Duration.ofSeconds(DEFAULT_BAN_SECONDS),
                    Duration.ofSeconds(DEFAULT_MAX_BAN_SECONDS));
        }
    }

    private static final class Source {
        int failures;
        int bans;
        Instant bannedUntil = Instant.MIN;
        Instant lastFailure;
    }

    private final Settings settings;
    private final Clock clock;
    private final SecurityLog log;
    private final SipProbe probe;
    private final Map<InetAddress, Source> sources = lru();
    private final Map<String, Integer> userFailures = lru();

    public AuthFailures(Settings settings, Clock clock) {
        this(settings, clock, SipProbe.NONE);
    }

    /** @param probe told of every failure (with its reason) and every ban, for metrics */
    public AuthFailures(Settings settings, Clock clock, SipProbe probe) {
        this(settings, clock, new SecurityLog(), probe);
    }

    AuthFailures(Settings settings, Clock clock, SecurityLog log) {
        this(settings, clock, log, SipProbe.NONE);
    }

    private AuthFailures(Settings settings, Clock clock, SecurityLog log, SipProbe probe) {
        this.settings = settings;
        this.clock = clock;
        this.log = log;
        this.probe = probe;
    }

    private static <K, V> Map<K, V> lru() {
        return new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > MAX_TRACKED;
            }
        };
    }

    /** The settings in force. */
    public Settings settings() {
        return settings;
    }

    /** How long {@code source} stays banned, or empty when it is not. Unknown sources are never banned. */
    public Optional<Duration> banned(PacketSource source) {
        if (!source.known()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        synchronized (this) {
            Source entry = sources.get(source.address());
            if (entry == null || !entry.bannedUntil.isAfter(now)) {
                return Optional.empty();
            }
            return Optional.of(Duration.between(now, entry.bannedUntil));
        }
    }

    /**
     * Counts a failed authentication of {@code user} (null if none was readable) from {@code source}, logs it,
     * and bans the source when this was one failure too many.
     *
     * @param reason why it failed, for the log
     */
    public void failed(PacketSource source, String method, String user, String reason) {
        probe.authFailed(reason);
        if (!source.known()) {
            log.authFailed(source, method, user, reason, 0, 0);
            return;
        }
        Instant now = clock.instant();
        int failures;
        int ofUser;
        Duration ban = null;
        synchronized (this) {
            Source entry = sources.get(source.address());
            if (entry == null || Duration.between(entry.lastFailure, now).compareTo(settings.maxBan()) > 0) {
                entry = new Source();
                sources.put(source.address(), entry);
            }
            entry.lastFailure = now;
            failures = ++entry.failures;
            ofUser = user == null ? 0 : userFailures.merge(user, 1, Integer::sum);
            if (settings.failuresBeforeBan() > 0 && failures >= settings.failuresBeforeBan()) {
                ban = banLength(entry.bans);
                entry.bans++;
                entry.failures = 0;
                entry.bannedUntil = now.plus(ban);
            }
        }
        log.authFailed(source, method, user, reason, failures, ofUser);
        if (ban != null) {
            probe.banned();
            log.banned(source, user, ban, failures);
        }
    }

    /** firstBan · 2^previousBans, capped at maxBan. */
    private Duration banLength(int previousBans) {
        Duration ban = settings.firstBan();
        for (int i = 0; i < previousBans && ban.compareTo(settings.maxBan()) < 0; i++) {
            ban = ban.multipliedBy(2);
        }
        return ban.compareTo(settings.maxBan()) > 0 ? settings.maxBan() : ban;
    }

    /** Sources tracked, for tests. */
    synchronized int trackedSources() {
        return sources.size();
    }
}
