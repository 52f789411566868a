package org.openipma.b2bua.sip.call;

import java.util.Optional;
import javax.sip.ServerTransaction;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openipma.b2bua.sip.Responses;
import org.openipma.b2bua.sip.auth.AuthResult;
import org.openipma.b2bua.sip.auth.ChallengeKind;
import org.openipma.b2bua.sip.auth.DigestAuthenticator;
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
    public Optional<String> authenticate(Request request, ServerTransaction transaction) {
        AuthResult result = authenticator.authenticate(request, ChallengeKind.PROXY_407);
        if (result instanceof AuthResult.Authenticated authenticated) {
            return Optional.of(authenticated.user());
        }
        Response response;
        if (result instanceof AuthResult.Challenge challenge) {
            response = authenticator.challengeResponse(request, challenge);
        } else {
            AuthResult.Rejected rejected = (AuthResult.Rejected) result;
            log.info("{} refused: user {}: {}", request.getMethod(), rejected.user(), rejected.reason());
            response = Responses.create(request, Response.FORBIDDEN, "Forbidden (" + rejected.reason() + ")");
        }
        try {
            transaction.sendResponse(response);
        } catch (Exception e) {
            log.warn("cannot answer {} with {}: {}", request.getMethod(), response.getStatusCode(), e.toString());
        }
        return Optional.empty();
    }
}
