package org.openipma.state;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks whether the database answers, for {@link LiveState}. After a failure, reads and writes stop asking
 * the database (a call never waits on a dead one again) and a background probe asks it every {@code interval}
 * until it answers; then reads and writes go to it again. The loss and the recovery are each logged once, in
 * one line.
 *
 * <p>Reads wait at most {@code readPatience}. Finding out that a database is gone can take far longer: after an
 * idle spell the pool checks its connection, finds it dead and waits the whole connect timeout (2 s) for a new
 * one; a host that vanished without a reset holds a statement for the socket timeout (10 s). The routing
 * decision that reads the settings has a deadline of its own (200 ms by default) and takes Call Forward No
 * Answer when it misses it, so a read that waited for the database would send the call that met the loss to
 * CFNA instead of where the last known settings send it. So a read runs on a reader thread; past the patience
 * the caller gets the last known value, and the read goes on: its failure declares the outage as any other.
 * While a read is overdue, reads do not ask the database, so a stalled one holds few reader threads; writes
 * still do, since a change must be stored or refused, never guessed. The cost while the database answers: one
 * hand-off to a reader thread per read.
 */
final class OutageGuard {
    private static final Logger LOG = LoggerFactory.getLogger(LiveState.class);
    /** The phases of one read: its caller waits for it, it finished, or its caller stopped waiting. */
    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int ABANDONED = 2;

    private final long intervalMillis;
    private final long readPatienceNanos;
    private final Runnable probe;
    private final ExecutorService readers = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "state-database-read");
        thread.setDaemon(true);
        return thread;
    });
    /** Reads whose caller stopped waiting for them and that are still running. */
    private final AtomicInteger overdueReads = new AtomicInteger();
    private final ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "state-database-probe");
        thread.setDaemon(true);
        return thread;
    });
    private volatile String outage;

    /**
     * @param readPatience how long a read waits for the database before it gets the last known value
     * @param probe a cheap query; throws {@link StateUnavailableException} while the database is down
     */
    OutageGuard(Duration interval, Duration readPatience, Runnable probe) {
        this.intervalMillis = interval.toMillis();
        this.readPatienceNanos = readPatience.toNanos();
        this.probe = probe;
    }

    /** Stops probing (the probe thread exists only after a failure) and the reads still running. */
    void close() {
        prober.shutdownNow();
        readers.shutdownNow();
    }

    /**
     * The database's answer, or {@code lastKnown}'s while it is down (or just failed), waiting for the database
     * as long as the pool's timeouts let it: for reads off the call path, such as loading the last known values
     * at start, which must not settle for an empty answer because the first query on a cold pool was slow.
     */
    <T> T readWaiting(Supplier<T> database, Supplier<T> lastKnown) {
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
     * The database's answer, or {@code lastKnown}'s while it is down (or just failed), while a read is overdue,
     * or when this one does not come within the read patience.
     */
    <T> T read(Supplier<T> database, Supplier<T> lastKnown) {
        if (outage != null || overdueReads.get() > 0) {
            return lastKnown.get();
        }
        AtomicInteger phase = new AtomicInteger(RUNNING);
        Future<T> answer;
        try {
            answer = readers.submit(() -> {
                try {
                    return database.get();
                } catch (StateUnavailableException e) {
                    failed(e);
                    throw e;
                } finally {
                    if (!phase.compareAndSet(RUNNING, DONE)) {
                        overdueReads.decrementAndGet();
                    }
                }
            });
        } catch (RejectedExecutionException closed) {
            return lastKnown.get();
        }
        try {
            return answer.get(readPatienceNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            overdueReads.incrementAndGet();
            if (!phase.compareAndSet(RUNNING, ABANDONED)) {
                overdueReads.decrementAndGet(); // it finished meanwhile
            }
            return lastKnown.get();
        } catch (InterruptedException e) {
            // The decision that asked was cancelled: the read goes on, unbothered, and is not counted overdue.
            Thread.currentThread().interrupt();
            return lastKnown.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StateUnavailableException) {
                return lastKnown.get();
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e.getCause() instanceof RuntimeException unchecked ? unchecked
                    : new IllegalStateException("state read failed", e.getCause());
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
