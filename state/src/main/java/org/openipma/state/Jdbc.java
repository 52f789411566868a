package org.openipma.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * Runs the stores' statements on the pool: a read on one connection, a write in one transaction committed
 * before returning. Every {@link SQLException} becomes a {@link StateUnavailableException} naming the database
 * and the reason, so callers handle one exception.
 */
final class Jdbc {
    /** Work on one connection. */
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource pool;
    private final String database;

    Jdbc(DataSource pool, String database) {
        this.pool = pool;
        this.database = database;
    }

    <T> T read(Work<T> work) {
        try (Connection connection = pool.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Runs {@code work} in one transaction; returns once it is committed, rolls it back on any failure. */
    <T> T transaction(Work<T> work) {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    void write(Work<?> work) {
        transaction(work);
    }

    private StateUnavailableException failure(SQLException e) {
        return new StateUnavailableException(database + ": " + reason(e), e);
    }

    private static void rollback(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * The most specific message in {@code e}'s causes: the pool's "connection is not available" wraps the
     * driver's "connection refused", which is what an operator needs to read.
     */
    static String reason(Throwable e) {
        String reason = e.getClass().getSimpleName();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                reason = t.getMessage();
            }
        }
        return reason.lines().findFirst().orElse(reason).strip();
    }

    static void setMillis(PreparedStatement statement, int index, Instant time) throws SQLException {
        if (time == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, time.toEpochMilli());
        }
    }

    static Instant getMillis(ResultSet row, String column) throws SQLException {
        long millis = row.getLong(column);
        return row.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}
