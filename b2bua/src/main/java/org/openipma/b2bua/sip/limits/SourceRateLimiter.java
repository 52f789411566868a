package org.openipma.b2bua.sip.limits;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.openipma.routing.AddressRange;

/**
 * How many requests each source address may send: a {@link TokenBucket} per address ({@code rate} a second,
 * {@code burst} at once), and what to do with a request over budget.
 *
 * <p>Over budget, a request is {@link Verdict#REFUSE refused} with an answer at most once a second per
 * address and {@link Verdict#DROP dropped} silently otherwise: a phone that overruns learns why (503 with
 * Retry-After), while a flood, whose source may be forged, gets at most one small answer a second and cannot
 * use us as a reflector.
 *
 * <p>Memory is bounded. An address whose bucket has refilled behaves as one never seen, so forgetting it
 * changes nothing; when the table reaches {@code maxSources}, such idle entries are swept (at most once a
 * second, the sweep being linear). If every entry is still busy (a flood from that many forged addresses),
 * new addresses share one overflow bucket with one address's budget: the flood is held to one source's
 * rate, at the price of new phones competing with it until the table drains.
 *
 * <p>Trusted addresses ({@code sip.trustedSources}) are never counted. Thread-safe; one lock per address.
 */
public final class SourceRateLimiter {
    /** What to do with a request. */
    public enum Verdict {
        /** Within budget (or trusted): serve it. */
        PASS,
        /** Over budget, first time this second for this address: answer 503 and log. */
        REFUSE,
        /** Over budget: drop without a word. */
        DROP
    }

    /**
     * @param requestsPerSecond each address's sustained rate, at least 1
     * @param burst each address's bucket size, at least 1
     * @param trusted addresses never limited
     * @param maxSources addresses tracked at most, at least 1
     */
    public record Settings(int requestsPerSecond, int burst, List<AddressRange> trusted, int maxSources) {
        /** Addresses tracked by default: an entry is about 150 bytes, so 1.5 MB at most. */
        public static final int DEFAULT_MAX_SOURCES = 10_000;

        public Settings {
            trusted = List.copyOf(trusted);
            if (requestsPerSecond < 1 || burst < 1 || maxSources < 1) {
                throw new IllegalArgumentException("requestsPerSecond, burst, maxSources: " + requestsPerSecond
                        + ", " + burst + ", " + maxSources + " (expected: each at least 1)");
            }
        }
    }

    private static final long ANSWER_INTERVAL = TimeUnit.SECONDS.toNanos(1);
    private static final long SWEEP_INTERVAL = TimeUnit.SECONDS.toNanos(1);

    private final Settings settings;
    private final LongSupplier nanoTime;
    private final Map<InetAddress, Source> sources = new ConcurrentHashMap<>();
    private final Source overflow;
    private volatile long sweptAt;

    public SourceRateLimiter(Settings settings, LongSupplier nanoTime) {
        this.settings = settings;
        this.nanoTime = nanoTime;
        long now = nanoTime.getAsLong();
        this.overflow = new Source(settings, now);
        this.sweptAt = now - SWEEP_INTERVAL;
    }

    /** The settings in force. */
    public Settings settings() {
        return settings;
    }

    /**
     * What to do with one request, and for a {@link Verdict#REFUSE} how many requests of that address were
     * dropped silently since its previous refusal (for the log line).
     */
    public record Admission(Verdict verdict, long droppedBefore) {
        static final Admission PASS = new Admission(Verdict.PASS, 0);
        static final Admission DROP = new Admission(Verdict.DROP, 0);
    }

    /** Counts one request from {@code address} and says what to do with it. */
    public Admission admit(InetAddress address) {
        if (isTrusted(address)) {
            return Admission.PASS;
        }
        long now = nanoTime.getAsLong();
        return source(address, now).admit(now);
    }

    /**
     * Counts one request from {@code address} against its budget even when the address is trusted: for the
     * new requests of trusted sources while the server is overloaded ({@code SourceLimitValve}).
     */
    public Admission admitCounted(InetAddress address) {
        long now = nanoTime.getAsLong();
        return source(address, now).admit(now);
    }

    /** Whether {@code address} is in a trusted range. */
    public boolean isTrusted(InetAddress address) {
        for (AddressRange range : settings.trusted()) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** Addresses tracked now (for tests and metrics). */
    public int trackedSources() {
        return sources.size();
    }

    private Source source(InetAddress address, long now) {
        Source source = sources.get(address);
        if (source != null) {
            return source;
        }
        if (sources.size() >= settings.maxSources()) {
            sweep(now);
            if (sources.size() >= settings.maxSources()) {
                return overflow;
            }
        }
        return sources.computeIfAbsent(address, a -> new Source(settings, now));
    }

    private void sweep(long now) {
        if (now - sweptAt < SWEEP_INTERVAL) {
            return;
        }
        sweptAt = now;
        sources.values().removeIf(source -> source.isIdle(now));
    }

    /** One address's bucket and when it was last answered. */
    private static final class Source {
        private final TokenBucket bucket;
        private long answeredAt;
        private long dropped;

        Source(Settings settings, long now) {
            this.bucket = new TokenBucket(settings.requestsPerSecond(), settings.burst(), now);
            this.answeredAt = now - ANSWER_INTERVAL;
        }

        synchronized Admission admit(long now) {
            if (bucket.tryTake(now)) {
                return Admission.PASS;
            }
            if (now - answeredAt >= ANSWER_INTERVAL) {
                answeredAt = now;
                Admission refusal = new Admission(Verdict.REFUSE, dropped);
                dropped = 0;
                return refusal;
            }
            dropped++;
            return Admission.DROP;
        }

        synchronized boolean isIdle(long now) {
            return bucket.isFull(now);
        }
    }
}
