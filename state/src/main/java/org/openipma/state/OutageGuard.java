package org.openipma.state;

import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks whether the database answers, for {@link LiveState}. After a failure the database is not asked again
 * for {@code backoff} (so a call does not wait on a dead database at every read), then the next read or write
 * probes it. The loss and the recovery are each logged once, in one line.
 */
final class OutageGuard {
    private static final Logger LOG = LoggerFactory.getLogger(LiveState.class);

    private final long backoffNanos;
    private String outage;
    private long retryAtNanos;

    OutageGuard(Duration backoff) {
        this.backoffNanos = backoff.toNanos();
    }

    /** The database's answer, or {@code lastKnown}'s while it is down (or just failed). */
    <T> T read(Supplier<T> database, Supplier<T> lastKnown) {
        if (inBackoff() != null) {
            return lastKnown.get();
        }
        try {
            T value = database.get();
            recovered();
            return value;
        } catch (StateUnavailableException e) {
            failed(e);
            return lastKnown.get();
        }
    }

    /**
     * Runs {@code database}, a write that returns once committed.
     *
     * @throws StateUnavailableException when the database is down or the write failed: nothing was committed
     */
    void write(Runnable database) {
        String reason = inBackoff();
        if (reason != null) {
            throw new StateUnavailableException("state database unavailable, change refused: " + reason);
        }
        try {
            database.run();
            recovered();
        } catch (StateUnavailableException e) {
            failed(e);
            throw new StateUnavailableException("state database unavailable, change refused: " + e.getMessage(), e);
        }
    }

    /** The reason of the outage while reads and writes skip the database; null otherwise. */
    synchronized String inBackoff() {
        return outage != null && System.nanoTime() - retryAtNanos < 0 ? outage : null;
    }

    /** The reason of the current outage, or null when the database answered last. */
    synchronized String outage() {
        return outage;
    }

    private synchronized void failed(StateUnavailableException e) {
        if (outage == null) {
            LOG.warn("state database lost, serving last known settings and refusing changes: {}", e.getMessage());
        }
        outage = e.getMessage();
        retryAtNanos = System.nanoTime() + backoffNanos;
    }

    private synchronized void recovered() {
        if (outage != null) {
            LOG.info("state database back after outage ({})", outage);
            outage = null;
        }
    }
}
