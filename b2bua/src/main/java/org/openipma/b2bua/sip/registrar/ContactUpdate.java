package org.openipma.b2bua.sip.registrar;

import java.util.OptionalDouble;

/**
 * One Contact of a REGISTER, with the interval the registrar granted.
 *
 * @param expiresSeconds granted interval; 0 removes the binding
 * @param q the contact's preference, 0-1, when it gave one
 */
public record ContactUpdate(String contactUri, int expiresSeconds, OptionalDouble q) {
    public ContactUpdate {
        if (expiresSeconds < 0) {
            throw new IllegalArgumentException("expiresSeconds: " + expiresSeconds + " (expected: 0 or more)");
        }
    }
}
