package org.openipma.b2bua.registrar;

import java.util.Optional;
import javax.sip.ServerTransaction;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openipma.b2bua.sip.SipContext;
import org.openipma.b2bua.sip.call.CallerAuthenticator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Digest authentication of calls: 407 with Proxy-Authenticate, 403 for wrong credentials. */
public final class DigestCallerAuthenticator implements CallerAuthenticator {
    private static final Logger log = LoggerFactory.getLogger(DigestCallerAuthenticator.class);

    private final SipContext sip;
    private final DigestAuthenticator authenticator;

    public DigestCallerAuthenticator(SipContext sip, DigestAuthenticator authenticator) {
        this.sip = sip;
        this.authenticator = authenticator;
    }

    @Override
    public Optional<String> authenticate(Request request, ServerTransaction transaction) {
        DigestAuthenticator.Outcome outcome = authenticator.check(request, true);
        try {
            switch (outcome.verdict()) {
                case AUTHENTICATED:
                    return Optional.of(outcome.user());
                case FORBIDDEN:
                    log.info("{} refused: wrong credentials for user {}", request.getMethod(), outcome.user());
                    Response forbidden = sip.messages().createResponse(Response.FORBIDDEN, request);
                    forbidden.setReasonPhrase("Forbidden (wrong credentials)");
                    transaction.sendResponse(forbidden);
                    return Optional.empty();
                default:
                    Response challenge = sip.messages().createResponse(Response.PROXY_AUTHENTICATION_REQUIRED, request);
                    authenticator.challenge(challenge, sip.headers(), outcome.verdict() == DigestAuthenticator.Verdict.STALE);
                    transaction.sendResponse(challenge);
                    return Optional.empty();
            }
        } catch (Exception e) {
            log.warn("could not answer {} authentication: {}", request.getMethod(), e.toString());
            return Optional.empty();
        }
    }
}
