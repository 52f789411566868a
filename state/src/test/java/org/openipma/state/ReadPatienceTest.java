package org.openipma.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openipma.routing.ManagerSettings;

/**
 * A database that does not answer in time (as one just lost does while the pool waits out its connect timeout)
 * costs a read no more than the read patience: the caller gets the last known value, and the read's eventual
 * failure is the outage.
 */
@Timeout(30)
class ReadPatienceTest {
    private static final Duration PATIENCE = Duration.ofMillis(50);
    /** Long enough that the probe does not end the outage while the test looks at it. */
    private static final Duration PROBE_INTERVAL = Duration.ofMinutes(1);

    private StateDatabase database;
    private LiveState live;

    @AfterEach
    void close() {
        if (live != null) {
            live.close();
        }
        if (database != null) {
            database.close();
        }
    }

    /** Settings whose reads, once stalled, hang until released and then fail, as a dead connection does. */
    private static final class StallingSettings implements SettingsStore {
        private final SettingsStore store;
        private final CountDownLatch release = new CountDownLatch(1);
        private final AtomicInteger reads = new AtomicInteger();
        private volatile boolean stalled;

        StallingSettings(SettingsStore store) {
            this.store = store;
        }

        @Override
        public Optional<ManagerSettings> load(String manager) {
            reads.incrementAndGet();
            if (stalled) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new StateUnavailableException("database test: connection is not available");
            }
            return store.load(manager);
        }

        @Override
        public Map<String, ManagerSettings> loadAll() {
            return store.loadAll();
        }

        @Override
        public void save(String manager, ManagerSettings settings) {
            store.save(manager, settings);
        }

        @Override
        public void reset(String manager) {
            store.reset(manager);
        }
    }

    @Test
    void aReadTheDatabaseDoesNotAnswerInTimeGetsTheLastKnownValueAndItsFailureIsTheOutage(@TempDir Path dir)
            throws Exception {
        database = StateDatabase.open(StorageConfig.embedded(dir));
        StallingSettings settings = new StallingSettings(database.settings());
        live = new LiveState(settings, database.presence(), PROBE_INTERVAL, PATIENCE);
        live.settings().save("manager", StateStoreContract.FILTERED);
        settings.stalled = true;
        int readsBefore = settings.reads.get();

        long start = System.nanoTime();
        assertEquals(Optional.of(StateStoreContract.FILTERED), live.settings().load("manager"));
        assertEquals(Optional.of(StateStoreContract.FILTERED), live.settings().load("manager"));
        Duration waited = Duration.ofNanos(System.nanoTime() - start);

        assertTrue(waited.compareTo(Duration.ofSeconds(1)) < 0, "two reads took " + waited);
        assertEquals(1, settings.reads.get() - readsBefore, "reads asked the database while one was overdue");
        assertEquals(Optional.empty(), live.outage(), "no outage before the overdue read fails");

        settings.release.countDown();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (live.outage().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(Optional.of("database test: connection is not available"), live.outage());
        StateUnavailableException refused = assertThrows(StateUnavailableException.class,
                () -> live.settings().save("manager", StateStoreContract.PLAIN));
        assertEquals("state database unavailable, change refused: database test: connection is not available",
                refused.getMessage());
        assertEquals(Optional.of(StateStoreContract.FILTERED), live.settings().load("manager"));
    }
}
