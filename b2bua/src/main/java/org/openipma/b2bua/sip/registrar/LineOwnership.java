package org.openipma.b2bua.sip.registrar;

/**
 * Which lines exist and which user may register them. Called on the SIP listener's threads: implementations
 * must be thread-safe and should not block.
 */
public interface LineOwnership {
    /**
     * Whether {@code dn} is a line of the configuration at all. Only the log tells: a phone gets the same 403
     * for a line that does not exist as for another user's.
     */
    boolean lineExists(String dn);

    /** Whether authenticated {@code user} may register line {@code dn} (otherwise: 403). */
    boolean owns(String user, String dn);
}
