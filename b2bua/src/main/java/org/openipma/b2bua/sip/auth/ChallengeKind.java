package org.openipma.b2bua.sip.auth;

import javax.sip.header.AuthorizationHeader;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.message.Response;

/**
 * Who is asking for credentials (RFC 3261 §22.2, §22.3): the user agent server, with 401 and
 * WWW-Authenticate (REGISTER), or a proxy, with 407 and Proxy-Authenticate (INVITE and other requests the
 * B2BUA relays).
 */
public enum ChallengeKind {
    /** 401 Unauthorized, WWW-Authenticate, answered in Authorization. */
    USER_AGENT_401(Response.UNAUTHORIZED, AuthorizationHeader.NAME),
    /** 407 Proxy Authentication Required, Proxy-Authenticate, answered in Proxy-Authorization. */
    PROXY_407(Response.PROXY_AUTHENTICATION_REQUIRED, ProxyAuthorizationHeader.NAME);

    private final int statusCode;
    private final String credentialsHeader;

    ChallengeKind(int statusCode, String credentialsHeader) {
        this.statusCode = statusCode;
        this.credentialsHeader = credentialsHeader;
    }

    /** 401 or 407. */
    public int statusCode() {
        return statusCode;
    }

    /** The header the client's credentials arrive in. */
    public String credentialsHeader() {
        return credentialsHeader;
    }

    /** 401 for REGISTER (we are its registrar), 407 for anything else (we relay it). */
    public static ChallengeKind forMethod(String method) {
        return "REGISTER".equals(method) ? USER_AGENT_401 : PROXY_407;
    }
}
