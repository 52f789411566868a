package org.openipma.b2bua.sip.limits;

/**
 * A token bucket: holds up to {@code burst} tokens, gains {@code ratePerSecond} a second, and each
 * {@link #tryTake} spends one. Not thread-safe: its owner synchronizes. Times are {@link System#nanoTime}
 * values, passed in so tests can drive the clock.
 */
final class TokenBucket {
    private final double tokensPerNano;
    private final double burst;
    private double tokens;
    private long refilledAt;

    /** A full bucket at {@code now}. */
    TokenBucket(double ratePerSecond, int burst, long now) {
        this.tokensPerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.refilledAt = now;
    }

    /** Spends a token if there is one. */
    boolean tryTake(long now) {
        refill(now);
        if (tokens < 1) {
            return false;
        }
        tokens--;
        return true;
    }

    /** Whether the bucket has refilled completely: it then behaves exactly as a new one, and may be forgotten. */
    boolean isFull(long now) {
        refill(now);
        return tokens >= burst;
    }

    private void refill(long now) {
        long elapsed = now - refilledAt;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * tokensPerNano);
            refilledAt = now;
        }
    }
}
