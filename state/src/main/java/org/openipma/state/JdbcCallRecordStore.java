package org.openipma.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link CallRecordStore} over tables {@code call_record} and {@code call_leg}. A batch is two batched INSERTs
 * in one transaction; a query selects the calls, newest first with a LIMIT, then their legs in one statement.
 */
final class JdbcCallRecordStore implements CallRecordStore {
    private static final String COLUMNS = "id, node, caller_dn, caller_name, dialled, reason, started_at,"
            + " answered_at, ended_at, end_cause";
    /** Ids per leg query: far below the engines' bound on parameters (SQLite 32766, PostgreSQL 65535). */
    private static final int LEG_QUERY_IDS = 500;

    private final Jdbc jdbc;

    JdbcCallRecordStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void appendAll(Collection<CallRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        jdbc.write(connection -> {
            try (PreparedStatement call = connection.prepareStatement("INSERT INTO call_record (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement leg = connection.prepareStatement("INSERT INTO call_leg"
                         + " (call_id, position, target_dn, reason, started_at) VALUES (?, ?, ?, ?, ?)")) {
                for (CallRecord record : records) {
                    call.setString(1, record.id());
                    call.setString(2, record.node());
                    call.setString(3, record.callerDn());
                    call.setString(4, record.callerName());
                    call.setString(5, record.dialled());
                    call.setString(6, record.reason());
                    Jdbc.setMillis(call, 7, record.startedAt());
                    Jdbc.setMillis(call, 8, record.answeredAt());
                    Jdbc.setMillis(call, 9, record.endedAt());
                    call.setString(10, record.endCause());
                    call.addBatch();
                    for (int i = 0; i < record.legs().size(); i++) {
                        CallRecord.Leg each = record.legs().get(i);
                        leg.setString(1, record.id());
                        leg.setInt(2, i);
                        leg.setString(3, each.targetDn());
                        leg.setString(4, each.reason());
                        Jdbc.setMillis(leg, 5, each.startedAt());
                        leg.addBatch();
                    }
                }
                call.executeBatch();
                return leg.executeBatch();
            }
        });
    }

    @Override
    public List<CallRecord> last(int limit) {
        return find(null, null, null, limit);
    }

    @Override
    public List<CallRecord> find(String dn, Instant from, Instant until, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: at least 1)");
        }
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> values = new ArrayList<>();
        if (dn != null) {
            where.append(" AND (caller_dn = ? OR dialled = ? OR id IN (SELECT call_id FROM call_leg"
                    + " WHERE target_dn = ?))");
            values.addAll(List.of(dn, dn, dn));
        }
        if (from != null) {
            where.append(" AND started_at >= ?");
            values.add(from.toEpochMilli());
        }
        if (until != null) {
            where.append(" AND started_at < ?");
            values.add(until.toEpochMilli());
        }
        values.add(limit);
        String sql = "SELECT " + COLUMNS + " FROM call_record" + where + " ORDER BY started_at DESC, id DESC LIMIT ?";
        return jdbc.read(connection -> {
            Map<String, CallRecord> calls = new LinkedHashMap<>();
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                for (int i = 0; i < values.size(); i++) {
                    select.setObject(i + 1, values.get(i));
                }
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        calls.put(row.getString("id"), call(row, List.of()));
                    }
                }
            }
            List<CallRecord> chronological = new ArrayList<>(withLegs(connection, calls).values());
            Collections.reverse(chronological);
            return chronological;
        });
    }

    private static Map<String, CallRecord> withLegs(Connection connection, Map<String, CallRecord> calls)
            throws SQLException {
        if (calls.isEmpty()) {
            return calls;
        }
        Map<String, List<CallRecord.Leg>> legs = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>(calls.keySet());
        for (int start = 0; start < ids.size(); start += LEG_QUERY_IDS) {
            List<String> chunk = ids.subList(start, Math.min(ids.size(), start + LEG_QUERY_IDS));
            String marks = String.join(", ", Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement select = connection.prepareStatement("SELECT call_id, target_dn, reason,"
                    + " started_at FROM call_leg WHERE call_id IN (" + marks + ") ORDER BY call_id, position")) {
                for (int i = 0; i < chunk.size(); i++) {
                    select.setString(i + 1, chunk.get(i));
                }
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        legs.computeIfAbsent(row.getString("call_id"), id -> new ArrayList<>()).add(
                                new CallRecord.Leg(row.getString("target_dn"), row.getString("reason"),
                                        Jdbc.getMillis(row, "started_at")));
                    }
                }
            }
        }
        Map<String, CallRecord> complete = new LinkedHashMap<>();
        calls.forEach((id, call) -> complete.put(id, new CallRecord(call.id(), call.node(), call.callerDn(),
                call.callerName(), call.dialled(), call.reason(), legs.getOrDefault(id, List.of()),
                call.startedAt(), call.answeredAt(), call.endedAt(), call.endCause())));
        return complete;
    }

    private static CallRecord call(ResultSet row, List<CallRecord.Leg> legs) throws SQLException {
        return new CallRecord(row.getString("id"), row.getString("node"), row.getString("caller_dn"),
                row.getString("caller_name"), row.getString("dialled"), row.getString("reason"), legs,
                Jdbc.getMillis(row, "started_at"), Jdbc.getMillis(row, "answered_at"),
                Jdbc.getMillis(row, "ended_at"), row.getString("end_cause"));
    }
}
