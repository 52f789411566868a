package org.openipma.routing;

/**
 * Reads the {@code database:} section of a configuration (see {@code config/README.md}): the PostgreSQL server
 * several nodes share, instead of the embedded database. Only the URL's form is checked here; reaching the
 * server is the B2BUA's business at start.
 */
final class DatabaseSection {
    private DatabaseSection() {
    }

    /** The {@code database:} section, or null for the embedded default. */
    static IpmaConfig.Database bind(ConfigNode node) {
        if (!node.isPresent()) {
            return null;
        }
        node.allowOnly("url", "user", "password");
        ConfigNode url = node.get("url");
        if (!url.string().startsWith("jdbc:postgresql://")) {
            throw url.invalid("is not a PostgreSQL JDBC URL (expected: jdbc:postgresql://host:port/database)");
        }
        return new IpmaConfig.Database(url.string(), node.get("user").string(null), node.get("password").string(null));
    }
}
