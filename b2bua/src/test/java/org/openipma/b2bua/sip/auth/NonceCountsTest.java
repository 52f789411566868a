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
    void pastCapacityWithEveryNonceLiveTheTableIsCleared() {
        NonceCounts counts = new NonceCounts(2, Duration.ofSeconds(300), clock);
        counts.advance("a", clock.instant(), 1);
        counts.advance("b", clock.instant(), 1);

        counts.advance("c", clock.instant(), 1);

        assertEquals(0, counts.size());
    }
}
