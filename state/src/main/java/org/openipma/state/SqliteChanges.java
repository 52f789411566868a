package org.openipma.state;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The embedded database's change counter for settings and presence ({@code state_version}, moved by triggers on
 * every insert, update and delete, see {@code db/sqlite/V2__state_version.sql}), read cheaply enough to
 * ask before every routing decision: {@code PRAGMA data_version} on a connection of its own says whether any
 * other connection committed since the last question (it reads SQLite's shared WAL index, no disk), and only
 * then is the counter's row read. Commits of call records and registrations move {@code data_version} too; they
 * cost one one-row read each time, not a reload.
 *
 * <p>Thread-safe: the questions are serialized on the one connection (a few microseconds each).
 */
final class SqliteChanges implements AutoCloseable {
    private final Connection connection;
    private final PreparedStatement dataVersion;
    private final PreparedStatement stateVersion;
    private long lastDataVersion = Long.MIN_VALUE;
    private long version;

    /** A connection of its own to {@code jdbcUrl} (a {@code jdbc:sqlite:} file migrated to version 2). */
    SqliteChanges(String jdbcUrl) {
        try {
            connection = DriverManager.getConnection(jdbcUrl);
            try (Statement statement = connection.createStatement()) {
                // Readers of a WAL database are not blocked by writers; never hold a routing decision long.
                statement.execute("PRAGMA busy_timeout = 100");
            }
            dataVersion = connection.prepareStatement("PRAGMA data_version");
            stateVersion = connection.prepareStatement("SELECT version FROM state_version WHERE id = 1");
        } catch (SQLException e) {
            throw new StateUnavailableException(jdbcUrl + " cannot be watched for changes: " + Jdbc.reason(e), e);
        }
    }

    /**
     * The settings and presence change counter now: equal to an earlier answer exactly when nothing changed in
     * between (a rolled-back change may move it without a difference, which only costs a reload).
     *
     * @throws StateUnavailableException when the file cannot be read
     */
    synchronized long version() {
        try {
            long data = single(dataVersion);
            if (data != lastDataVersion) {
                version = single(stateVersion);
                lastDataVersion = data;
            }
            return version;
        } catch (SQLException e) {
            lastDataVersion = Long.MIN_VALUE; // ask again next time
            throw new StateUnavailableException("the change counter cannot be read: " + Jdbc.reason(e), e);
        }
    }

    private static long single(PreparedStatement statement) throws SQLException {
        try (ResultSet row = statement.executeQuery()) {
            if (!row.next()) {
                throw new SQLException("no row");
            }
            return row.getLong(1);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // Closing: nothing left to release.
        }
    }
}
