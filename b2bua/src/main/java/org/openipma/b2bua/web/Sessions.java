package org.openipma.b2bua.web;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The log-ins of this node, in memory (a restart logs everyone out; a session is not shared between nodes).
 * A session ends after {@link #IDLE_LIMIT} without a request, or at {@link #remove}. At most
 * {@link #MAX_SESSIONS} live at once: beyond, the least recently used goes, so a script that logs in in a loop
 * cannot exhaust memory. Secrets are 256 random bits, base64url. Thread-safe.
 */
final class Sessions {
    /** How long a session lives without a request: 12 hours. */
    static final Duration IDLE_LIMIT = Duration.ofHours(12);
    static final int MAX_SESSIONS = 10_000;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> byId = new ConcurrentHashMap<>();
    private final Map<String, Session> byToken = new ConcurrentHashMap<>();
    private final LongSupplier nanos;
    private final long idleNanos;

    Sessions() {
        this(System::nanoTime, IDLE_LIMIT);
    }

    Sessions(LongSupplier nanos, Duration idleLimit) {
        this.nanos = nanos;
        this.idleNanos = idleLimit.toNanos();
    }

    /** A new session for {@code user}, who just proved their password. */
    Session create(String user) {
        if (byId.size() >= MAX_SESSIONS) {
            purgeExpired();
            byId.values().stream().min(Comparator.comparingLong(Session::lastUsedNanos)).ifPresent(this::remove);
        }
        Session session = new Session(secret(), secret(), secret(), user, nanos.getAsLong());
        byId.put(session.id, session);
        byToken.put(session.token, session);
        return session;
    }

    /** The live session whose cookie is {@code id}; touches it. */
    Optional<Session> byCookie(String id) {
        return live(id == null ? null : byId.get(id));
    }

    /** The live session whose bearer token is {@code token}; touches it. */
    Optional<Session> byToken(String token) {
        return live(token == null ? null : byToken.get(token));
    }

    private Optional<Session> live(Session session) {
        if (session == null) {
            return Optional.empty();
        }
        long now = nanos.getAsLong();
        if (now - session.lastUsedNanos() > idleNanos) {
            remove(session);
            return Optional.empty();
        }
        session.touch(now);
        return Optional.of(session);
    }

    void remove(Session session) {
        byId.remove(session.id);
        byToken.remove(session.token);
    }

    /** Ends every session idle beyond the limit; run now and then, so forgotten sessions do not pile up. */
    void purgeExpired() {
        long now = nanos.getAsLong();
        byId.values().removeIf(session -> {
            boolean expired = now - session.lastUsedNanos() > idleNanos;
            if (expired) {
                byToken.remove(session.token);
            }
            return expired;
        });
    }

    /** Whether {@code session} is still live (not logged out, not expired); does not touch it. */
    boolean isLive(Session session) {
        return byId.get(session.id) == session && nanos.getAsLong() - session.lastUsedNanos() <= idleNanos;
    }

    private String secret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
