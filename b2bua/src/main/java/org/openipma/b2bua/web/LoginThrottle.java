package org.openipma.b2bua.web;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Slows down password guessing per source address: from the {@value #FREE_FAILURES}th consecutive failed log-in,
 * the address must wait before its next attempt — 1 s, doubling with each further failure, at most 5 minutes —
 * and attempts meanwhile are refused (429, Retry-After) without looking at the password. A success resets the
 * address. At most {@value #MAX_ADDRESSES} addresses are remembered (beyond, the ones that stopped failing
 * longest ago are forgotten first), so spoofing many sources cannot exhaust memory; TCP makes a source hard to
 * spoof anyway. Thread-safe.
 */
final class LoginThrottle {
    static final int FREE_FAILURES = 5;
    static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    static final Duration MAX_WAIT = Duration.ofMinutes(5);
    static final int MAX_ADDRESSES = 10_000;

    private record Failures(int count, long lastNanos, long blockedUntilNanos) {
    }

    private final Map<InetAddress, Failures> failures = new ConcurrentHashMap<>();
    private final LongSupplier nanos;

    LoginThrottle() {
        this(System::nanoTime);
    }

    LoginThrottle(LongSupplier nanos) {
        this.nanos = nanos;
    }

    /** How long {@code address} must still wait before its next attempt; zero when it may try now. */
    Duration waitFor(InetAddress address) {
        Failures known = failures.get(address);
        long left = known == null ? 0 : known.blockedUntilNanos() - nanos.getAsLong();
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }

    /** Counts a failure of {@code address}; returns its consecutive failures so far. */
    int failed(InetAddress address) {
        if (failures.size() >= MAX_ADDRESSES && !failures.containsKey(address)) {
            forgetOldest();
        }
        long now = nanos.getAsLong();
        Failures next = failures.compute(address, (key, old) -> {
            int count = old == null ? 1 : old.count() + 1;
            long blockedUntil = count < FREE_FAILURES ? 0 : now + waitAfter(count).toNanos();
            return new Failures(count, now, blockedUntil);
        });
        return next.count();
    }

    /** The wait after {@code count} consecutive failures (from the {@value #FREE_FAILURES}th on). */
    static Duration waitAfter(int count) {
        int doublings = Math.min(count - FREE_FAILURES, 20);
        Duration wait = FIRST_WAIT.multipliedBy(1L << doublings);
        return wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
    }

    void succeeded(InetAddress address) {
        failures.remove(address);
    }

    private void forgetOldest() {
        failures.entrySet().stream().min(java.util.Comparator.comparingLong(e -> e.getValue().lastNanos()))
                .ifPresent(oldest -> failures.remove(oldest.getKey()));
    }
}
