package org.openipma.b2bua.sip.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nonce-count replay protection (RFC 7616 §3.4): the highest nc accepted per nonce; a request must
 * present a higher one. Only requests whose digest response was correct get here, so an unauthenticated
 * sender cannot fill the table.
 *
 * <p>Bounded: past {@code capacity} entries, those of expired nonces are dropped; if that is not enough the
 * table is cleared (logged at WARN), which for a moment lets a captured request be replayed once more
 * rather than refusing every phone. Thread-safe.
 */
final class NonceCounts {
    /** Entries kept before eviction: some 2 MB, enough for 30 new nonces a second at a 300 s lifetime. */
    static final int DEFAULT_CAPACITY = 10_000;

    private static final Logger log = LoggerFactory.getLogger(NonceCounts.class);

    private record Seen(Instant issuedAt, long highest) {
    }

    private final ConcurrentHashMap<String, Seen> seen = new ConcurrentHashMap<>();
    private final int capacity;
    private final Duration lifetime;
    private final Clock clock;

    NonceCounts(int capacity, Duration lifetime, Clock clock) {
        this.capacity = capacity;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** Records {@code nc} for {@code nonce}; false when it is not higher than one already accepted. */
    boolean advance(String nonce, Instant issuedAt, long nc) {
        boolean[] accepted = {false};
        seen.compute(nonce, (key, prior) -> {
            if (prior != null && nc <= prior.highest()) {
                return prior;
            }
            accepted[0] = true;
            return new Seen(issuedAt, nc);
        });
        if (seen.size() > capacity) {
            evict();
        }
        return accepted[0];
    }

    private void evict() {
        Instant cutoff = clock.instant().minus(lifetime);
        seen.values().removeIf(entry -> entry.issuedAt().isBefore(cutoff));
        if (seen.size() > capacity) {
            log.warn("nonce-count table over {} live nonces: cleared (raise the capacity or shorten the nonce lifetime)",
                    capacity);
            seen.clear();
        }
    }

    /** Entries held, for tests. */
    int size() {
        return seen.size();
    }
}
