package org.openipma.b2bua.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.openipma.state.CallRecord;
import org.openipma.state.StateDatabase;
import org.openipma.state.StateUnavailableException;
import org.openipma.state.StorageConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ipma calls}: the last call records, oldest first and newest last, read from the server's database
 * (the embedded one in {@code --data-dir}, or PostgreSQL by {@code --database-url}) — also while the server
 * runs. Never creates or migrates a database. Exit 0, or 2 with one line on stderr when the database cannot be
 * read.
 */
@Command(name = "calls", mixinStandardHelpOptions = true,
        description = {"Print the last call records, newest last: when, who called what, who rang, how it ended.",
            "Reads the server's database, also while it runs.",
            "Exit status: 0 success, 2 database missing or unreachable."})
final class CallsCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data",
            description = "Data directory of the embedded database (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--database-url", paramLabel = "URL",
            description = "PostgreSQL database shared by the nodes, jdbc:postgresql://host[:port]/database;"
                    + " replaces --data-dir.")
    String databaseUrl;

    @Option(names = "--database-user", paramLabel = "USER", description = "PostgreSQL user.")
    String databaseUser;

    @Option(names = "--database-password-env", paramLabel = "VAR", defaultValue = "IPMA_DATABASE_PASSWORD",
            description = "Environment variable holding the PostgreSQL password (default: ${DEFAULT-VALUE});"
                    + " never on the command line, where ps shows it.")
    String passwordVariable;

    @Option(names = "--last", paramLabel = "N", defaultValue = "20",
            description = "How many calls (default: ${DEFAULT-VALUE}).")
    int last;

    @Option(names = "--dn", paramLabel = "DN", description = "Only calls from, to or ringing this number.")
    String dn;

    @Option(names = "--json", description = "One JSON object per call and per line.")
    boolean json;

    @Spec
    CommandSpec spec;

    /** A call as JSON: times as ISO-8601 instants (UTC). */
    record CallJson(String id, String node, String callerDn, String callerName, String dialled, String reason,
                    List<LegJson> legs, String startedAt, String answeredAt, String endedAt, String endCause) {
        static CallJson of(CallRecord call) {
            return new CallJson(call.id(), call.node(), call.callerDn(), call.callerName(), call.dialled(),
                    call.reason(), call.legs().stream().map(LegJson::of).toList(), iso(call.startedAt()),
                    iso(call.answeredAt()), iso(call.endedAt()), call.endCause());
        }
    }

    /** A leg as JSON. */
    record LegJson(String targetDn, String reason, String startedAt) {
        static LegJson of(CallRecord.Leg leg) {
            return new LegJson(leg.targetDn(), leg.reason(), iso(leg.startedAt()));
        }
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (last < 1) {
            err.println("--last: " + last + " (expected: at least 1)");
            return ConfigCommand.EXIT_INVALID;
        }
        List<CallRecord> calls;
        try (StateDatabase database = StateDatabase.openExisting(storage())) {
            calls = database.callRecords().find(dn, null, null, last);
        } catch (StateUnavailableException | IllegalArgumentException e) {
            err.println(e.getMessage());
            return ConfigCommand.EXIT_INVALID;
        }
        PrintWriter out = spec.commandLine().getOut();
        for (CallRecord call : calls) {
            out.println(json ? toJson(call) : line(call, ZoneId.systemDefault()));
        }
        if (calls.isEmpty() && !json) {
            out.println("no calls recorded" + (dn == null ? "" : " for " + dn));
        }
        return ConfigCommand.EXIT_OK;
    }

    private StorageConfig storage() {
        if (databaseUrl == null) {
            return StorageConfig.embedded(dataDir);
        }
        return StorageConfig.postgresql(databaseUrl, databaseUser, System.getenv(passwordVariable));
    }

    /**
     * One call for a PBX administrator, in local time: {@code 2025-03-04 10:00:00  1003 "Alice" → 1001  answered
     * after 12 s, 40 s, caller hung up  |  1001 in PT_MANAGER; filter  |  rang 2001 (assistant) +0 s  |  node-a id}.
     */
    static String line(CallRecord call, ZoneId zone) {
        StringBuilder line = new StringBuilder(DAY_TIME.format(call.startedAt().atZone(zone)));
        line.append("  ").append(call.callerDn());
        if (call.callerName() != null && !call.callerName().isEmpty()) {
            line.append(" \"").append(call.callerName()).append('"');
        }
        line.append(" → ").append(call.dialled()).append("  ");
        line.append(call.answeredAt() == null ? "not answered"
                : "answered after " + seconds(call.startedAt(), call.answeredAt()));
        line.append(", ").append(seconds(call.startedAt(), call.endedAt())).append(", ").append(call.endCause());
        if (!call.reason().isEmpty()) {
            line.append("  |  ").append(call.reason());
        }
        if (!call.legs().isEmpty()) {
            line.append("  |  rang ").append(call.legs().stream()
                    .map(leg -> leg.targetDn() + " (" + leg.reason() + ") +" + seconds(call.startedAt(),
                            leg.startedAt()))
                    .collect(Collectors.joining(", ")));
        }
        return line.append("  |  ").append(call.node()).append(' ').append(call.id()).toString();
    }

    private static String seconds(Instant from, Instant to) {
        long millis = Duration.between(from, to).toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static String toJson(CallRecord call) {
        try {
            return JSON.writeValueAsString(CallJson.of(call));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write call " + call.id() + " as JSON", e);
        }
    }

    private static String iso(Instant time) {
        return time == null ? null : time.toString();
    }
}
