package org.openipma.state;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks whether the database answers, for {@link LiveState}. After a failure, reads and writes stop asking
 * the database (a call never waits on a dead one again) and a background probe asks it every {@code interval}
 * until it answers; then reads and writes go to it again. The loss and the recovery are each logged once, in
 * one line.
 */
final class OutageGuard {
    private static final Logger LOG = LoggerFactory.getLogger(LiveState.class);

    private final long intervalMillis;
    private final Runnable probe;
    private final ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "state-database-probe");
        thread.setDaemon(true);
        return thread;
    });
    private volatile String outage;

    /**
     * @param probe a cheap query; throws {@link StateUnavailableException} while the database is down
     */
    OutageGuard(Duration interval, Runnable probe) {
        this.intervalMillis = interval.toMillis();
        this.probe = probe;
    }

    /** Stops probing (the probe thread exists only after a failure). */
    void close() {
        prober.shutdownNow();
    }

    /** The database's answer, or {@code lastKnown}'s while it is down (or just failed). */
    <T> T read(Supplier<T> database, Supplier<T> lastKnown) {
        if (outage != null) {
            return lastKnown.get();
        }
        try {
            return database.get();
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
        String reason = outage;
        if (reason != null) {
            throw new StateUnavailableException("state database unavailable, change refused: " + reason);
        }
        try {
            database.run();
        } catch (StateUnavailableException e) {
            failed(e);
            throw new StateUnavailableException("state database unavailable, change refused: " + e.getMessage(), e);
        }
    }

    /** The reason of the current outage, or null while the database answers. */
    String outage() {
        return outage;
    }

    private synchronized void failed(StateUnavailableException e) {
        if (outage == null) {
            outage = e.getMessage();
            LOG.warn("state database lost, serving last known settings and refusing changes: {}", outage);
            prober.schedule(this::probe, intervalMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void probe() {
        try {
            probe.run();
        } catch (RuntimeException e) {
            prober.schedule(this::probe, intervalMillis, TimeUnit.MILLISECONDS);
            return;
        }
        synchronized (this) {
            LOG.info("state database back after outage ({})", outage);
            outage = null;
        }
    }
}
