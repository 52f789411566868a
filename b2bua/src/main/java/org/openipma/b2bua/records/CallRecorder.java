package org.openipma.b2bua.records;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.openipma.b2bua.sip.call.CallEvent;
import org.openipma.b2bua.sip.call.CallEventListener;
import org.openipma.state.CallRecord;
import org.openipma.state.CallRecordWriter;

/**
 * Turns each call's events into its call record: caller, dialled number, every leg rung with its routing
 * reason, start, answer and end times and how it ended. The record is queued on the {@link CallRecordWriter}
 * when the call ends; nothing here waits for the database (the writer batches and never blocks).
 *
 * <p>Events of one call arrive in order under that call's monitor; events of different calls concurrently.
 */
public final class CallRecorder implements CallEventListener {
    private final CallRecordWriter writer;
    private final String node;
    private final Map<String, Draft> drafts = new ConcurrentHashMap<>();

    /** @param node this node's name, stored on every record (several nodes share one database) */
    public CallRecorder(CallRecordWriter writer, String node) {
        this.writer = writer;
        this.node = node;
    }

    @Override
    public void onCallEvent(CallEvent event) {
        switch (event.type()) {
            case OFFERED -> drafts.put(event.callId(), new Draft(event));
            case RINGING, DIVERTED, TRANSFERRED -> draft(event).legs.add(
                    new CallRecord.Leg(event.target(), event.reason(), event.at()));
            case ANSWERED -> draft(event).answeredAt = event.at();
            case ENDED -> {
                Draft draft = drafts.remove(event.callId());
                if (draft != null) {
                    writer.offer(draft.record(node, event));
                }
            }
        }
    }

    /** The draft of a call whose OFFERED event was seen; a new one if it was not (cannot happen in order). */
    private Draft draft(CallEvent event) {
        return drafts.computeIfAbsent(event.callId(), id -> new Draft(event));
    }

    /** What is known of a call so far. Touched under the call's monitor only. */
    private static final class Draft {
        final CallEvent offered;
        final List<CallRecord.Leg> legs = new ArrayList<>();
        Instant answeredAt;

        Draft(CallEvent offered) {
            this.offered = offered;
        }

        CallRecord record(String node, CallEvent ended) {
            return new CallRecord(CallRecord.newId(), node, offered.caller(), offered.callerName(), offered.dialled(),
                    offered.reason() == null ? "" : offered.reason(), legs, offered.at(), answeredAt, ended.at(),
                    ended.reason());
        }
    }
}
