package org.openipma.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code database:} section: absent means embedded; a PostgreSQL URL, user and password otherwise. */
class DatabaseSectionTest {
    private static final Path LAB = Path.of("..", "config", "lab.yaml");

    @TempDir
    Path dir;

    private IpmaConfig load(String databaseSection) throws IOException {
        Path file = dir.resolve("with-database.yaml");
        Files.writeString(file, Files.readString(LAB) + "\n" + databaseSection);
        return ConfigLoader.load(file);
    }

    @Test
    void theLabHasNoDatabaseSectionSoItUsesTheEmbeddedOne() throws IOException {
        assertNull(ConfigLoader.load(LAB).database());
    }

    @Test
    void aPostgresqlUrlWithUserAndPasswordIsRead() throws IOException {
        IpmaConfig config = load("database: { url: 'jdbc:postgresql://127.0.0.1:5432/ipma', user: ipma, password: s3cret }");

        assertEquals(new IpmaConfig.Database("jdbc:postgresql://127.0.0.1:5432/ipma", "ipma", "s3cret"), config.database());
        assertFalse(config.database().toString().contains("s3cret"), "the password stays out of logs");
    }

    @Test
    void aUrlOfAnotherEngineIsRefusedNamingPathValueAndRule() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("database: { url: 'jdbc:mysql://db/ipma' }"));

        assertEquals(dir.resolve("with-database.yaml") + ": database.url: 'jdbc:mysql://db/ipma' is not a PostgreSQL JDBC URL"
                + " (expected: jdbc:postgresql://host:port/database)", e.getMessage());
    }
}
