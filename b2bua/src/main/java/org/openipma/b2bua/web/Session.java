package org.openipma.b2bua.web;

/**
 * One log-in: three independent random secrets (the cookie's id, the bearer token, the CSRF token) naming one
 * user. Only the user is kept, not their roles: {@link Principal} is computed from the configuration in force.
 */
final class Session {
    final String id;
    final String token;
    final String csrf;
    final String user;
    private volatile long lastUsedNanos;

    Session(String id, String token, String csrf, String user, long nowNanos) {
        this.id = id;
        this.token = token;
        this.csrf = csrf;
        this.user = user;
        this.lastUsedNanos = nowNanos;
    }

    long lastUsedNanos() {
        return lastUsedNanos;
    }

    void touch(long nowNanos) {
        lastUsedNanos = nowNanos;
    }
}
