package org.openipma.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Opening a database that is not there fails fast, in one line that names it without its password. */
class UnreachableDatabaseTest {

    @Test
    void anUnreachableServerIsOneLineWithoutThePassword() {
        StorageConfig config = StorageConfig.postgresql("jdbc:postgresql://127.0.0.1:1/ipma", "ipma", "s3cret-pw");
        StateUnavailableException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(StateUnavailableException.class, () -> StateDatabase.open(config)));
        assertEquals("database jdbc:postgresql://127.0.0.1:1/ipma (user ipma) is unreachable: Connection refused",
                e.getMessage());
    }

    @Test
    void aPasswordInTheUrlIsNotPrinted() {
        StorageConfig config = StorageConfig.postgresql(
                "jdbc:postgresql://127.0.0.1:1/ipma?user=ipma&password=s3cret-pw&ssl=false", null, null);
        StateUnavailableException e = assertThrows(StateUnavailableException.class, () -> StateDatabase.open(config));
        assertEquals("database jdbc:postgresql://127.0.0.1:1/ipma?user=ipma&password=***&ssl=false is unreachable:"
                + " Connection refused", e.getMessage());
        assertEquals("database jdbc:postgresql://127.0.0.1:1/ipma?user=ipma&password=***&ssl=false",
                config.toString());
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        // A listening socket that never accepts: the connect succeeds, the login never completes.
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            StorageConfig config = StorageConfig.postgresql("jdbc:postgresql://127.0.0.1:" + silent.getLocalPort()
                    + "/ipma", "ipma", "pw").withConnectTimeout(Duration.ofSeconds(1));
            StateUnavailableException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> assertThrows(StateUnavailableException.class, () -> StateDatabase.open(config)));
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
    }

    @Test
    void anotherKindOfUrlIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StorageConfig.postgresql("jdbc:mysql://db/ipma?password=x", "ipma", null));
        assertEquals("database URL jdbc:mysql://db/ipma?password=***: unsupported (expected:"
                + " jdbc:postgresql://host[:port]/database)", e.getMessage());
    }
}
