package org.openipma.b2bua.sip.testing;

import java.text.ParseException;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import org.openipma.b2bua.sip.SipFactories;
import org.openipma.b2bua.sip.auth.ChallengeKind;
import org.openipma.b2bua.sip.auth.DigestAlgorithm;

/**
 * The client side of digest authentication, as a phone computes it: answers a challenge for a request.
 * The hashing itself is {@link DigestAlgorithm}'s, which {@code DigestAlgorithmTest} checks against the
 * RFC 7616 and RFC 2617 examples, so client and server cannot agree on a wrong formula.
 */
public final class DigestClient {
    private DigestClient() {
    }

    /** A challenge as a phone remembers it: enough to sign requests until the nonce goes stale. */
    public record Challenge(String realm, String nonce, DigestAlgorithm algorithm, boolean stale) {
        /** Reads one WWW-Authenticate or Proxy-Authenticate header. */
        public static Challenge of(WWWAuthenticateHeader header) {
            DigestAlgorithm algorithm = DigestAlgorithm.fromToken(header.getAlgorithm()).orElseThrow();
            return new Challenge(header.getRealm(), header.getNonce(), algorithm, header.isStale());
        }
    }

    /**
     * The Authorization (or Proxy-Authorization) header answering {@code challenge} for {@code request},
     * with nonce count {@code nc}.
     */
    public static AuthorizationHeader sign(Request request, ChallengeKind kind, Challenge challenge, String user,
                                           String password, long nc) {
        String count = String.format(Locale.ROOT, "%08x", nc);
        String cnonce = Long.toHexString(ThreadLocalRandom.current().nextLong());
        String uri = request.getRequestURI().toString();
        DigestAlgorithm algorithm = challenge.algorithm();
        String response = algorithm.response(algorithm.ha1(user, challenge.realm(), password), challenge.nonce(),
                count, cnonce, "auth", request.getMethod(), uri);
        HeaderFactory headers = SipFactories.headers();
        try {
            AuthorizationHeader header = kind == ChallengeKind.USER_AGENT_401
                    ? headers.createAuthorizationHeader("Digest")
                    : headers.createProxyAuthorizationHeader("Digest");
            header.setUsername(user);
            header.setRealm(challenge.realm());
            header.setNonce(challenge.nonce());
            header.setURI(request.getRequestURI());
            header.setResponse(response);
            header.setAlgorithm(algorithm.token());
            header.setQop("auth");
            header.setCNonce(cnonce);
            header.setNonceCount((int) nc);
            return header;
        } catch (ParseException e) {
            throw new IllegalStateException("cannot build credentials: " + e.getMessage(), e);
        }
    }
}
