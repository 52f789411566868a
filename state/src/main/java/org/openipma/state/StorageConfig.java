package org.openipma.state;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the state lives: an embedded SQLite file in a data directory (the default, {@code data/ipma.db}), or a
 * PostgreSQL server shared by several nodes.
 *
 * @param dataDir directory of the embedded database file {@value #EMBEDDED_FILE}; ignored with a URL
 * @param url {@code jdbc:postgresql://host[:port]/database}, or null for the embedded database
 * @param user database user (PostgreSQL), or null
 * @param password database password (PostgreSQL), or null; never printed ({@link #toString()}, errors)
 * @param connectTimeout bound on opening a connection and on waiting for a pooled one; default
 *     {@link #DEFAULT_CONNECT_TIMEOUT}
 * @param poolSize connections per node; default {@value #DEFAULT_POOL_SIZE}
 */
public record StorageConfig(Path dataDir, String url, String user, String password, Duration connectTimeout,
                            int poolSize) {
    /** {@code data}, relative to the working directory. */
    public static final Path DEFAULT_DATA_DIR = Path.of("data");
    /** The embedded database's file name in the data directory. */
    public static final String EMBEDDED_FILE = "ipma.db";
    /** 2 s: a database that takes longer to accept a connection is reported unreachable. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** Connections per node. */
    public static final int DEFAULT_POOL_SIZE = 4;

    private static final String POSTGRESQL = "jdbc:postgresql:";

    public StorageConfig {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (connectTimeout.toMillis() < 250) {
            throw new IllegalArgumentException("connectTimeout: " + connectTimeout + " (expected: at least 250 ms)");
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize: " + poolSize + " (expected: at least 1)");
        }
        if (url == null) {
            Objects.requireNonNull(dataDir, "dataDir (required without a database URL)");
        } else if (!url.startsWith(POSTGRESQL)) {
            throw new IllegalArgumentException("database URL " + redact(url)
                    + ": unsupported (expected: jdbc:postgresql://host[:port]/database)");
        }
    }

    /** The embedded database in {@code dataDir}. */
    public static StorageConfig embedded(Path dataDir) {
        return new StorageConfig(dataDir, null, null, null, DEFAULT_CONNECT_TIMEOUT, DEFAULT_POOL_SIZE);
    }

    /** A PostgreSQL database, {@code jdbc:postgresql://host[:port]/database}. */
    public static StorageConfig postgresql(String url, String user, String password) {
        return new StorageConfig(null, url, user, password, DEFAULT_CONNECT_TIMEOUT, DEFAULT_POOL_SIZE);
    }

    public StorageConfig withConnectTimeout(Duration timeout) {
        return new StorageConfig(dataDir, url, user, password, timeout, poolSize);
    }

    /** True for the embedded SQLite database. */
    public boolean embedded() {
        return url == null;
    }

    /** The embedded database file ({@code dataDir/ipma.db}); null with a URL. */
    public Path embeddedFile() {
        return embedded() ? dataDir.resolve(EMBEDDED_FILE) : null;
    }

    /** The JDBC URL the pool connects to. */
    public String jdbcUrl() {
        return embedded() ? "jdbc:sqlite:" + embeddedFile() : url;
    }

    /** "database URL (user U)", the URL without any password: how errors and logs name the database. */
    public String describe() {
        return "database " + redact(jdbcUrl()) + (user == null ? "" : " (user " + user + ")");
    }

    @Override
    public String toString() {
        return describe();
    }

    /** The URL without a {@code password=} parameter or a password in its user info. */
    static String redact(String url) {
        return url.replaceAll("([?&;]password=)[^&;]*", "$1***").replaceAll("(//[^/:@]*:)[^/@]*@", "$1***@");
    }
}
