package org.openipma.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The storage suite on a real PostgreSQL server this class starts (see {@link PostgresServer}). */
class PostgresStateStoreTest extends StateStoreContract {
    private static PostgresServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = PostgresServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Override
    StorageConfig newDatabase() throws Exception {
        return server.newDatabase();
    }

    @Test
    void aWrongPasswordIsOneLineWithoutThePassword() throws Exception {
        StorageConfig config = StorageConfig.postgresql(server.url("postgres"), PostgresServer.USER, "wrong-pw");
        StateUnavailableException e = assertThrows(StateUnavailableException.class, () -> StateDatabase.open(config));
        assertEquals("database " + server.url("postgres") + " (user ipma) cannot be opened: FATAL: password"
                + " authentication failed for user \"ipma\"", e.getMessage());
    }
}
