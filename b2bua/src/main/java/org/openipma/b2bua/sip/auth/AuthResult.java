package org.openipma.b2bua.sip.auth;

/** What {@link DigestAuthenticator#authenticate} concluded about a request. */
public sealed interface AuthResult {

    /** The request carries valid, fresh credentials of {@code user}. */
    record Authenticated(String user, DigestAlgorithm algorithm) implements AuthResult {
    }

    /**
     * Answer with a new challenge ({@link DigestAuthenticator#challengeResponse}): the request had no
     * credentials for our realm, or ({@code stale}) correct ones under a nonce that expired or was used up.
     *
     * @param reason why, for the log
     */
    record Challenge(ChallengeKind kind, boolean stale, String reason) implements AuthResult {
    }

    /**
     * Answer 403: the credentials are wrong or unusable. A new challenge would only invite the phone to send
     * the same wrong password again.
     *
     * @param user the claimed user name, or {@code null} if none was readable
     * @param reason fit for a reason phrase; the same text for an unknown user as for a wrong password, so
     *     it does not reveal which users exist
     */
    record Rejected(String user, String reason) implements AuthResult {
    }
}
