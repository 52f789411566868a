package org.openipma.state;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openipma.routing.IpmaConfig;
import org.openipma.routing.ManagerSettings;

/** {@link SettingsStore} over table {@code manager_settings}: one row per manager, lists one pattern per line. */
final class JdbcSettingsStore implements SettingsStore {
    private static final String COLUMNS = "manager, filter_enabled, filter_mode, inclusive, exclusive, divert_all,"
            + " divert_target, dnd, default_assistant, selected_assistant";

    private final Jdbc jdbc;
    private final Clock clock;

    JdbcSettingsStore(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public Optional<ManagerSettings> load(String manager) {
        return jdbc.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM manager_settings WHERE manager = ?")) {
                select.setString(1, manager);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(settings(row)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Map<String, ManagerSettings> loadAll() {
        return jdbc.read(connection -> {
            Map<String, ManagerSettings> all = new LinkedHashMap<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM manager_settings ORDER BY manager");
                 ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    all.put(row.getString("manager"), settings(row));
                }
            }
            return all;
        });
    }

    @Override
    public void save(String manager, ManagerSettings settings) {
        String inclusive = lines("inclusive", settings.inclusive());
        String exclusive = lines("exclusive", settings.exclusive());
        jdbc.write(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO manager_settings (" + COLUMNS
                    + ", updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (manager) DO UPDATE SET"
                    + " filter_enabled = excluded.filter_enabled, filter_mode = excluded.filter_mode,"
                    + " inclusive = excluded.inclusive, exclusive = excluded.exclusive,"
                    + " divert_all = excluded.divert_all, divert_target = excluded.divert_target,"
                    + " dnd = excluded.dnd, default_assistant = excluded.default_assistant,"
                    + " selected_assistant = excluded.selected_assistant, updated_at = excluded.updated_at")) {
                upsert.setString(1, manager);
                upsert.setBoolean(2, settings.filterEnabled());
                upsert.setString(3, settings.filterMode().name());
                upsert.setString(4, inclusive);
                upsert.setString(5, exclusive);
                upsert.setBoolean(6, settings.divertAll());
                upsert.setString(7, settings.divertTarget());
                upsert.setBoolean(8, settings.dnd());
                upsert.setString(9, settings.defaultAssistant());
                upsert.setString(10, settings.selectedAssistant());
                upsert.setLong(11, clock.millis());
                return upsert.executeUpdate();
            }
        });
    }

    @Override
    public void reset(String manager) {
        jdbc.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM manager_settings WHERE manager = ?")) {
                delete.setString(1, manager);
                return delete.executeUpdate();
            }
        });
    }

    private static ManagerSettings settings(ResultSet row) throws SQLException {
        return new ManagerSettings(row.getBoolean("filter_enabled"),
                IpmaConfig.FilterMode.valueOf(row.getString("filter_mode")), list(row.getString("inclusive")),
                list(row.getString("exclusive")), row.getBoolean("divert_all"), row.getString("divert_target"),
                row.getBoolean("dnd"), row.getString("default_assistant"), row.getString("selected_assistant"));
    }

    private static String lines(String name, List<String> patterns) {
        for (int i = 0; i < patterns.size(); i++) {
            String pattern = patterns.get(i);
            if (pattern.isEmpty() || pattern.indexOf('\n') >= 0 || pattern.indexOf('\r') >= 0) {
                throw new IllegalArgumentException(name + "[" + i + "]: '" + pattern.replace("\n", "\\n")
                        + "' (expected: a non-empty pattern without line breaks)");
            }
        }
        return String.join("\n", patterns);
    }

    private static List<String> list(String lines) {
        return lines.isEmpty() ? List.of() : Arrays.asList(lines.split("\n", -1));
    }
}
