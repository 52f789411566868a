package org.openipma.b2bua.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.openipma.b2bua.cli.CliRun.ipma;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openipma.state.CallRecord;
import org.openipma.state.StateDatabase;
import org.openipma.state.StorageConfig;

class CallsCommandTest {
    private static final Instant T0 = Instant.parse("2025-03-04T09:00:00Z");
    private static final CallRecord FILTERED = new CallRecord("call-1", "node-a", "1003", "Phone 3", "1001",
            "1001 in PT_MANAGER; filter: assistant", List.of(
                    new CallRecord.Leg("2001", "assistant proxy line", T0),
                    new CallRecord.Leg("1001", "ring-no-answer: manager", T0.plusSeconds(10))),
            T0, T0.plusMillis(12_500), T0.plusSeconds(40), "caller hung up");
    private static final CallRecord REFUSED = new CallRecord("call-2", "node-b", "1004", null, "1999",
            "no route", List.of(), T0.plusSeconds(60), null, T0.plusSeconds(60), "404 no route");

    @TempDir
    Path dir;

    @Test
    void lastCallsOneLineEachNewestLastWhileTheServerHasTheDatabaseOpen() {
        try (StateDatabase server = StateDatabase.open(StorageConfig.embedded(dir))) {
            server.callRecords().appendAll(List.of(FILTERED, REFUSED));
            CliRun run = ipma("calls", "--data-dir", dir.toString());
            assertEquals(0, run.exit(), run.err());
            assertEquals(List.of(
                    local(T0) + "  1003 \"Phone 3\" → 1001  answered after 12.5 s, 40 s, caller hung up"
                            + "  |  1001 in PT_MANAGER; filter: assistant"
                            + "  |  rang 2001 (assistant proxy line) +0 s, 1001 (ring-no-answer: manager) +10 s"
                            + "  |  node-a call-1",
                    local(T0.plusSeconds(60)) + "  1004 → 1999  not answered, 0 s, 404 no route  |  no route"
                            + "  |  node-b call-2"),
                    run.outLines());
            assertEquals("", run.err());
        }
    }

    @Test
    void lastNAndDnSelectTheCalls() {
        try (StateDatabase server = StateDatabase.open(StorageConfig.embedded(dir))) {
            server.callRecords().appendAll(List.of(FILTERED, REFUSED));
        }
        assertEquals(List.of("call-2"), ids(ipma("calls", "--data-dir", dir.toString(), "--last", "1")));
        assertEquals(List.of("call-1"), ids(ipma("calls", "--data-dir", dir.toString(), "--dn", "2001")));
        assertEquals(List.of("no calls recorded for 5555"),
                ipma("calls", "--data-dir", dir.toString(), "--dn", "5555").outLines());
    }

    @Test
    void jsonIsOneObjectPerCall() throws Exception {
        try (StateDatabase server = StateDatabase.open(StorageConfig.embedded(dir))) {
            server.callRecords().appendAll(List.of(FILTERED, REFUSED));
        }
        CliRun run = ipma("calls", "--data-dir", dir.toString(), "--json");
        assertEquals(0, run.exit(), run.err());
        assertEquals(2, run.outLines().size());
        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(run.outLines().get(0));
        assertEquals("call-1", first.get("id").asText());
        assertEquals("2025-03-04T09:00:12.500Z", first.get("answeredAt").asText());
        assertEquals("2001", first.at("/legs/0/targetDn").asText());
        assertEquals("ring-no-answer: manager", first.at("/legs/1/reason").asText());
        JsonNode second = json.readTree(run.outLines().get(1));
        assertEquals(true, second.get("answeredAt").isNull());
        assertEquals(true, second.get("callerName").isNull());
    }

    @Test
    void aMissingDatabaseIsOneLineAndExitCode2() {
        Path missing = dir.resolve("nowhere");
        CliRun run = ipma("calls", "--data-dir", missing.toString());
        assertEquals(2, run.exit());
        assertEquals(List.of("database jdbc:sqlite:" + missing.resolve("ipma.db")
                + " does not exist (is --data-dir the server's?)"), run.errLines());
        assertEquals("", run.out());
    }

    @Test
    void anUnreachableServerIsOneLineAndExitCode2() {
        CliRun run = ipma("calls", "--database-url", "jdbc:postgresql://127.0.0.1:1/ipma", "--database-user", "ipma");
        assertEquals(2, run.exit());
        assertEquals(List.of("database jdbc:postgresql://127.0.0.1:1/ipma (user ipma) is unreachable:"
                + " Connection refused"), run.errLines());
    }

    private static List<String> ids(CliRun run) {
        assertEquals(0, run.exit(), run.err());
        return run.outLines().stream().map(line -> line.substring(line.lastIndexOf(' ') + 1)).toList();
    }

    private static String local(Instant time) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").format(time.atZone(ZoneId.systemDefault()));
    }
}
