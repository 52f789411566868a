package org.openipma.b2bua.sip.subscribe;

import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openipma.b2bua.sip.auth.AuthResult;
import org.openipma.b2bua.sip.auth.ChallengeKind;
import org.openipma.b2bua.sip.auth.DigestAuthenticator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Digest authentication of SUBSCRIBE and of the voicemail's NOTIFY, as for INVITE (RFC 3261 §22.3): no or
 * stale credentials get 407, wrong ones 403 with the reason. The call path's {@code DigestCallerAuthenticator}
 * applies the same {@link DigestAuthenticator}; its result type belongs to the call package.
 */
final class RequestAuthentication {
    private static final Logger log = LoggerFactory.getLogger(RequestAuthentication.class);

    private final DigestAuthenticator digest;

    RequestAuthentication(DigestAuthenticator digest) {
        this.digest = digest;
    }

    /** The authenticated digest user, or the refusal (407 challenge or 403) that ends the request. */
    Verdict<String> authenticate(Request request) {
        AuthResult result = digest.authenticate(request, ChallengeKind.PROXY_407);
        if (result instanceof AuthResult.Authenticated authenticated) {
            return Verdict.of(authenticated.user());
        }
        if (result instanceof AuthResult.Challenge challenge) {
            return Verdict.refuse(new Refusal(Response.PROXY_AUTHENTICATION_REQUIRED, "Proxy Authentication Required",
                    digest.challengeHeaders(challenge.kind(), challenge.stale())));
        }
        AuthResult.Rejected rejected = (AuthResult.Rejected) result;
        // The authenticator's security log has the line with the source address; this one is for debugging.
        log.debug("{} refused: user {}: {}", request.getMethod(), rejected.user(), rejected.reason());
        return Verdict.refuse(Refusal.of(Response.FORBIDDEN, "Forbidden (" + rejected.reason() + ")"));
    }
}
