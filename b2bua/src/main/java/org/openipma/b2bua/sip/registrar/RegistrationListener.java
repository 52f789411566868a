package org.openipma.b2bua.sip.registrar;

/**
 * Learns when a line gains its first live binding or loses its last one, whether by REGISTER or by
 * expiry. Called on the {@link BindingStore}'s single maintenance thread, in the order the changes
 * happened, never twice in a row with the same state for a line: it must not block.
 */
@FunctionalInterface
public interface RegistrationListener {
    /** {@code line} now has ({@code registered}) or no longer has a live registration. */
    void registrationChanged(PhoneLine line, boolean registered);
}
