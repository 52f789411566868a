package org.openipma.b2bua.sip.call;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * INFO lines about a condition that may repeat thousands of times a second (an overload): at most one per
 * {@code interval}, saying how many were left out since the last one. Thread-safe.
 */
final class RateLimitedLog {
    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong nextAllowed = new AtomicLong(System.nanoTime());
    private final AtomicLong suppressed = new AtomicLong();

    RateLimitedLog(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
    }

    /** Logs {@code format} at INFO unless a line was logged less than the interval ago. */
    void info(String format, Object argument) {
        long now = System.nanoTime();
        long allowed = nextAllowed.get();
        if (now - allowed < 0 || !nextAllowed.compareAndSet(allowed, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return;
        }
        long left = suppressed.getAndSet(0);
        if (left == 0) {
            log.info(format, argument);
        } else {
            log.info(format + " ({} more since the last such line)", argument, left);
        }
    }
}
