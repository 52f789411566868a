package org.openipma.b2bua.sip.auth;

import java.util.Optional;

/**
 * Where the {@link DigestAuthenticator} looks up a user's secret. Called once per authenticated request, on
 * the SIP listener's threads: implementations must be thread-safe and should not block.
 */
@FunctionalInterface
public interface CredentialStore {
    /** The credentials of {@code user} (as sent in the {@code username} parameter), or empty if unknown. */
    Optional<DigestCredentials> find(String user);
}
