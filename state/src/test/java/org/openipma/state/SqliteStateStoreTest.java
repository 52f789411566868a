package org.openipma.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage suite on the embedded engine, and what is particular to it. */
class SqliteStateStoreTest extends StateStoreContract {
    @TempDir
    Path dir;
    private int databases;

    @Override
    StorageConfig newDatabase() {
        return StorageConfig.embedded(dir.resolve("data-" + ++databases));
    }

    @Test
    void theDataDirectoryIsCreatedWithTheDatabaseInWalMode() throws Exception {
        StorageConfig config = StorageConfig.embedded(dir.resolve("new/data"));
        try (StateDatabase database = open(config)) {
            assertEquals(dir.resolve("new/data/ipma.db"), config.embeddedFile());
            try (Connection connection = DriverManager.getConnection(config.jdbcUrl());
                 Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("PRAGMA journal_mode")) {
                row.next();
                assertEquals("wal", row.getString(1));
            }
        }
    }

    @Test
    void aSecondProcessCanReadWhileTheServerWrites() throws Exception {
        StorageConfig config = newDatabase();
        StateDatabase server = open(config);
        try (Connection writer = DriverManager.getConnection(config.jdbcUrl());
             Statement statement = writer.createStatement()) {
            writer.setAutoCommit(false);
            statement.executeUpdate("INSERT INTO shared_secret (name, secret, created_at) VALUES ('x', 'y', 0)");
            // The write transaction is open: a reader still answers, from the last commit.
            try (StateDatabase reader = StateDatabase.openExisting(config)) {
                assertEquals(Optional.empty(), reader.settings().load("manager"));
            }
            writer.rollback();
        }
        server.settings().save("manager", PLAIN);
    }

    @Test
    void liveStateServesFromMemoryAndSeesChangesMadeByHandInSql() throws Exception {
        StorageConfig config = newDatabase();
        LiveState live = new LiveState(open(config));
        assertTrue(live.servedFromMemory());
        live.settings().save("manager", FILTERED);
        live.presence().setLoggedIn("alice", "manager", false);
        assertEquals(Optional.of(FILTERED), live.settings().load("manager"));
        try (Connection admin = DriverManager.getConnection(config.jdbcUrl());
             Statement statement = admin.createStatement()) {
            // state/README.md's reset by hand: the triggers move the change counter.
            statement.executeUpdate("DELETE FROM manager_settings WHERE manager = 'manager'");
            assertEquals(Optional.empty(), live.settings().load("manager"));
            statement.executeUpdate("UPDATE assistant_presence SET logged_in = TRUE WHERE assistant = 'alice'");
            assertEquals(Optional.of(true), live.presence().loggedIn("alice", "manager"));
            // A commit elsewhere (a call record, say) moves SQLite's data_version, not the counter: nothing changes.
            statement.executeUpdate("INSERT INTO shared_secret (name, secret, created_at) VALUES ('x', 'y', 0)");
            assertEquals(Optional.of(true), live.presence().loggedIn("alice", "manager"));
        }
        live.close();
    }

    @Test
    void openingAnExistingDatabaseThatIsMissingIsOneLine() {
        StorageConfig config = StorageConfig.embedded(dir.resolve("nowhere"));
        StateUnavailableException e = assertThrows(StateUnavailableException.class,
                () -> StateDatabase.openExisting(config));
        assertEquals("database jdbc:sqlite:" + dir.resolve("nowhere/ipma.db")
                + " does not exist (is --data-dir the server's?)", e.getMessage());
    }

    @Test
    void aDataDirectoryThatIsAFileIsOneLine() throws Exception {
        Path file = Files.writeString(dir.resolve("taken"), "");
        StateUnavailableException e = assertThrows(StateUnavailableException.class,
                () -> StateDatabase.open(StorageConfig.embedded(file)));
        assertEquals("database jdbc:sqlite:" + file.resolve("ipma.db") + " cannot be created: " + file,
                e.getMessage());
    }
}
