package org.openipma.state;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What one call did, written when it ends. Times are stored to the millisecond (and truncated to it here, so a
 * record read back equals the one appended).
 *
 * @param id unique across nodes, e.g. {@link #newId()}
 * @param node the name of the node that handled the call
 * @param callerName the caller's display name, or null
 * @param dialled the number the caller dialled
 * @param reason why the call went where it went, free text: the pattern and partition it matched, then the
 *     IPMA reason (filter, Divert All, availability, CFNA, ring-no-answer); "" when none
 * @param legs the destinations rung, in order (empty when the call was refused before ringing)
 * @param answeredAt null when never answered
 * @param endCause how it ended, free text ("caller hung up", "busy", "no route", ...)
 */
public record CallRecord(String id, String node, String callerDn, String callerName, String dialled, String reason,
                         List<Leg> legs, Instant startedAt, Instant answeredAt, Instant endedAt, String endCause) {

    /**
     * One destination rung.
     *
     * @param reason why it was rung ("assistant 2001 proxy line", "ring-no-answer: manager", ...)
     */
    public record Leg(String targetDn, String reason, Instant startedAt) {
        public Leg {
            Objects.requireNonNull(targetDn, "targetDn");
            Objects.requireNonNull(reason, "reason");
            startedAt = startedAt.truncatedTo(ChronoUnit.MILLIS);
        }
    }

    public CallRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(callerDn, "callerDn");
        Objects.requireNonNull(dialled, "dialled");
        Objects.requireNonNull(reason, "reason");
        legs = List.copyOf(legs);
        startedAt = startedAt.truncatedTo(ChronoUnit.MILLIS);
        answeredAt = answeredAt == null ? null : answeredAt.truncatedTo(ChronoUnit.MILLIS);
        endedAt = endedAt.truncatedTo(ChronoUnit.MILLIS);
        Objects.requireNonNull(endCause, "endCause");
    }

    /** A new random call id (a UUID): unique across nodes without coordination. */
    public static String newId() {
        return UUID.randomUUID().toString();
    }
}
