package org.openipma.b2bua.sip.limits;

/**
 * How many security log lines a kind of event may write: bursts of {@value #BURST}, then {@value #PER_SECOND}
 * a second, so a flood cannot flood the log. Thread-safe.
 */
final class LogBudget {
    static final int BURST = 50;
    static final int PER_SECOND = 20;

    private final TokenBucket bucket = new TokenBucket(PER_SECOND, BURST, System.nanoTime());
    private long refused;

    /** -1 if the line must not be written; otherwise how many were refused since the last one written. */
    synchronized long take() {
        if (!bucket.tryTake(System.nanoTime())) {
            refused++;
            return -1;
        }
        long left = refused;
        refused = 0;
        return left;
    }
}
