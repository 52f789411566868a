package org.openipma.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL server goes away while the B2BUA runs, then comes back: reads keep answering with the last
 * known values, quickly; writes are refused with the reason; the state recovers without a restart.
 */
@Timeout(120)
class PostgresOutageTest {
    private PostgresServer server;
    private StateDatabase database;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void start() throws Exception {
        log.start();
        ((Logger) LoggerFactory.getLogger(LiveState.class)).addAppender(log);
        server = PostgresServer.start();
        database = StateDatabase.open(server.newDatabase());
    }

    @AfterEach
    void stop() throws Exception {
        ((Logger) LoggerFactory.getLogger(LiveState.class)).detachAppender(log);
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
            live.settings().load("manager"); // during the outage: the database is not asked
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

        List<String> lines = log.list.stream().map(event -> event.getLevel() + " "
                + event.getFormattedMessage().substring(0, event.getFormattedMessage().indexOf(':'))).toList();
        assertEquals(List.of("WARN state database lost, serving last known settings and refusing changes",
                "INFO state database back after outage (database jdbc"), lines, "the loss once, the recovery once");
        assertTrue(log.list.stream().allMatch(event -> event.getThrowableProxy() == null), "no stack trace");
        assertTrue(log.list.stream().noneMatch(event -> event.getFormattedMessage().contains(PostgresServer.PASSWORD)));
    }
}
