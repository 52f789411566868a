package org.openipma.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes call records off the call path: {@link #offer} never blocks, one thread drains a bounded queue and
 * appends up to {@code maxBatch} records per transaction. After the first record of a batch it gathers for up to
 * {@value #LINGER_MILLIS} ms more, so that at a few hundred calls/s a commit (an fsync on the embedded engine)
 * covers a few calls instead of one: at 300 calls/s the writer's thread spent 1.7 s of CPU in 20 s committing
 * one record at a time (docs/benchmarks.md). When the queue is full, or the database is down long enough to fill it, records are
 * dropped and counted ({@link #dropped()}), and a WARN says how many at most once per {@code warnInterval}.
 * A batch that fails is retried after {@code retryDelay} while new records queue behind it.
 *
 * <p>{@link #close()} stops accepting records, writes what is queued (one last try) and stops the thread.
 * Thread-safe.
 */
public final class CallRecordWriter implements AutoCloseable {
    /** Queue capacity: at 1,000 calls/s, 10 s of records. */
    public static final int DEFAULT_CAPACITY = 10_000;
    /** Records per transaction. */
    public static final int DEFAULT_MAX_BATCH = 500;

    private static final Logger LOG = LoggerFactory.getLogger(CallRecordWriter.class);
    private static final long POLL_MILLIS = 100;
    /** How long a batch waits for more records after its first: the records' delay, bounded. */
    static final long LINGER_MILLIS = 20;

    private final CallRecordStore store;
    private final BlockingQueue<CallRecord> queue;
    private final int maxBatch;
    private final long warnIntervalNanos;
    private final long retryDelayMillis;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;
    private long droppedWarned;
    private long lastDropWarnNanos;
    private long lastFailureWarnNanos;

    /** Capacity {@value #DEFAULT_CAPACITY}, batches of {@value #DEFAULT_MAX_BATCH}, WARN every 60 s, retry 1 s. */
    public CallRecordWriter(CallRecordStore store) {
        this(store, DEFAULT_CAPACITY, DEFAULT_MAX_BATCH, Duration.ofSeconds(60), Duration.ofSeconds(1));
    }

    public CallRecordWriter(CallRecordStore store, int capacity, int maxBatch, Duration warnInterval,
                            Duration retryDelay) {
        if (capacity < 1 || maxBatch < 1) {
            throw new IllegalArgumentException("capacity " + capacity + ", maxBatch " + maxBatch
                    + " (expected: at least 1)");
        }
        this.store = store;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxBatch = maxBatch;
        this.warnIntervalNanos = warnInterval.toNanos();
        this.retryDelayMillis = retryDelay.toMillis();
        this.lastDropWarnNanos = System.nanoTime() - warnIntervalNanos;
        this.lastFailureWarnNanos = lastDropWarnNanos;
        this.thread = new Thread(this::drain, "call-record-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Queues {@code record} without blocking.
     *
     * @return false when it was dropped (queue full, or the writer closed)
     */
    public boolean offer(CallRecord record) {
        if (!closed && queue.offer(record)) {
            return true;
        }
        dropped.incrementAndGet();
        return false;
    }

    /** Records dropped since start (queue full, closed, or a batch lost at close). */
    public long dropped() {
        return dropped.get();
    }

    /** Records committed since start. */
    public long written() {
        return written.get();
    }

    private void drain() {
        List<CallRecord> batch = new ArrayList<>(maxBatch);
        while (!closed || !queue.isEmpty() || !batch.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    CallRecord first = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    if (first != null) {
                        batch.add(first);
                        gather(batch);
                    }
                }
                warnAboutDrops();
                if (!batch.isEmpty() && write(batch)) {
                    batch.clear();
                } else if (!batch.isEmpty()) {
                    if (closed) {
                        dropped.addAndGet(batch.size() + queue.size());
                        LOG.warn("call records: {} not written at close", batch.size() + queue.size());
                        return;
                    }
                    awaitRetry();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        warnAboutDrops();
    }

    /** Adds what arrives within {@link #LINGER_MILLIS} of the batch's first record, up to {@code maxBatch}. */
    private void gather(List<CallRecord> batch) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS);
        queue.drainTo(batch, maxBatch - batch.size());
        while (batch.size() < maxBatch && !closed) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                return;
            }
            CallRecord next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                return;
            }
            batch.add(next);
            queue.drainTo(batch, maxBatch - batch.size());
        }
    }

    /** Waits {@code retryDelay}, or less when closed meanwhile: close makes one last try at once. */
    private void awaitRetry() throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(retryDelayMillis);
        while (!closed && System.nanoTime() - until < 0) {
            Thread.sleep(Math.min(POLL_MILLIS, retryDelayMillis));
        }
    }

    private boolean write(List<CallRecord> batch) {
        try {
            store.appendAll(batch);
            written.addAndGet(batch.size());
            return true;
        } catch (RuntimeException e) {
            if (System.nanoTime() - lastFailureWarnNanos >= warnIntervalNanos || closed) {
                lastFailureWarnNanos = System.nanoTime();
                LOG.warn("call records: a batch of {} not written, retrying: {}", batch.size(), e.getMessage());
            }
            return false;
        }
    }

    private void warnAboutDrops() {
        long now = System.nanoTime();
        long total = dropped.get();
        if (total != droppedWarned && (now - lastDropWarnNanos >= warnIntervalNanos || closed)) {
            LOG.warn("call records: {} dropped (queue of {} full), {} in all", total - droppedWarned,
                    queue.remainingCapacity() + queue.size(), total);
            droppedWarned = total;
            lastDropWarnNanos = now;
        }
    }

    /** Stops accepting records and waits (at most 30 s) until the queued ones are written or given up. */
    @Override
    public void close() {
        closed = true;
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
