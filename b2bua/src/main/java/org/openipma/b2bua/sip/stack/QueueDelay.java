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
 * of the RI's reception time). Updates race benignly: a lost update among 16 threads only makes the average a
 * little less smooth. Thread-safe.
 */
public final class QueueDelay {
    /** Average wait above which new calls are refused. */
    public static final double OVERLOADED_MILLIS = 50;
    /** Average wait below which new calls are admitted again. */
    public static final double RECOVERED_MILLIS = 10;
    /** For a stack without a {@link CompactUdpMessageProcessor}: never overloaded. */
    public static final QueueDelay NONE = new QueueDelay();

    private volatile double averageMillis;
    private volatile boolean overloaded;

    /** Notes that a message waited {@code millis} ms in the queue. */
    public void record(long millis) {
        double average = averageMillis + (millis - averageMillis) / 16;
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
