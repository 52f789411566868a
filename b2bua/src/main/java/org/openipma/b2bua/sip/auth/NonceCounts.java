package org.openipma.b2bua.sip.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nonce-count replay protection (RFC 7616 §3.4): the highest nc accepted per nonce; a request must
 * present a higher one. A nonce answered wrongly is {@linkplain #spend spent}: no answer under it is accepted
 * again, so every guess at a password costs a new challenge. Only nonces we issued get here (their MAC was
 * checked), and a source that keeps guessing is banned ({@link AuthFailures}), which bounds what one sender
 * can put in the table.
 *
 * <p>Bounded: past {@code capacity} entries, those of expired nonces are dropped; if that is not enough
 * (more than {@code capacity} nonces used within one lifetime: some 33 new calls a second at the defaults)
 * the older half is forgotten, and every nonce issued up to the newest forgotten one is refused from then
 * on, so the phone is challenged again with {@code stale=true} and never gets to replay a request. Phones
 * on newer nonces are not affected. Thread-safe.
 */
final class NonceCounts {
    /** Entries kept before eviction: some 2 MB, enough for 30 new nonces a second at a 300 s lifetime. */
    static final int DEFAULT_CAPACITY = 10_000;

    private static final Logger log = LoggerFactory.getLogger(NonceCounts.class);

    private record Seen(Instant issuedAt, long highest) {
    }

    private final ConcurrentHashMap<String, Seen> seen = new ConcurrentHashMap<>();
    /** Nonces issued at or before this and not held were forgotten: refused. Written before the removals. */
    private volatile Instant forgottenUpTo = Instant.MIN;
    private final int capacity;
    private final Duration lifetime;
    private final Clock clock;

    NonceCounts(int capacity, Duration lifetime, Clock clock) {
        this.capacity = capacity;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /**
     * Records {@code nc} for {@code nonce}; false when it is not higher than one already accepted, or when the
     * nonce's counts were forgotten (the caller then asks for a new nonce).
     */
    boolean advance(String nonce, Instant issuedAt, long nc) {
        boolean[] accepted = {false};
        seen.compute(nonce, (key, prior) -> {
            if (prior == null && !issuedAt.isAfter(forgottenUpTo)) {
                return null;
            }
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

    /** Refuses every later answer under {@code nonce}: {@link #advance} returns false for it from now on. */
    void spend(String nonce, Instant issuedAt) {
        seen.put(nonce, new Seen(issuedAt, Long.MAX_VALUE));
        if (seen.size() > capacity) {
            evict();
        }
    }

    private synchronized void evict() {
        if (seen.size() <= capacity) {
            return; // another thread evicted meanwhile
        }
        Instant cutoff = clock.instant().minus(lifetime);
        seen.values().removeIf(entry -> entry.issuedAt().isBefore(cutoff));
        if (seen.size() <= capacity) {
            return;
        }
        List<Instant> issued = seen.values().stream().map(Seen::issuedAt).sorted().toList();
        Instant newest = issued.get(issued.size() / 2);
        // The floor first: a nonce removed below must never look unused to a concurrent advance().
        forgottenUpTo = newest;
        seen.values().removeIf(entry -> !entry.issuedAt().isAfter(newest));
        log.info("nonce-count table over {} live nonces: forgot those issued up to {}; their phones get a new"
                + " challenge (raise the capacity or shorten the nonce lifetime)", capacity, newest);
    }

    /** Entries held, for tests. */
    int size() {
        return seen.size();
    }
}
