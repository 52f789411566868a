package org.openipma.state;

import java.time.Instant;
import java.util.List;

/**
 * SIP bindings (REGISTER contacts) shared by the nodes, so a call arriving at any node rings every phone
 * registered at any node. A binding is identified by (user, DN, contact URI); expired bindings are ignored by
 * the queries and deleted by {@link #purgeExpired}.
 *
 * <p>Implementations are thread-safe. Every method may throw {@link StateUnavailableException}; writes return
 * once committed.
 */
public interface RegistrationStore {

    /** Adds or refreshes a binding (the previous one with the same user, DN and contact is replaced). */
    void put(Registration registration);

    /** Deletes a binding; none is no error. */
    void remove(String user, String dn, String contact);

    /** The bindings of {@code user}'s phone for line {@code dn} still live at {@code now}, by contact URI. */
    List<Registration> live(String user, String dn, Instant now);

    /** The bindings of every phone sharing line {@code dn}, live at {@code now}, by user then contact URI. */
    List<Registration> liveForLine(String dn, Instant now);

    /** Deletes the bindings expired at {@code now}; returns how many. */
    int purgeExpired(Instant now);

    /** The bindings mirrored by {@code node}, live at {@code now}: what a restarted node takes back. */
    List<Registration> liveOfNode(String node, Instant now);
}
