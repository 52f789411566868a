package org.openipma.b2bua.sip.registrar;

import java.util.Objects;

/**
 * One line as a phone registers it: the phone's digest user and the line's directory number. The address of
 * record is {@code sip:<dn>@<domain>}, but bindings are kept per phone as well, because a DN may appear on
 * several phones (a shared line), in different partitions on each: only the appearances the caller's CSS
 * reached may ring.
 *
 * @param user the digest user of the phone that registered, e.g. {@code manager}
 * @param dn the line's directory number, e.g. {@code 1001}
 */
public record PhoneLine(String user, String dn) {
    public PhoneLine {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(dn, "dn");
    }

    /** {@code 1001 (manager)}, for logs. */
    @Override
    public String toString() {
        return dn + " (" + user + ")";
    }
}
