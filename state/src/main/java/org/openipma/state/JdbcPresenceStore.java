package org.openipma.state;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@link PresenceStore} over table {@code assistant_presence}. */
final class JdbcPresenceStore implements PresenceStore {
    private final Jdbc jdbc;
    private final Clock clock;

    JdbcPresenceStore(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public Optional<Boolean> loggedIn(String assistant, String manager) {
        return jdbc.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT logged_in FROM assistant_presence WHERE assistant = ? AND manager = ?")) {
                select.setString(1, assistant);
                select.setString(2, manager);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(row.getBoolean(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Map<Key, Boolean> loadAll() {
        return jdbc.read(connection -> {
            Map<Key, Boolean> all = new LinkedHashMap<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT assistant, manager, logged_in"
                    + " FROM assistant_presence ORDER BY assistant, manager");
                 ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    all.put(new Key(row.getString(1), row.getString(2)), row.getBoolean(3));
                }
            }
            return all;
        });
    }

    @Override
    public void setLoggedIn(String assistant, String manager, boolean loggedIn) {
        jdbc.write(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO assistant_presence"
                    + " (assistant, manager, logged_in, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT"
                    + " (assistant, manager) DO UPDATE SET logged_in = excluded.logged_in,"
                    + " updated_at = excluded.updated_at")) {
                upsert.setString(1, assistant);
                upsert.setString(2, manager);
                upsert.setBoolean(3, loggedIn);
                upsert.setLong(4, clock.millis());
                return upsert.executeUpdate();
            }
        });
    }

    @Override
    public void reset(String assistant, String manager) {
        jdbc.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM assistant_presence WHERE assistant = ? AND manager = ?")) {
                delete.setString(1, assistant);
                delete.setString(2, manager);
                return delete.executeUpdate();
            }
        });
    }
}
