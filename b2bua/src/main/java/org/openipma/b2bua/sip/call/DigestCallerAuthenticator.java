package org.openipma.b2bua.sip.call;

import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openipma.b2bua.sip.auth.AuthResult;
import org.openipma.b2bua.sip.auth.DigestAuthenticator;
import org.openipma.b2bua.sip.auth.ChallengeKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Digest authentication of calls, as a proxy does it (RFC 3261 §22.3): no or stale credentials get 407 with
 * Proxy-Authenticate, wrong ones 403 with the reason; the same rules as the registrar's 401.
 */
public final class DigestCallerAuthenticator implements CallerAuthenticator {
    private static final Logger log = LoggerFactory.getLogger(DigestCallerAuthenticator.class);

    private final DigestAuthenticator authenticator;

    public DigestCallerAuthenticator(DigestAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public Outcome<String> authenticate(Request request) {
        AuthResult result = authenticator.authenticate(request, ChallengeKind.PROXY_407);
        if (result instanceof AuthResult.Authenticated authenticated) {
            return Outcome.of(authenticated.user());
        }
        if (result instanceof AuthResult.Challenge challenge) {
            log.debug("{} challenged: {}", request.getMethod(), challenge.reason());
            return Outcome.stop(new Answer(Response.PROXY_AUTHENTICATION_REQUIRED, "Proxy Authentication Required",
                    authenticator.challengeHeaders(challenge.kind(), challenge.stale())));
        }
        AuthResult.Rejected rejected = (AuthResult.Rejected) result;
        // The authenticator's security log has the line with the source address; this one is for debugging.
        log.debug("{} refused: user {}: {}", request.getMethod(), rejected.user(), rejected.reason());
        return Outcome.stop(Answer.of(Response.FORBIDDEN, "Forbidden (" + rejected.reason() + ")"));
    }
}
