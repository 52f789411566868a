package org.openipma.state;

import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Base64;

/**
 * {@link SecretStore} over table {@code shared_secret}: insert-if-absent, then read, so the first node's bytes
 * win a race. On PostgreSQL the losing INSERT waits for the winner's commit and then does nothing; on SQLite
 * writers are serialized.
 */
final class JdbcSecretStore implements SecretStore {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Jdbc jdbc;
    private final Clock clock;

    JdbcSecretStore(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public byte[] secret(String name, int length) {
        if (length < 16 || length > 1024) {
            throw new IllegalArgumentException("length: " + length + " (expected: 16-1024)");
        }
        byte[] candidate = new byte[length];
        RANDOM.nextBytes(candidate);
        String stored = jdbc.transaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO shared_secret"
                    + " (name, secret, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
                insert.setString(1, name);
                insert.setString(2, Base64.getEncoder().encodeToString(candidate));
                insert.setLong(3, clock.millis());
                insert.executeUpdate();
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT secret FROM shared_secret WHERE name = ?")) {
                select.setString(1, name);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return row.getString(1);
                }
            }
        });
        byte[] secret = Base64.getDecoder().decode(stored);
        if (secret.length != length) {
            throw new IllegalStateException("secret " + name + ": stored with " + secret.length
                    + " bytes, asked for " + length + " (one name per key)");
        }
        return secret;
    }
}
