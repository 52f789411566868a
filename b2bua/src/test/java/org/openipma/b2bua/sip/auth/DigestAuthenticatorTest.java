package org.openipma.b2bua.sip.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.openipma.b2bua.sip.SipFactories;
import org.openipma.b2bua.sip.auth.AuthResult.Authenticated;
import org.openipma.b2bua.sip.auth.AuthResult.Challenge;
import org.openipma.b2bua.sip.auth.AuthResult.Rejected;
import org.openipma.b2bua.sip.testing.DigestClient;
import org.openipma.b2bua.sip.testing.MutableClock;

/** The authenticator on parsed requests, without a network: every verdict and the challenges it builds. */
class DigestAuthenticatorTest {
    private static final String REALM = "127.0.0.1";
    private static final String REQUEST_URI = "sip:127.0.0.1:5060";

    private final MutableClock clock = new MutableClock();
    private final DigestAuthenticator authenticator = authenticator(DigestAuthenticator.DEFAULT_ALGORITHMS);

    private DigestAuthenticator authenticator(List<DigestAlgorithm> algorithms) {
        return new DigestAuthenticator(REALM, DigestAuthenticatorTest::find, Duration.ofSeconds(300), algorithms, clock);
    }

    private static Optional<DigestCredentials> find(String user) {
        return Optional.ofNullable(Map.of(
                "phone1", DigestCredentials.ofPassword("phone1", "secret-1"),
                "phone2", DigestCredentials.ofHa1("phone2", REALM,
                        Map.of(DigestAlgorithm.MD5, DigestAlgorithm.MD5.ha1("phone2", REALM, "secret-2"))),
                "phone9", DigestCredentials.ofHa1("phone9", "elsewhere",
                        Map.of(DigestAlgorithm.MD5, DigestAlgorithm.MD5.ha1("phone9", "elsewhere", "secret-9")))
        ).get(user));
    }

    private static Request request(String method, String requestUri) {
        String text = method + " " + requestUri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-test\r\n"
                + "From: <sip:1001@127.0.0.1>;tag=a1\r\n"
                + "To: <sip:1002@127.0.0.1>\r\n"
                + "Call-ID: test-call@127.0.0.1\r\n"
                + "CSeq: 1 " + method + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "Content-Length: 0\r\n\r\n";
        try {
            return SipFactories.messages().createRequest(text);
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Request request(String method) {
        return request(method, REQUEST_URI);
    }

    /** The challenge headers of the response to an unauthenticated {@code method}. */
    private List<WWWAuthenticateHeader> challenges(DigestAuthenticator authenticator, String method) {
        Request request = request(method);
        Response response = authenticator.challengeResponse(request, (Challenge) authenticator.authenticate(request));
        List<WWWAuthenticateHeader> headers = new ArrayList<>();
        String name = response.getStatusCode() == 401 ? WWWAuthenticateHeader.NAME : ProxyAuthenticateHeader.NAME;
        for (ListIterator<?> it = response.getHeaders(name); it.hasNext(); ) {
            headers.add((WWWAuthenticateHeader) it.next());
        }
        return headers;
    }

    private DigestClient.Challenge challenge(String method, DigestAlgorithm algorithm) {
        return challenges(authenticator, method).stream().map(DigestClient.Challenge::of)
                .filter(c -> c.algorithm() == algorithm).findFirst().orElseThrow();
    }

    /** {@code request} signed by {@code user} for a fresh challenge of {@code method}. */
    private Request signed(Request request, String user, String password, DigestAlgorithm algorithm) {
        DigestClient.Challenge challenge = challenge(request.getMethod(), algorithm);
        ChallengeKind kind = ChallengeKind.forMethod(request.getMethod());
        request.addHeader(DigestClient.sign(request, kind, challenge, user, password, 1));
        return request;
    }

    private Request signed(String method, String user, String password, DigestAlgorithm algorithm) {
        return signed(request(method), user, password, algorithm);
    }

    private static Request withCredentials(String header) {
        Request request = request("REGISTER");
        try {
            request.addHeader(SipFactories.headers().createHeader(AuthorizationHeader.NAME, header));
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
        return request;
    }

    @Test
    void aRequestWithoutCredentialsIsChallengedNotStale() {
        assertEquals(new Challenge(ChallengeKind.USER_AGENT_401, false, "no credentials for realm 127.0.0.1"),
                authenticator.authenticate(request("REGISTER")));
    }

    @Test
    void aRegisterChallengeIs401OfferingSha256ThenMd5UnderOneNonce() {
        Request request = request("REGISTER");
        Response response = authenticator.challengeResponse(request, (Challenge) authenticator.authenticate(request));

        assertEquals(401, response.getStatusCode());
        assertTrue(((ToHeader) response.getHeader(ToHeader.NAME)).getTag() != null, "a To tag");
        List<WWWAuthenticateHeader> headers = challenges(authenticator, "REGISTER");
        assertEquals(List.of("SHA-256", "MD5"), headers.stream().map(WWWAuthenticateHeader::getAlgorithm).toList());
        assertEquals(List.of("auth", "auth"), headers.stream().map(WWWAuthenticateHeader::getQop).toList());
        assertEquals(headers.get(0).getNonce(), headers.get(1).getNonce());
    }

    @Test
    void anInviteChallengeIs407WithProxyAuthenticate() {
        Request invite = request("INVITE");
        AuthResult result = authenticator.authenticate(invite);

        assertEquals(ChallengeKind.PROXY_407, ((Challenge) result).kind());
        Response response = authenticator.challengeResponse(invite, (Challenge) result);
        assertEquals(407, response.getStatusCode());
        assertEquals(2, challenges(authenticator, "INVITE").size());
        assertEquals(null, response.getHeader(WWWAuthenticateHeader.NAME));
    }

    @Test
    void anAuthenticatorOfferingOnlyMd5OffersOnlyMd5() {
        assertEquals(List.of("MD5"), challenges(authenticator(List.of(DigestAlgorithm.MD5)), "REGISTER").stream()
                .map(WWWAuthenticateHeader::getAlgorithm).toList());
    }

    /** REGISTER answers in Authorization, INVITE in Proxy-Authorization; each with either algorithm. */
    static Stream<Arguments> methodsAndAlgorithms() {
        return Stream.of("REGISTER", "INVITE").flatMap(method ->
                Stream.of(DigestAlgorithm.values()).map(algorithm -> Arguments.of(method, algorithm)));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("methodsAndAlgorithms")
    void correctCredentialsAuthenticate(String method, DigestAlgorithm algorithm) {
        assertEquals(new Authenticated("phone1", algorithm),
                authenticator.authenticate(signed(method, "phone1", "secret-1", algorithm)));
    }

    @Test
    void anInviteWithAuthorizationInsteadOfProxyAuthorizationIsChallenged() {
        Request invite = request("INVITE");
        invite.addHeader(DigestClient.sign(invite, ChallengeKind.USER_AGENT_401,
                challenge("REGISTER", DigestAlgorithm.MD5), "phone1", "secret-1", 1));

        assertEquals(new Challenge(ChallengeKind.PROXY_407, false, "no credentials for realm 127.0.0.1"),
                authenticator.authenticate(invite));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "a wrong password,                          phone1, secret-2, SHA_256",
        "an unknown user,                           nobody, secret-1, SHA_256",
        "an algorithm the stored HA1 does not have, phone2, secret-2, SHA_256",
        "HA1 stored for another realm,              phone9, secret-9, MD5"})
    void credentialsThatCannotMatchAreRejectedWithOneReasonForAll(String why, String user, String password,
                                                                  DigestAlgorithm algorithm) {
        assertEquals(new Rejected(user, "wrong user name or password"),
                authenticator.authenticate(signed("REGISTER", user, password, algorithm)));
    }

    @Test
    void precomputedHa1Authenticates() {
        assertEquals(new Authenticated("phone2", DigestAlgorithm.MD5),
                authenticator.authenticate(signed("REGISTER", "phone2", "secret-2", DigestAlgorithm.MD5)));
    }

    @Test
    void aResponseInUppercaseHexIsAccepted() throws ParseException {
        Request request = signed("REGISTER", "phone1", "secret-1", DigestAlgorithm.MD5);
        AuthorizationHeader header = (AuthorizationHeader) request.getHeader(AuthorizationHeader.NAME);
        header.setResponse(header.getResponse().toUpperCase());

        assertEquals(new Authenticated("phone1", DigestAlgorithm.MD5), authenticator.authenticate(request));
    }

    @Test
    void anExpiredNonceWithACorrectResponseIsChallengedAsStale() {
        Request request = signed("REGISTER", "phone1", "secret-1", DigestAlgorithm.SHA_256);
        clock.advance(Duration.ofSeconds(301));

        assertEquals(new Challenge(ChallengeKind.USER_AGENT_401, true, "nonce expired"),
                authenticator.authenticate(request));
    }

    @Test
    void anExpiredNonceWithAWrongResponseIsRejectedNotStale() {
        Request request = signed("REGISTER", "phone1", "wrong", DigestAlgorithm.SHA_256);
        clock.advance(Duration.ofSeconds(301));

        assertEquals(new Rejected("phone1", "wrong user name or password"), authenticator.authenticate(request));
    }

    @Test
    void aNonceIssuedBeforeARestartIsChallengedAsStale() {
        DigestAuthenticator beforeRestart = authenticator(DigestAuthenticator.DEFAULT_ALGORITHMS);
        DigestClient.Challenge old = DigestClient.Challenge.of(challenges(beforeRestart, "REGISTER").get(0));
        Request request = request("REGISTER");
        request.addHeader(DigestClient.sign(request, ChallengeKind.USER_AGENT_401, old, "phone1", "secret-1", 1));

        assertEquals(new Challenge(ChallengeKind.USER_AGENT_401, true, "nonce not issued by this process"),
                authenticator.authenticate(request));
    }

    @Test
    void aReplayedNonceCountIsChallengedAsStaleAndTheNextCountIsAccepted() {
        DigestClient.Challenge challenge = challenge("REGISTER", DigestAlgorithm.SHA_256);
        Request first = request("REGISTER");
        first.addHeader(DigestClient.sign(first, ChallengeKind.USER_AGENT_401, challenge, "phone1", "secret-1", 1));
        Request next = request("REGISTER");
        next.addHeader(DigestClient.sign(next, ChallengeKind.USER_AGENT_401, challenge, "phone1", "secret-1", 2));

        assertEquals(new Authenticated("phone1", DigestAlgorithm.SHA_256), authenticator.authenticate(first));
        assertEquals(new Challenge(ChallengeKind.USER_AGENT_401, true, "nonce count 00000001 already used, or the nonce forgotten under load"),
                authenticator.authenticate(first));
        assertEquals(new Authenticated("phone1", DigestAlgorithm.SHA_256), authenticator.authenticate(next));
    }

    @Test
    void credentialsForAnotherRealmAreChallenged() {
        Request request = withCredentials("Digest username=\"phone1\", realm=\"elsewhere\", nonce=\"n\", "
                + "uri=\"sip:127.0.0.1:5060\", response=\"00\", qop=auth, nc=00000001, cnonce=\"c\"");

        assertEquals(new Challenge(ChallengeKind.USER_AGENT_401, false, "no credentials for realm 127.0.0.1"),
                authenticator.authenticate(request));
    }

    @Test
    void credentialsTheServerCannotUseAreRejectedNamingTheRule() {
        String base = "Digest username=\"phone1\", realm=\"127.0.0.1\", nonce=\"n\", uri=\"sip:127.0.0.1:5060\", "
                + "response=\"00\"";

        assertEquals(new Rejected("phone1", "qop auth-int is not supported (expected: auth)"),
                authenticator.authenticate(withCredentials(base + ", qop=auth-int, nc=00000001, cnonce=\"c\"")));
        assertEquals(new Rejected("phone1", "credentials without qop (expected: auth)"),
                authenticator.authenticate(withCredentials(base)));
        assertEquals(new Rejected("phone1", "algorithm SHA-512-256 is not supported (expected: SHA-256, MD5)"),
                authenticator.authenticate(withCredentials(base + ", algorithm=SHA-512-256, qop=auth, nc=00000001, cnonce=\"c\"")));
        assertEquals(new Rejected("phone1", "credentials without cnonce"),
                authenticator.authenticate(withCredentials(base + ", qop=auth, nc=00000001")));
        assertEquals(new Rejected("phone1", "nc 0000000001 is not a nonce count (expected: 8 hex digits)"),
                authenticator.authenticate(withCredentials(base + ", qop=auth, nc=0000000001, cnonce=\"c\"")));
    }

    @Test
    void aDigestUriOtherThanTheRequestUriIsRejected() {
        Request signedForElsewhere = signed("REGISTER", "phone1", "secret-1", DigestAlgorithm.MD5);
        Request request = request("REGISTER", "sip:127.0.0.1:5999");
        request.addHeader(signedForElsewhere.getHeader(AuthorizationHeader.NAME));

        assertEquals(new Rejected("phone1", "digest uri sip:127.0.0.1:5060 is not the Request-URI"),
                authenticator.authenticate(request));
    }

    @Test
    void theServerItselfAsDigestUriIsAcceptedForAnyRequestToItAsSippSignsIt() {
        Request signedForTheServer = signed(request("INVITE", "sip:127.0.0.1:5060"), "phone1", "secret-1",
                DigestAlgorithm.MD5);
        Request call = request("INVITE", "sip:1001@127.0.0.1:5060");
        call.addHeader(signedForTheServer.getHeader(javax.sip.header.ProxyAuthorizationHeader.NAME));

        assertTrue(authenticator.authenticate(call) instanceof AuthResult.Authenticated,
                "SIPp's -au/-ap signs sip:HOST:PORT for an INVITE");
    }

    @Test
    void aDigestUriNamingAnotherUserIsRejected() {
        Request signedForAnother = signed(request("INVITE", "sip:1002@127.0.0.1:5060"), "phone1", "secret-1",
                DigestAlgorithm.MD5);
        Request call = request("INVITE", "sip:1001@127.0.0.1:5060");
        call.addHeader(signedForAnother.getHeader(javax.sip.header.ProxyAuthorizationHeader.NAME));

        assertEquals(new Rejected("phone1", "digest uri sip:1002@127.0.0.1:5060 is not the Request-URI"),
                authenticator.authenticate(call));
    }

    @Test
    void aDigestUriEqualToTheRequestUriUnderSipComparisonRulesIsAccepted() {
        Request signedUpperCase = signed(request("REGISTER", "sip:127.0.0.1:5060;transport=UDP"), "phone1",
                "secret-1", DigestAlgorithm.MD5);
        Request request = request("REGISTER", "sip:127.0.0.1:5060;transport=udp");
        request.addHeader(signedUpperCase.getHeader(AuthorizationHeader.NAME));

        assertEquals(new Authenticated("phone1", DigestAlgorithm.MD5), authenticator.authenticate(request));
    }

    @Test
    void settingsOutOfRangeAreRefusedNamingTheRule() {
        assertEquals("realm: ' ' (expected: non-blank, no double quote)", assertThrows(IllegalArgumentException.class,
                () -> new DigestAuthenticator(" ", user -> Optional.empty())).getMessage());
        assertEquals("nonceLifetime: PT0S (expected: PT1S-P1D)", assertThrows(IllegalArgumentException.class,
                () -> new DigestAuthenticator(REALM, user -> Optional.empty(), Duration.ZERO,
                        DigestAuthenticator.DEFAULT_ALGORITHMS, clock)).getMessage());
        assertEquals("algorithms: [MD5, MD5] (expected: one or more, no repeats)", assertThrows(
                IllegalArgumentException.class, () -> authenticator(List.of(DigestAlgorithm.MD5, DigestAlgorithm.MD5)))
                .getMessage());
    }

    @Test
    void credentialsNeverShowTheirSecret() {
        assertEquals("DigestCredentials[user=phone1, password=<hidden>]",
                DigestCredentials.ofPassword("phone1", "secret-1").toString());
        assertEquals("DigestCredentials[user=phone2, HA1 [MD5]=<hidden>]", find("phone2").orElseThrow().toString());
    }
}
