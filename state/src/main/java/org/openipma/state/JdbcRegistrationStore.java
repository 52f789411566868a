package org.openipma.state;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@link RegistrationStore} over table {@code sip_binding}. */
final class JdbcRegistrationStore implements RegistrationStore {
    private static final String COLUMNS = "user_name, dn, contact, expires_at, call_id, cseq, node";

    private final Jdbc jdbc;

    JdbcRegistrationStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void put(Registration registration) {
        jdbc.write(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO sip_binding (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_name, dn, contact) DO UPDATE SET"
                    + " expires_at = excluded.expires_at, call_id = excluded.call_id, cseq = excluded.cseq,"
                    + " node = excluded.node")) {
                upsert.setString(1, registration.user());
                upsert.setString(2, registration.dn());
                upsert.setString(3, registration.contact());
                upsert.setLong(4, registration.expiresAt().toEpochMilli());
                upsert.setString(5, registration.callId());
                upsert.setLong(6, registration.cseq());
                upsert.setString(7, registration.node());
                return upsert.executeUpdate();
            }
        });
    }

    @Override
    public void remove(String user, String dn, String contact) {
        jdbc.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM sip_binding WHERE user_name = ? AND dn = ? AND contact = ?")) {
                delete.setString(1, user);
                delete.setString(2, dn);
                delete.setString(3, contact);
                return delete.executeUpdate();
            }
        });
    }

    @Override
    public List<Registration> live(String user, String dn, Instant now) {
        return select("user_name = ? AND dn = ?", now, user, dn);
    }

    @Override
    public List<Registration> liveForLine(String dn, Instant now) {
        return select("dn = ?", now, dn);
    }

    @Override
    public List<Registration> liveOfNode(String node, Instant now) {
        return select("node = ?", now, node);
    }

    private List<Registration> select(String where, Instant now, String... values) {
        return jdbc.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM sip_binding"
                    + " WHERE " + where + " AND expires_at > ? ORDER BY user_name, contact")) {
                for (int i = 0; i < values.length; i++) {
                    select.setString(i + 1, values[i]);
                }
                select.setLong(values.length + 1, now.toEpochMilli());
                try (ResultSet row = select.executeQuery()) {
                    List<Registration> live = new ArrayList<>();
                    while (row.next()) {
                        live.add(registration(row));
                    }
                    return live;
                }
            }
        });
    }

    @Override
    public int purgeExpired(Instant now) {
        return jdbc.transaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM sip_binding WHERE expires_at <= ?")) {
                delete.setLong(1, now.toEpochMilli());
                return delete.executeUpdate();
            }
        });
    }

    private static Registration registration(ResultSet row) throws SQLException {
        return new Registration(row.getString("user_name"), row.getString("dn"), row.getString("contact"),
                Instant.ofEpochMilli(row.getLong("expires_at")), row.getString("call_id"), row.getLong("cseq"),
                row.getString("node"));
    }
}
