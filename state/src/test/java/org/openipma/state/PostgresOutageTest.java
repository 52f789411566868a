package org.openipma.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The PostgreSQL server goes away while the B2BUA runs, then comes back: reads keep answering with the last
 * known values, quickly; writes are refused with the reason; the state recovers without a restart.
 */
@Timeout(120)
class PostgresOutageTest {
    private PostgresServer server;
    private StateDatabase database;

    @BeforeEach
    void start() throws Exception {
        server = PostgresServer.start();
        database = StateDatabase.open(server.newDatabase());
    }

    @AfterEach
    void stop() throws Exception {
        if (database != null) {
            database.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void readsServeTheLastKnownValuesWritesAreRefusedAndItRecovers() throws Exception {
        LiveState live = new LiveState(database.settings(), database.presence(), Duration.ofMillis(500));
        live.settings().save("manager", StateStoreContract.FILTERED);
        live.presence().setLoggedIn("alice", "manager", false);

        server.stop();

        long start = System.nanoTime();
        assertEquals(Optional.of(StateStoreContract.FILTERED), live.settings().load("manager"));
        assertEquals(Optional.of(false), live.presence().loggedIn("alice", "manager"));
        assertEquals(Map.of("manager", StateStoreContract.FILTERED), live.settings().loadAll());
        for (int call = 0; call < 100; call++) {
            live.settings().load("manager"); // within the backoff: the database is not asked
        }
        Duration reads = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(reads.compareTo(Duration.ofSeconds(3)) < 0, "reads took " + reads);
        assertTrue(live.outage().isPresent());

        StateUnavailableException refused = assertThrows(StateUnavailableException.class,
                () -> live.settings().save("manager", StateStoreContract.PLAIN));
        assertTrue(refused.getMessage().startsWith("state database unavailable, change refused: database "
                + "jdbc:postgresql://127.0.0.1:"), refused.getMessage());
        assertEquals(1, refused.getMessage().lines().count());
        assertThrows(StateUnavailableException.class, () -> live.presence().setLoggedIn("alice", "manager", true));
        assertEquals(Optional.of(StateStoreContract.FILTERED), live.settings().load("manager"), "nothing changed");

        server.startAgain();

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                live.settings().save("manager", StateStoreContract.PLAIN);
                break;
            } catch (StateUnavailableException e) {
                assertTrue(System.nanoTime() < deadline, "not recovered: " + e.getMessage());
                Thread.sleep(200);
            }
        }
        assertEquals(Optional.empty(), live.outage());
        assertEquals(Optional.of(StateStoreContract.PLAIN), database.settings().load("manager"));
        assertEquals(Optional.of(false), live.presence().loggedIn("alice", "manager"));
    }
}
