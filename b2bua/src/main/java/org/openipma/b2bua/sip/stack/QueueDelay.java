package org.openipma.b2bua.sip.stack;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.CompactUdpMessageProcessor;
import javax.sip.SipProvider;

/**
 * How long received UDP messages wait before a stack thread starts on them: the server's measured latency.
 * While the server keeps up, a message waits well under a millisecond; when the work offered exceeds what the
 * threads do, the queue grows and so does the wait, long before the count of calls in progress reaches any
 * limit. {@code Admission} refuses new calls while the wait is over {@link #OVERLOADED_MILLIS} and admits them
 * again once it is back under {@link #RECOVERED_MILLIS} (the gap keeps it from flapping on every message).
 *
 * <p>The average is exponentially weighted over about the last 16 messages, in milliseconds (the resolution
 * of the RI's reception time), and it also fades with time, halving every {@link #HALF_LIFE_MILLIS} ms between
 * two messages: a quiet queue has no wait, so after an overload the first calls to come, even at one a second,
 * are admitted rather than refused until 60 messages have averaged the overload away. (While the threads are
 * all stuck nothing is recorded, but the messages they then take carry their long waits, which dominate.)
 * Updates race benignly: a lost update among 16 threads only makes the average a little less smooth.
 * Thread-safe.
 */
public final class QueueDelay {
    /** Average wait above which new calls are refused. */
    public static final double OVERLOADED_MILLIS = 50;
    /** Average wait below which new calls are admitted again. */
    public static final double RECOVERED_MILLIS = 10;
    /** The time in which the average halves when no message is recorded. */
    public static final double HALF_LIFE_MILLIS = 100;
    private static final double DECAY_PER_NANO = Math.log(2) / (HALF_LIFE_MILLIS * 1_000_000);
    /** For a stack without a {@link CompactUdpMessageProcessor}: never overloaded. */
    public static final QueueDelay NONE = new QueueDelay();

    private volatile double averageMillis;
    private volatile boolean overloaded;
    private volatile long lastRecorded = System.nanoTime();

    /** Notes that a message waited {@code millis} ms in the queue. */
    public void record(long millis) {
        record(millis, System.nanoTime());
    }

    /** {@link #record(long)} at {@code nowNanos} ({@link System#nanoTime()}'s scale). */
    void record(long millis, long nowNanos) {
        long gap = nowNanos - lastRecorded;
        lastRecorded = nowNanos;
        double faded = gap > 0 ? averageMillis * Math.exp(-gap * DECAY_PER_NANO) : averageMillis;
        double average = faded + (millis - faded) / 16;
        averageMillis = average;
        if (overloaded ? average < RECOVERED_MILLIS : average > OVERLOADED_MILLIS) {
            overloaded = !overloaded;
        }
    }

    /** Whether new calls should be refused now. */
    public boolean overloaded() {
        return overloaded;
    }

    /** The current average wait, in milliseconds. */
    public double averageMillis() {
        return averageMillis;
    }

    /** The meter of the UDP listening point of {@code provider}'s stack, or {@link #NONE}. */
    public static QueueDelay of(SipProvider provider) {
        if (provider != null && provider.getSipStack() instanceof SipStackImpl stack) {
            return CompactUdpMessageProcessor.queueDelayOf(stack).orElse(NONE);
        }
        return NONE;
    }
}
