package org.openipma.b2bua.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.CookieHeaderNames;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.openipma.b2bua.ConfigSnapshots;
import org.openipma.b2bua.sip.PacketSource;
import org.openipma.b2bua.sip.auth.SecurityLog;
import org.openipma.routing.Cluster;

/**
 * Who is asking, as {@code docs/api.md} says: the session cookie ({@value #COOKIE}) for pages, a bearer token for
 * scripts, HTTP Basic for {@code /metrics} only; and the log-in that hands them out. The guards live here too:
 * the CSRF check of cookie-authenticated state changes (the session's token in {@code X-CSRF-Token}, and an
 * {@code Origin}, when sent, of this server), and the per-address throttle of failed log-ins, each failure a
 * security-log line fail2ban can match. Neither passwords nor tokens are ever logged.
 */
final class Authentication {
    static final String COOKIE = "ipma_session";
    static final String CSRF_HEADER = "X-CSRF-Token";
    static final String WRONG = "wrong user or password";

    /** An authenticated request: its session (null for HTTP Basic), who, and whether the cookie said so. */
    record Caller(Session session, Principal principal, boolean byCookie) {
    }

    private final ConfigSnapshots snapshots;
    private final Sessions sessions;
    private final LoginThrottle throttle;
    private final SecurityLog securityLog;

    Authentication(ConfigSnapshots snapshots, Sessions sessions, LoginThrottle throttle, SecurityLog securityLog) {
        this.snapshots = snapshots;
        this.sessions = sessions;
        this.throttle = throttle;
        this.securityLog = securityLog;
    }

    Sessions sessions() {
        return sessions;
    }

    /**
     * The caller of a request: a bearer token first (scripts), then the cookie, then — if {@code basic} —
     * HTTP Basic (counted by the throttle like a log-in). Empty when none is valid, or the user has no role any
     * more (a reload removed them).
     *
     * @param token a token given another way ({@code /ws?token=}), or null
     */
    Optional<Caller> identify(HttpHeaders headers, String token, boolean basic, InetSocketAddress remote) {
        String authorization = headers.get(HttpHeaderNames.AUTHORIZATION);
        Optional<Session> session = Optional.empty();
        boolean byCookie = false;
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            session = sessions.byToken(authorization.substring(7).trim());
        } else if (token != null) {
            session = sessions.byToken(token);
        } else if (cookie(headers) != null) {
            session = sessions.byCookie(cookie(headers));
            byCookie = true;
        } else if (basic && authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return basic(authorization.substring(6).trim(), remote);
        }
        if (session.isEmpty()) {
            return Optional.empty();
        }
        Principal principal = Principal.of(session.get().user, snapshots.get());
        if (principal.roles().isEmpty()) {
            sessions.remove(session.get());
            return Optional.empty();
        }
        return Optional.of(new Caller(session.get(), principal, byCookie));
    }

    private Optional<Caller> basic(String encoded, InetSocketAddress remote) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String user = decoded.substring(0, colon);
        verify(user, decoded.substring(colon + 1), remote);
        return Optional.of(new Caller(null, Principal.of(user, snapshots.get()), false));
    }

    /**
     * {@code POST /api/login}: {@code {"user", "password"}} → the session's secrets and the cookie.
     */
    ApiResponse login(ApiRequest request) {
        JsonNode body = request.json();
        String user = Json.text(body, "user", true);
        String password = Json.text(body, "password", true);
        Cluster cluster = verify(user, password, request.remote());
        Principal principal = Principal.of(user, cluster);
        if (principal.roles().isEmpty()) {
            throw ApiException.forbidden(user + " has no role here (not a manager, an assistant or an administrator)");
        }
        Session session = sessions.create(user);
        DefaultCookie cookie = new DefaultCookie(COOKIE, session.id);
        cookie.setHttpOnly(true);
        cookie.setPath("/");
        cookie.setSameSite(CookieHeaderNames.SameSite.Strict);
        return ApiResponse.ok(Json.object("user", user, "roles", principal.roles(), "token", session.token,
                        "csrf", session.csrf))
                .withHeader(HttpHeaderNames.SET_COOKIE.toString(), ServerCookieEncoder.STRICT.encode(cookie));
    }

    /** {@code POST /api/logout}: ends the session and clears the cookie. */
    ApiResponse logout(ApiRequest request) {
        if (request.session() != null) {
            sessions.remove(request.session());
        }
        DefaultCookie cookie = new DefaultCookie(COOKIE, "");
        cookie.setHttpOnly(true);
        cookie.setPath("/");
        cookie.setMaxAge(0);
        cookie.setSameSite(CookieHeaderNames.SameSite.Strict);
        return ApiResponse.noContent()
                .withHeader(HttpHeaderNames.SET_COOKIE.toString(), ServerCookieEncoder.STRICT.encode(cookie));
    }

    /** Checks a password under the throttle; the configuration it was checked against, or 401/429. */
    private Cluster verify(String user, String password, InetSocketAddress remote) {
        Duration wait = throttle.waitFor(remote.getAddress());
        if (!wait.isZero()) {
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            throw new ApiException(429, "too many failed log-ins from this address: retry in " + seconds + " s")
                    .withHeader(HttpHeaderNames.RETRY_AFTER.toString(), Long.toString(seconds));
        }
        Cluster cluster = snapshots.get();
        if (!Passwords.check(cluster, user, password)) {
            int failures = throttle.failed(remote.getAddress());
            PacketSource source = new PacketSource(remote.getAddress(), remote.getPort(), "http");
            securityLog.loginFailed(source, user, WRONG, failures);
            if (failures >= LoginThrottle.FREE_FAILURES) {
                securityLog.loginThrottled(source, user, LoginThrottle.waitAfter(failures), failures);
            }
            throw new ApiException(401, WRONG);
        }
        throttle.succeeded(remote.getAddress());
        return cluster;
    }

    /**
     * Refuses (403) a cookie-authenticated state change without the session's CSRF token, or from a foreign
     * {@code Origin}. Bearer and Basic requests carry no ambient credential and pass.
     */
    void checkCsrf(Caller caller, String method, HttpHeaders headers) {
        if (!caller.byCookie() || method.equals("GET") || method.equals("HEAD")) {
            return;
        }
        String given = headers.get(CSRF_HEADER);
        boolean tokenOk = given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                caller.session().csrf.getBytes(StandardCharsets.UTF_8));
        if (!tokenOk || !originAllowed(headers)) {
            throw ApiException.forbidden("missing or wrong CSRF token");
        }
    }

    /**
     * Whether the request's {@code Origin}, when the browser sent one, is this server: the same host and port the
     * request was addressed to ({@code Host}). A missing {@code Origin} passes (non-browser clients).
     */
    static boolean originAllowed(HttpHeaders headers) {
        String origin = headers.get(HttpHeaderNames.ORIGIN);
        if (origin == null) {
            return true;
        }
        String host = headers.get(HttpHeaderNames.HOST);
        try {
            URI uri = new URI(origin);
            String authority = uri.getRawAuthority();
            return host != null && authority != null && authority.equalsIgnoreCase(host)
                    && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static String cookie(HttpHeaders headers) {
        String header = headers.get(HttpHeaderNames.COOKIE);
        if (header == null) {
            return null;
        }
        for (Cookie cookie : ServerCookieDecoder.STRICT.decode(header)) {
            if (cookie.name().equals(COOKIE)) {
                return cookie.value();
            }
        }
        return null;
    }
}
