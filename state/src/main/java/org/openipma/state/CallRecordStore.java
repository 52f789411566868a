package org.openipma.state;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The call records of every node. Appends are synchronous and commit before returning; the SIP threads go
 * through a {@link CallRecordWriter}, which batches them off the call path.
 *
 * <p>Implementations are thread-safe. Every method may throw {@link StateUnavailableException}. Queries return
 * records in chronological order (by start time, newest last).
 */
public interface CallRecordStore {

    /** Stores one record; committed on return. A record whose id is already stored is an error. */
    default void append(CallRecord record) {
        appendAll(List.of(record));
    }

    /** Stores several records in one transaction: all or none are committed. */
    void appendAll(Collection<CallRecord> records);

    /** The {@code limit} most recent calls (by start time), newest last. */
    List<CallRecord> last(int limit);

    /**
     * The most recent calls, at most {@code limit}, newest last, started in [{@code from}, {@code until}) and,
     * when {@code dn} is not null, with {@code dn} as the caller, the dialled number or a leg's target.
     *
     * @param from inclusive; null = no lower bound
     * @param until exclusive; null = no upper bound
     */
    List<CallRecord> find(String dn, Instant from, Instant until, int limit);
}
