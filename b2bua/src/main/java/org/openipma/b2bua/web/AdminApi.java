package org.openipma.b2bua.web;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openipma.b2bua.cli.Analysis;
import org.openipma.routing.Cluster;
import org.openipma.routing.IpmaConfig;
import org.openipma.routing.LineAppearance;
import org.openipma.routing.Lint;
import org.openipma.state.CallRecord;
import org.openipma.state.Registration;

/**
 * Administration and history: message waiting, registrations, call records, the Dialed Number Analyzer, lint and
 * health. The analyzer and lint answer exactly what {@code ipma analyze --json} and {@code ipma lint} compute
 * ({@link Analysis}, {@link Lint}); nothing here decides anything of its own.
 */
final class AdminApi {
    static final int DEFAULT_RECORDS = 100;
    static final int MAX_RECORDS = 1000;
    private static final String DIGITS = "[0-9*#+]{1,32}";

    private final WebContext context;

    AdminApi(WebContext context) {
        this.context = context;
    }

    ApiResponse messageWaiting(ApiRequest request) {
        request.principal().requireAdmin();
        String dn = request.pathParameter(0);
        boolean on = Json.bool(request.json(), "on");
        Optional<String> refused = context.lamps().set(dn, on);
        if (refused.isPresent()) {
            throw ApiException.badInput("dn", dn, "is not reached as a line through the MWI calling search space ("
                    + refused.get() + ")");
        }
        return ApiResponse.ok(Json.object("dn", dn, "on", on));
    }

    ApiResponse registrations(ApiRequest request) {
        request.principal().requireAdmin();
        Cluster cluster = context.snapshots().get();
        Instant now = Instant.now();
        List<Object> registrations = new ArrayList<>();
        for (IpmaConfig.Phone phone : cluster.config().phones()) {
            for (IpmaConfig.Line line : phone.lines()) {
                for (Registration registration : context.registrations().live(phone.user(), line.dn(), now)) {
                    registrations.add(Json.object("user", registration.user(), "line", registration.dn(),
                            "contact", registration.contact(),
                            "expiresInSeconds", Math.max(0, Duration.between(now, registration.expiresAt()).toSeconds()),
                            "node", registration.node()));
                }
            }
        }
        return ApiResponse.ok(registrations);
    }

    ApiResponse records(ApiRequest request) {
        Principal principal = request.principal();
        Cluster cluster = context.snapshots().get();
        Instant since = instant(request, "since");
        Instant until = instant(request, "until");
        int limit = limit(request);
        String user = request.query("user");
        List<String> lines = new ArrayList<>();
        if (user != null) {
            IpmaConfig.Manager manager = ManagerApi.manager(cluster, user);
            if (!principal.isAdmin() && (manager == null || !principal.sees(user))) {
                throw ApiException.forbidden(principal.user() + " may not see the records of " + user);
            }
            IpmaConfig.Phone phone = cluster.phone(user).orElseThrow(() -> ApiException.badInput("user", user,
                    "is not a phone user of the configuration"));
            phone.lines().forEach(line -> lines.add(line.dn()));
        } else if (!principal.isAdmin()) {
            for (String manager : principal.managers()) {
                lines.addAll(ManagerApi.manager(cluster, manager).lines());
            }
        }
        Map<String, CallRecord> found = new LinkedHashMap<>();
        if (user == null && principal.isAdmin()) {
            context.records().find(null, since, until, limit).forEach(r -> found.put(r.id(), r));
        } else {
            for (String dn : lines) {
                context.records().find(dn, since, until, limit).forEach(r -> found.put(r.id(), r));
            }
        }
        return ApiResponse.ok(found.values().stream()
                .sorted(Comparator.comparing(CallRecord::startedAt).reversed())
                .limit(limit).map(AdminApi::record).toList());
    }

    private static Map<String, Object> record(CallRecord record) {
        return Json.object("id", record.id(), "node", record.node(), "caller", record.callerDn(),
                "callerName", record.callerName(), "dialled", record.dialled(), "reason", record.reason(),
                "legs", record.legs().stream().map(leg -> Json.object("target", leg.targetDn(), "reason", leg.reason(),
                        "startedAt", leg.startedAt().toString())).toList(),
                "startedAt", record.startedAt().toString(),
                "answeredAt", record.answeredAt() == null ? null : record.answeredAt().toString(),
                "endedAt", record.endedAt().toString(), "endCause", record.endCause());
    }

    private static Instant instant(ApiRequest request, String name) {
        String text = request.query(name);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.badInput(name, text, "is not an instant like 2026-11-26T00:00:00Z");
        }
    }

    private static int limit(ApiRequest request) {
        String text = request.query("limit");
        if (text == null) {
            return DEFAULT_RECORDS;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_RECORDS) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // Answered below, with the rule.
        }
        throw ApiException.badInput("limit", text, "is not a number from 1 to " + MAX_RECORDS);
    }

    ApiResponse analyze(ApiRequest request) {
        request.principal().requireAdmin();
        Cluster cluster = context.snapshots().get();
        String from = request.query("from");
        String digits = request.query("digits");
        if (from == null) {
            throw ApiException.badInput("from", null, "is required (a line: DN or DN/PARTITION)");
        }
        if (digits == null || !digits.matches(DIGITS)) {
            throw ApiException.badInput("digits", digits, "is not 1-32 of 0-9 * # +");
        }
        int slash = from.lastIndexOf('/');
        String dn = slash < 0 ? from : from.substring(0, slash);
        String partition = slash < 0 ? null : from.substring(slash + 1);
        List<LineAppearance> lines = cluster.appearances(dn).stream()
                .filter(line -> partition == null || line.line().partition().equals(partition)).toList();
        if (lines.isEmpty()) {
            throw ApiException.badInput("from", from, "is not a phone line of the configuration");
        }
        return ApiResponse.ok(Analysis.of(lines.get(0), digits, cluster));
    }

    ApiResponse lint(ApiRequest request) {
        request.principal().requireAdmin();
        return ApiResponse.ok(Lint.check(context.snapshots().get()));
    }

    ApiResponse health(ApiRequest request) {
        boolean sip = context.sipListening().getAsBoolean();
        Optional<String> outage = context.live().outage();
        Map<String, Object> body = Json.object("sip", sip ? "listening" : "stopped",
                "database", outage.isEmpty() ? "reachable" : "unreachable");
        outage.ifPresent(reason -> body.put("databaseError", reason));
        return new ApiResponse(sip && outage.isEmpty() ? 200 : 503, body, Map.of());
    }
}
