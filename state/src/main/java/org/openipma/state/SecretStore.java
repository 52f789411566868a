package org.openipma.state;

/**
 * Random keys shared by every node of an installation: the digest nonce key and the redirect-token key must be
 * the same on every node, or a nonce or a 302 issued by one node is refused by the next.
 *
 * <p>Thread-safe, and safe across nodes: two nodes asking for the same new name at the same time get the same
 * bytes (the first insert wins, the other reads it).
 */
public interface SecretStore {

    /**
     * The secret called {@code name}, created with {@code length} bytes from a {@link java.security.SecureRandom}
     * and committed the first time it is asked for.
     *
     * @param length in bytes, 16 to 1024
     * @throws IllegalStateException when the stored secret has another length (the name is used for two keys)
     * @throws StateUnavailableException when the database cannot answer
     */
    byte[] secret(String name, int length);
}
