package org.openipma.b2bua.metrics;

/**
 * Why an authentication failed, in a few categories read from {@code DigestAuthenticator}'s wording (which
 * embeds what the peer sent, so it is never a label itself). {@code AuthFailureReasonTest} pins each wording.
 */
public enum AuthFailureReason {
    /** The digest response did not match: wrong password, or a user with no credentials. */
    WRONG_CREDENTIALS,
    /** Credentials with a field missing or unreadable (username, qop, nonce, a nonce count that is not one). */
    MALFORMED,
    /** An algorithm or qop the server does not offer. */
    UNSUPPORTED,
    /** The digest uri is not the Request-URI. */
    URI_MISMATCH,
    /** Anything else. */
    OTHER;

    /** The category of {@code reason}; null is {@link #OTHER}. */
    public static AuthFailureReason of(String reason) {
        if (reason == null) {
            return OTHER;
        }
        if (reason.startsWith("wrong user name or password")) {
            return WRONG_CREDENTIALS;
        }
        if (reason.contains("is not supported")) {
            return UNSUPPORTED;
        }
        if (reason.startsWith("digest uri ")) {
            return URI_MISMATCH;
        }
        // A stale or replayed nonce is challenged again, not a failure: it never reaches here.
        if (reason.startsWith("credentials without") || reason.startsWith("nc ")) {
            return MALFORMED;
        }
        return OTHER;
    }
}
