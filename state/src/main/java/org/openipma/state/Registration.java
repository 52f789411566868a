package org.openipma.state;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One SIP binding: the phone of {@code user} registered {@code contact} for line {@code dn} until
 * {@code expiresAt} (stored to the millisecond), through {@code node}.
 *
 * @param callId Call-ID of the REGISTER that made it
 * @param cseq CSeq number of that REGISTER (a retransmission or reordering carries a lower one)
 */
public record Registration(String user, String dn, String contact, Instant expiresAt, String callId, long cseq,
                           String node) {
    public Registration {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(dn, "dn");
        Objects.requireNonNull(contact, "contact");
        expiresAt = expiresAt.truncatedTo(ChronoUnit.MILLIS);
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(node, "node");
    }
}
