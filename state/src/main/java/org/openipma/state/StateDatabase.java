package org.openipma.state;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The opened state database: a connection pool over the embedded SQLite file or a PostgreSQL server, its schema
 * migrated, and the stores over it. Open one per process with {@link #open(StorageConfig)}; close it on stop.
 *
 * <p>Embedded: SQLite in WAL mode with {@code synchronous=FULL} (a commit is on disk before it is acknowledged,
 * so it survives a kill -9 and a power cut), {@code busy_timeout} 5 s, immediate transactions; another process
 * (e.g. {@code ipma calls}) may read while the server writes. PostgreSQL: connect, login and socket timeouts
 * bounded so a lost server is an error, not a hang; the nodes race safely on migrations (Flyway locks).
 */
public final class StateDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StateDatabase.class);
    private static final int SQLITE_BUSY_TIMEOUT_MILLIS = 5000;
    private static final int POSTGRESQL_SOCKET_TIMEOUT_SECONDS = 10;

    private final StorageConfig config;
    private final HikariDataSource pool;
    private final SettingsStore settings;
    private final PresenceStore presence;
    private final CallRecordStore callRecords;
    private final RegistrationStore registrations;
    private final SecretStore secrets;
    /** The embedded database's change counter, opened by the first {@link LiveState} over it. */
    private SqliteChanges changes;

    private StateDatabase(StorageConfig config, HikariDataSource pool) {
        this.config = config;
        this.pool = pool;
        Jdbc jdbc = new Jdbc(pool, config.describe());
        Clock clock = Clock.systemUTC();
        this.settings = new JdbcSettingsStore(jdbc, clock);
        this.presence = new JdbcPresenceStore(jdbc, clock);
        this.callRecords = new JdbcCallRecordStore(jdbc);
        this.registrations = new JdbcRegistrationStore(jdbc);
        this.secrets = new JdbcSecretStore(jdbc, clock);
    }

    /**
     * Opens the database, creating the data directory and the embedded file when missing, and migrates its
     * schema to this version (a no-op when it is current).
     *
     * @throws StateUnavailableException when the database cannot be reached, logged in to or migrated: one line,
     *     e.g. {@code database jdbc:postgresql://127.0.0.1:1/ipma (user ipma) is unreachable: Connection refused}
     */
    public static StateDatabase open(StorageConfig config) {
        if (config.embedded()) {
            try {
                Files.createDirectories(config.dataDir());
            } catch (IOException e) {
                throw new StateUnavailableException(config.describe() + " cannot be created: " + Jdbc.reason(e), e);
            }
        }
        HikariDataSource pool = connect(config);
        try {
            // db/sqlite holds the embedded database's change counter (SqliteChanges); PostgreSQL reads through.
            String[] locations = config.embedded()
                    ? new String[] {"classpath:db/migration", "classpath:db/sqlite"}
                    : new String[] {"classpath:db/migration"};
            Flyway.configure().dataSource(pool).locations(locations).load().migrate();
        } catch (FlywayException e) {
            pool.close();
            throw new StateUnavailableException(config.describe() + " cannot be migrated: " + Jdbc.reason(e), e);
        }
        LOG.debug("state: {} open", config.describe());
        return new StateDatabase(config, pool);
    }

    /**
     * Opens a database some server created, without migrating it: for readers such as {@code ipma calls}, which
     * must not create a database where there was none.
     *
     * @throws StateUnavailableException when it cannot be reached, or the embedded file does not exist
     */
    public static StateDatabase openExisting(StorageConfig config) {
        if (config.embedded() && !Files.isRegularFile(config.embeddedFile())) {
            throw new StateUnavailableException(config.describe() + " does not exist (is --data-dir the server's?)");
        }
        return new StateDatabase(config, connect(config));
    }

    private static HikariDataSource connect(StorageConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("ipma-state");
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setMinimumIdle(1);
        long timeout = config.connectTimeout().toMillis();
        hikari.setConnectionTimeout(timeout);
        hikari.setValidationTimeout(Math.min(timeout, 1000));
        hikari.setInitializationFailTimeout(timeout);
        if (config.embedded()) {
            hikari.addDataSourceProperty("journal_mode", "WAL");
            hikari.addDataSourceProperty("synchronous", "FULL");
            hikari.addDataSourceProperty("busy_timeout", Integer.toString(SQLITE_BUSY_TIMEOUT_MILLIS));
            hikari.addDataSourceProperty("foreign_keys", "true");
            // Take the write lock when the transaction starts: a deferred one that reads, then writes, fails
            // with SQLITE_BUSY at once (no busy wait) when another connection wrote meanwhile.
            hikari.addDataSourceProperty("transaction_mode", "IMMEDIATE");
        } else {
            int seconds = (int) Math.max(1, config.connectTimeout().toSeconds());
            hikari.addDataSourceProperty("connectTimeout", Integer.toString(seconds));
            hikari.addDataSourceProperty("loginTimeout", Integer.toString(seconds));
            hikari.addDataSourceProperty("socketTimeout", Integer.toString(POSTGRESQL_SOCKET_TIMEOUT_SECONDS));
            hikari.addDataSourceProperty("tcpKeepAlive", "true");
            hikari.addDataSourceProperty("ApplicationName", "ipma");
        }
        try {
            return new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new StateUnavailableException(config.describe() + (unreachable(e) ? " is unreachable: "
                    : " cannot be opened: ") + Jdbc.reason(e), e);
        }
    }

    /** A network-level failure (nothing answered) rather than a refusal (bad password, unknown database). */
    private static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.SocketTimeoutException
                    || t instanceof java.net.UnknownHostException || t instanceof SQLTransientConnectionException
                    || t instanceof SQLException sql && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    /** Which database this is: the URL without password, and the user. */
    public StorageConfig config() {
        return config;
    }

    public SettingsStore settings() {
        return settings;
    }

    public PresenceStore presence() {
        return presence;
    }

    public CallRecordStore callRecords() {
        return callRecords;
    }

    public RegistrationStore registrations() {
        return registrations;
    }

    public SecretStore secrets() {
        return secrets;
    }

    /**
     * The embedded database's settings and presence change counter (a connection of its own, opened on the first
     * call), or null for PostgreSQL, whose nodes read through (see {@link LiveState}).
     */
    synchronized SqliteChanges changes() {
        if (!config.embedded()) {
            return null;
        }
        if (changes == null) {
            changes = new SqliteChanges(config.jdbcUrl());
        }
        return changes;
    }

    /** Closes the pool; the stores fail afterwards. Close a {@link CallRecordWriter} over it first. */
    @Override
    public void close() {
        synchronized (this) {
            if (changes != null) {
                changes.close();
            }
        }
        pool.close();
    }
}
