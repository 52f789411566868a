package org.openipma.b2bua.sip.registrar;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;

/**
 * One contact registered for a line (RFC 3261 §10.3): where to reach it, until when, and the Call-ID and
 * CSeq of the REGISTER that last set it (to refuse out-of-order updates). Immutable.
 *
 * @param contactUri the Contact URI as the phone sent it, e.g. {@code sip:phone1@192.0.2.10:5060}
 * @param q the contact's preference, 0-1, when it gave one
 */
public record Binding(String contactUri, Instant expiresAt, OptionalDouble q, String callId, long cseq) {

    /** Whether the binding still holds at {@code now}. */
    public boolean isLiveAt(Instant now) {
        return expiresAt.isAfter(now);
    }

    /** Whole seconds left at {@code now}, rounded up (what a 200 OK reports), 0 once expired. */
    public long remainingSeconds(Instant now) {
        long millis = Duration.between(now, expiresAt).toMillis();
        return millis <= 0 ? 0 : (millis + 999) / 1000;
    }
}
