package org.openipma.b2bua.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openipma.b2bua.sip.call.CallEvent;
import org.openipma.state.CallRecord;
import org.openipma.state.CallRecordWriter;
import org.openipma.state.StateDatabase;
import org.openipma.state.StorageConfig;

/**
 * A call's events become its record in the embedded database: every leg with who moved the call there and
 * when, the answer time and how it ended.
 */
class CallRecorderTest {
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    @TempDir
    Path dataDir;

    private static CallEvent event(CallEvent.Type type, String target, String reason, int second) {
        return new CallEvent(type, "7", "1003", "Phone 3", "1001", target, reason, T0.plusSeconds(second));
    }

    @Test
    void anInterceptedThenTransferredCallIsRecordedLegByLegWithWhoDidWhat() {
        try (StateDatabase database = StateDatabase.open(StorageConfig.embedded(dataDir))) {
            try (CallRecordWriter writer = new CallRecordWriter(database.callRecords())) {
                CallRecorder recorder = new CallRecorder(writer, "node-a");
                recorder.onCallEvent(event(CallEvent.Type.OFFERED, null, "inclusive filter; 1112 in PT_INTERNAL", 0));
                recorder.onCallEvent(event(CallEvent.Type.RINGING, "1112", "to assistant's proxy line", 0));
                recorder.onCallEvent(event(CallEvent.Type.DIVERTED, "1001", "intercepted by manager", 3));
                recorder.onCallEvent(event(CallEvent.Type.ANSWERED, "1001", "intercepted by manager", 5));
                recorder.onCallEvent(event(CallEvent.Type.TRANSFERRED, "8000", "transferred by 1001", 20));
                recorder.onCallEvent(event(CallEvent.Type.ENDED, "8000", "hung up by the caller", 60));
            }
            List<CallRecord> records = database.callRecords().last(10);

            assertEquals(1, records.size());
            CallRecord record = records.get(0);
            assertEquals("1003", record.callerDn());
            assertEquals("1001", record.dialled());
            assertEquals("node-a", record.node());
            assertEquals(List.of("1112 to assistant's proxy line", "1001 intercepted by manager",
                            "8000 transferred by 1001"),
                    record.legs().stream().map(leg -> leg.targetDn() + " " + leg.reason()).toList());
            assertEquals(T0.plusSeconds(3), record.legs().get(1).startedAt(), "when the manager intercepted");
            assertNotNull(record.answeredAt());
            assertEquals(T0.plusSeconds(60), record.endedAt());
            assertEquals("hung up by the caller", record.endCause());
        }
    }
}
