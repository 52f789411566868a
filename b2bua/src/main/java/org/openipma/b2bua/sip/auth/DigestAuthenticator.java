package org.openipma.b2bua.sip.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openipma.b2bua.sip.PacketSource;
import org.openipma.b2bua.sip.Responses;
import org.openipma.b2bua.sip.SipFactories;
import org.openipma.b2bua.sip.auth.AuthResult.Authenticated;
import org.openipma.b2bua.sip.auth.AuthResult.Challenge;
import org.openipma.b2bua.sip.auth.AuthResult.Rejected;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Digest authentication of SIP requests (RFC 3261 §22, RFC 7616, RFC 8760): qop=auth, SHA-256 and MD5,
 * for REGISTER (401, WWW-Authenticate) and for INVITE and the rest (407, Proxy-Authenticate) alike.
 *
 * <h2>How a request is judged</h2>
 * <ol>
 *   <li>A source banned by {@link AuthFailures} (too many failures): {@link Rejected} at once, answered 403
 *       {@value #BANNED}, before any digest work: no challenge, no nonce, no hashing.</li>
 *   <li>No credentials for our realm: {@link Challenge} (not stale). The challenge lists one header per
 *       offered algorithm, in order of preference (default SHA-256, then MD5), all with the same nonce.</li>
 *   <li>Credentials we cannot use (unsupported algorithm or qop, missing parameter, digest URI other than
 *       the Request-URI), an unknown user, or a wrong response: {@link Rejected}, answered 403. A wrong
 *       password is not challenged again: that would only make the phone retry it forever. A wrong response
 *       spends its nonce: a second answer under it gets a stale challenge even if right. Every rejection
 *       counts as a failure of the packet's source address ({@link AuthFailures}), which logs it.</li>
 *   <li>A correct response under a nonce that expired (default lifetime {@value #DEFAULT_NONCE_LIFETIME_SECONDS} s),
 *       was issued before a restart, or whose nonce count was already used (or forgotten, see
 *       {@code NonceCounts}): {@link Challenge} with
 *       {@code stale=true}, so the phone retries with a new nonce without asking its user.</li>
 *   <li>Otherwise {@link Authenticated}.</li>
 * </ol>
 * The response is compared in constant time, and an unknown user costs the same hashing as a known one.
 * Nonces are self-validating (see {@link Nonces}); nonce counts are tracked per nonce in a bounded table
 * (see {@link NonceCounts}). Not supported: {@code -sess} algorithms, qop=auth-int, {@code userhash}.
 *
 * <p>Thread-safe; nothing here blocks except the {@link CredentialStore}.
 */
public final class DigestAuthenticator {
    /** Default nonce lifetime, in seconds. */
    public static final long DEFAULT_NONCE_LIFETIME_SECONDS = 300;
    /** Default nonce lifetime. */
    public static final Duration DEFAULT_NONCE_LIFETIME = Duration.ofSeconds(DEFAULT_NONCE_LIFETIME_SECONDS);
    /** Default offer, most preferred first, as RFC 7616 §3.7 asks. */
    public static final List<DigestAlgorithm> DEFAULT_ALGORITHMS = List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5);

    private static final Logger log = LoggerFactory.getLogger(DigestAuthenticator.class);
    private static final String WRONG_CREDENTIALS = "wrong user name or password";
    /** The reason phrase of a banned source's 403. */
    public static final String BANNED = "too many failed authentications from this address, retry later";
    private static final String QOP = "auth";

    private final String realm;
    private final CredentialStore credentials;
    private final List<DigestAlgorithm> algorithms;
    private final Nonces nonces;
    private final NonceCounts nonceCounts;
    private final AuthFailures failures;
    /** Hashed in place of a missing HA1, so an unknown user takes as long as a wrong password. */
    private final String decoyHa1;

    /** An authenticator with the default nonce lifetime and algorithms, on the system clock. */
    public DigestAuthenticator(String realm, CredentialStore credentials) {
        this(realm, credentials, DEFAULT_NONCE_LIFETIME, DEFAULT_ALGORITHMS, Clock.systemUTC());
    }

    /**
     * @param realm the protection domain phones show and hash into HA1; usually the SIP domain
     * @param nonceLifetime how long a nonce may be used, 1 s-1 day (default {@value #DEFAULT_NONCE_LIFETIME_SECONDS} s)
     * @param algorithms the algorithms offered and accepted, most preferred first (default SHA-256, MD5)
     * @param clock the time nonces are stamped and checked with
     */
    public DigestAuthenticator(String realm, CredentialStore credentials, Duration nonceLifetime,
                               List<DigestAlgorithm> algorithms, Clock clock) {
        this(realm, credentials, nonceLifetime, algorithms, clock, null);
    }

    /**
     * As the five-argument constructor, signing nonces with {@code nonceKey}: nodes that share the key (from the
     * shared state) accept each other's nonces, so a phone may be challenged by one node and answer another.
     *
     * @param nonceKey a 32-byte HMAC key, or null for a random one of this process
     */
    public DigestAuthenticator(String realm, CredentialStore credentials, Duration nonceLifetime,
                               List<DigestAlgorithm> algorithms, Clock clock, byte[] nonceKey) {
        this(realm, credentials, nonceLifetime, algorithms, clock, nonceKey,
                new AuthFailures(AuthFailures.Settings.defaults(), clock));
    }

    /**
     * As the six-argument constructor, counting failures and banning sources with {@code failures} (default:
     * {@link AuthFailures.Settings#defaults()}).
     */
    public DigestAuthenticator(String realm, CredentialStore credentials, Duration nonceLifetime,
                               List<DigestAlgorithm> algorithms, Clock clock, byte[] nonceKey, AuthFailures failures) {
        if (realm == null || realm.isBlank() || realm.contains("\"")) {
            throw new IllegalArgumentException("realm: '" + realm + "' (expected: non-blank, no double quote)");
        }
        if (nonceLifetime.compareTo(Duration.ofSeconds(1)) < 0 || nonceLifetime.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("nonceLifetime: " + nonceLifetime + " (expected: PT1S-P1D)");
        }
        if (algorithms.isEmpty() || algorithms.size() != Set.copyOf(algorithms).size()) {
            throw new IllegalArgumentException("algorithms: " + algorithms + " (expected: one or more, no repeats)");
        }
        this.realm = realm;
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.algorithms = List.copyOf(algorithms);
        this.nonces = nonceKey == null ? new Nonces(nonceLifetime, clock) : new Nonces(nonceLifetime, clock, nonceKey);
        this.nonceCounts = new NonceCounts(NonceCounts.DEFAULT_CAPACITY, nonceLifetime, clock);
        this.failures = Objects.requireNonNull(failures, "failures");
        this.decoyHa1 = DigestAlgorithm.SHA_256.hash(nonces.issue());
    }

    /** The realm challenges carry. */
    public String realm() {
        return realm;
    }

    /** {@link #authenticate(Request, ChallengeKind)} with 401 for REGISTER and 407 for anything else. */
    public AuthResult authenticate(Request request) {
        return authenticate(request, ChallengeKind.forMethod(request.getMethod()));
    }

    /**
     * Judges the credentials {@code request} carries in the header {@code kind} calls for. Never throws for
     * anything the request contains.
     */
    public AuthResult authenticate(Request request, ChallengeKind kind) {
        PacketSource source = PacketSource.of(request);
        if (failures.banned(source).isPresent()) {
            return new Rejected(null, BANNED);
        }
        AuthResult result = judge(request, kind);
        if (result instanceof Rejected rejected) {
            failures.failed(source, request.getMethod(), rejected.user(), rejected.reason());
        }
        return result;
    }

    private AuthResult judge(Request request, ChallengeKind kind) {
        AuthorizationHeader header = credentialsForRealm(request, kind);
        if (header == null) {
            return new Challenge(kind, false, "no credentials for realm " + realm);
        }
        String user = header.getUsername();
        if (user == null || user.isEmpty()) {
            return new Rejected(null, "credentials without a username");
        }
        Optional<DigestAlgorithm> algorithm = DigestAlgorithm.fromToken(header.getAlgorithm())
                .filter(algorithms::contains);
        if (algorithm.isEmpty()) {
            return new Rejected(user, "algorithm " + header.getAlgorithm() + " is not supported (expected: "
                    + tokens() + ")");
        }
        if (header.getQop() == null) {
            // RFC 2069 style, without nonce counts: no replay protection, and RFC 7616 forbids it.
            return new Rejected(user, "credentials without qop (expected: " + QOP + ")");
        }
        if (!QOP.equalsIgnoreCase(header.getQop())) {
            return new Rejected(user, "qop " + header.getQop() + " is not supported (expected: " + QOP + ")");
        }
        String missing = firstMissing(header);
        if (missing != null) {
            return new Rejected(user, "credentials without " + missing);
        }
        String nc = header.getParameter("nc");
        long count = nonceCount(nc);
        if (count < 0) {
            return new Rejected(user, "nc " + nc + " is not a nonce count (expected: 8 hex digits)");
        }
        String digestUri = header.getParameter("uri");
        if (!matchesRequestUri(digestUri, request)) {
            return new Rejected(user, "digest uri " + digestUri + " is not the Request-URI");
        }
        String nonce = header.getNonce();
        Nonces.Check check = nonces.check(nonce);
        if (!responseMatches(request, header, algorithm.get(), nc, digestUri)) {
            log.debug("{} from {}: wrong {} response", request.getMethod(), user, algorithm.get());
            if (check.validity() == Nonces.Validity.FRESH) {
                nonceCounts.spend(nonce, check.issuedAt());
            }
            return new Rejected(user, WRONG_CREDENTIALS);
        }
        if (check.validity() != Nonces.Validity.FRESH) {
            String why = check.validity() == Nonces.Validity.EXPIRED ? "nonce expired" : "nonce not issued by this process";
            return new Challenge(kind, true, why);
        }
        if (!nonceCounts.advance(nonce, check.issuedAt(), count)) {
            return new Challenge(kind, true, "nonce count " + nc + " already used, or the nonce forgotten under load");
        }
        return new Authenticated(user, algorithm.get());
    }

    /** The first credentials header of {@code kind} that is Digest for our realm (RFC 3261 §22.4). */
    private AuthorizationHeader credentialsForRealm(Request request, ChallengeKind kind) {
        ListIterator<?> headers = request.getHeaders(kind.credentialsHeader());
        while (headers.hasNext()) {
            AuthorizationHeader header = (AuthorizationHeader) headers.next();
            if ("Digest".equalsIgnoreCase(header.getScheme()) && realm.equals(header.getRealm())) {
                return header;
            }
        }
        return null;
    }

    private static String firstMissing(AuthorizationHeader header) {
        for (String name : List.of("nonce", "uri", "response", "cnonce", "nc")) {
            String value = header.getParameter(name);
            if (value == null || value.isEmpty()) {
                return name;
            }
        }
        return null;
    }

    /** The nonce count, or -1 unless it is 1 to 8 hex digits. */
    private static long nonceCount(String nc) {
        if (nc.length() > 8) {
            return -1;
        }
        try {
            return Long.parseLong(nc, 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Equal as text, or equal as SIP URIs (RFC 3261 §19.1.4), since phones may re-encode it; or the server itself,
     * {@code sip:HOST:PORT} with exactly the Request-URI's host and port and no user, which SIPp's {@code -au/-ap}
     * signs for every request (as Kamailio and Asterisk, which do not compare the uri at all, accept). That
     * grants no replay: the response still covers the method, the nonce is ours and each nonce count is used once.
     */
    private static boolean matchesRequestUri(String digestUri, Request request) {
        if (digestUri.equals(request.getRequestURI().toString())) {
            return true;
        }
        try {
            URI signed = SipFactories.addresses().createURI(digestUri);
            if (signed.equals(request.getRequestURI())) {
                return true;
            }
            return signed instanceof SipURI server && server.getUser() == null
                    && request.getRequestURI() instanceof SipURI target
                    && server.getHost().equalsIgnoreCase(target.getHost()) && server.getPort() == target.getPort();
        } catch (ParseException e) {
            return false;
        }
    }

    private boolean responseMatches(Request request, AuthorizationHeader header, DigestAlgorithm algorithm,
                                    String nc, String digestUri) {
        Optional<String> ha1 = credentials.find(header.getUsername()).flatMap(c -> c.ha1(algorithm, realm));
        String expected = algorithm.response(ha1.orElse(decoyHa1), header.getNonce(), nc, header.getCNonce(),
                QOP, request.getMethod(), digestUri);
        byte[] given = header.getResponse().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), given) && ha1.isPresent();
    }

    /**
     * A 401 or 407 response to {@code request} carrying a fresh challenge per offered algorithm, with
     * {@code stale=true} when the challenge says so.
     */
    public Response challengeResponse(Request request, Challenge challenge) {
        Response response = Responses.create(request, challenge.kind().statusCode());
        addChallenges(response, challenge.kind(), challenge.stale());
        log.debug("{} challenged ({}): {}", request.getMethod(), challenge.kind().statusCode(), challenge.reason());
        return response;
    }

    /** Adds one WWW-Authenticate or Proxy-Authenticate header per offered algorithm, sharing one new nonce. */
    public void addChallenges(Response response, ChallengeKind kind, boolean stale) {
        for (Header challenge : challengeHeaders(kind, stale)) {
            response.addHeader(challenge);
        }
    }

    /**
     * One WWW-Authenticate or Proxy-Authenticate header per offered algorithm, most preferred first, sharing
     * one new nonce; with {@code stale=true} when {@code stale}.
     */
    public List<Header> challengeHeaders(ChallengeKind kind, boolean stale) {
        HeaderFactory headers = SipFactories.headers();
        String nonce = nonces.issue();
        List<Header> challenges = new java.util.ArrayList<>(algorithms.size());
        try {
            for (DigestAlgorithm algorithm : algorithms) {
                WWWAuthenticateHeader challenge = kind == ChallengeKind.USER_AGENT_401
                        ? headers.createWWWAuthenticateHeader("Digest")
                        : headers.createProxyAuthenticateHeader("Digest");
                challenge.setRealm(realm);
                challenge.setNonce(nonce);
                challenge.setAlgorithm(algorithm.token());
                challenge.setQop(QOP);
                if (stale) {
                    challenge.setStale(true);
                }
                challenges.add(challenge);
            }
        } catch (ParseException e) {
            // Realm was checked in the constructor; nonce and algorithm are ours.
            throw new IllegalStateException("cannot build a digest challenge for realm " + realm, e);
        }
        return challenges;
    }

    private String tokens() {
        return String.join(", ", algorithms.stream().map(DigestAlgorithm::token).toList());
    }
}
