package org.openipma.routing;

/**
 * What a pattern routes to: the owner of a directory number or route pattern. The dial plan only carries
 * it; the configuration model's phone lines and route point lines implement it.
 */
public interface Target {

    /** The kinds of owner digit analysis can land on. */
    enum Kind {
        /** A directory number on one or more phones (several phones = a shared line). */
        PHONE_LINE,
        /** A CTI route point's line: the B2BUA takes the call and decides where it goes. */
        ROUTE_POINT,
        /** A feature code ({@link FeatureCode}): the B2BUA changes the caller's IPMA settings and answers. */
        FEATURE_CODE,
        /** A translation pattern (reserved: not configurable yet). */
        TRANSLATION_PATTERN
    }

    Kind kind();

    /** A short human description, e.g. {@code phone SEP-MANAGER} or {@code route point RP_IPMA}. */
    String describe();

    /** A plain target with no further behaviour, for plans built outside a configuration (tests, benchmarks). */
    static Target of(Kind kind, String description) {
        return new NamedTarget(kind, description);
    }

    /** The stock {@link Target}: a kind and a description. */
    record NamedTarget(Kind kind, String describe) implements Target {
    }
}
