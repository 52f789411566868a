package org.openipma.b2bua.sip.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openipma.b2bua.sip.testing.MutableClock;

class NonceCountsTest {
    private final MutableClock clock = new MutableClock();

    @Test
    void onlyAHigherCountIsAcceptedForTheSameNonce() {
        NonceCounts counts = new NonceCounts(10, Duration.ofSeconds(300), clock);

        assertTrue(counts.advance("n1", clock.instant(), 1));
        assertFalse(counts.advance("n1", clock.instant(), 1));
        assertTrue(counts.advance("n1", clock.instant(), 3));
        assertFalse(counts.advance("n1", clock.instant(), 2));
        assertTrue(counts.advance("n2", clock.instant(), 1));
    }

    @Test
    void pastCapacityTheEntriesOfExpiredNoncesGoFirst() {
        NonceCounts counts = new NonceCounts(2, Duration.ofSeconds(300), clock);
        counts.advance("old", clock.instant(), 1);
        clock.advance(Duration.ofSeconds(301));
        counts.advance("new1", clock.instant(), 1);

        counts.advance("new2", clock.instant(), 1);

        assertEquals(2, counts.size());
        assertFalse(counts.advance("new1", clock.instant(), 1), "live entries survive eviction");
    }

    @Test
    void pastCapacityWithEveryNonceLiveTheOlderHalfIsForgottenAndRefusedNeverReplayable() {
        NonceCounts counts = new NonceCounts(4, Duration.ofSeconds(300), clock);
        for (String nonce : new String[] {"a", "b", "c", "d"}) {
            counts.advance(nonce, clock.instant(), 1);
            clock.advance(Duration.ofMillis(1));
        }
        java.time.Instant issuedE = clock.instant();

        assertTrue(counts.advance("e", issuedE, 1));

        assertEquals(2, counts.size(), "the older half (a, b, c) is forgotten");
        assertFalse(counts.advance("a", issuedE.minusMillis(4), 1), "a forgotten nonce is not replayable");
        assertFalse(counts.advance("c", issuedE.minusMillis(2), 9), "nor usable with a higher count");
        assertFalse(counts.advance("d", issuedE.minusMillis(1), 1), "held nonces keep their counts");
        assertTrue(counts.advance("d", issuedE.minusMillis(1), 2));
        assertTrue(counts.advance("f", issuedE.plusMillis(1), 1), "a nonce issued since is accepted");
    }
}
