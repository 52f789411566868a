package org.openipma.b2bua.sip.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.openipma.b2bua.sip.limits.SourceRateLimiter.Verdict;
import org.openipma.routing.AddressRange;

class SourceRateLimiterTest {
    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(42 * SECOND);

    private SourceRateLimiter limiter(int rate, int burst, int maxSources, String... trusted) {
        List<AddressRange> ranges = new ArrayList<>();
        for (String range : trusted) {
            ranges.add(AddressRange.parse(range));
        }
        return new SourceRateLimiter(new SourceRateLimiter.Settings(rate, burst, ranges, maxSources), now::get);
    }

    private static InetAddress address(String text) throws UnknownHostException {
        return InetAddress.getByName(text);
    }

    private static List<Verdict> admit(SourceRateLimiter limiter, InetAddress address, int requests) {
        List<Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            verdicts.add(limiter.admit(address).verdict());
        }
        return verdicts;
    }

    @Test
    void admit_burstPassesThenOneRefusalASecondThenSilence() throws Exception {
        SourceRateLimiter limiter = limiter(10, 3, 100);
        InetAddress source = address("192.0.2.7");
        assertEquals(List.of(Verdict.PASS, Verdict.PASS, Verdict.PASS, Verdict.REFUSE, Verdict.DROP, Verdict.DROP),
                admit(limiter, source, 6));
        now.addAndGet(SECOND / 10); // one token back, but the refusal was less than a second ago
        assertEquals(List.of(Verdict.PASS, Verdict.DROP), admit(limiter, source, 2));
        now.addAndGet(SECOND); // ten tokens back, capped at the burst of 3
        assertEquals(List.of(Verdict.PASS, Verdict.PASS, Verdict.PASS, Verdict.REFUSE), admit(limiter, source, 4));
    }

    @Test
    void admit_refusalCountsTheRequestsDroppedSinceThePreviousOne() throws Exception {
        SourceRateLimiter limiter = limiter(1, 1, 100);
        InetAddress source = address("192.0.2.7");
        admit(limiter, source, 5); // pass, refuse, 3 dropped
        now.addAndGet(SECOND / 2);
        SourceRateLimiter.Admission admission = limiter.admit(source);
        assertEquals(Verdict.DROP, admission.verdict());
        now.addAndGet(SECOND / 2);
        limiter.admit(source); // the token that came back
        assertEquals(new SourceRateLimiter.Admission(Verdict.REFUSE, 4), limiter.admit(source));
    }

    @Test
    void admit_oneAddressOverBudgetLeavesAnotherAlone() throws Exception {
        SourceRateLimiter limiter = limiter(10, 2, 100);
        admit(limiter, address("192.0.2.7"), 50);
        assertEquals(List.of(Verdict.PASS, Verdict.PASS), admit(limiter, address("192.0.2.8"), 2));
    }

    @Test
    void admit_trustedRangesAreNeverCounted() throws Exception {
        SourceRateLimiter limiter = limiter(1, 1, 100, "127.0.0.0/8", "2001:db8::/32");
        assertEquals(List.of(Verdict.PASS, Verdict.PASS, Verdict.PASS), admit(limiter, address("127.0.0.2"), 3));
        assertEquals(List.of(Verdict.PASS, Verdict.PASS), admit(limiter, address("2001:db8::7"), 2));
        assertEquals(List.of(Verdict.PASS, Verdict.REFUSE), admit(limiter, address("128.0.0.1"), 2));
        assertEquals(1, limiter.trackedSources());
    }

    @Test
    void admit_fullTableForgetsIdleAddressesThenSharesOneOverflowBudget() throws Exception {
        SourceRateLimiter limiter = limiter(1, 2, 2);
        admit(limiter, address("192.0.2.1"), 1);
        admit(limiter, address("192.0.2.2"), 1);
        // Both still refilling: a third address goes to the overflow bucket (2 tokens for all newcomers).
        assertEquals(List.of(Verdict.PASS, Verdict.PASS, Verdict.REFUSE), admit(limiter, address("192.0.2.3"), 3));
        assertEquals(List.of(Verdict.DROP), admit(limiter, address("192.0.2.4"), 1));
        assertEquals(2, limiter.trackedSources());
        now.addAndGet(2 * SECOND); // both entries refilled: idle, forgotten at the next sweep
        assertEquals(List.of(Verdict.PASS), admit(limiter, address("192.0.2.5"), 1));
        assertEquals(1, limiter.trackedSources());
    }
}
