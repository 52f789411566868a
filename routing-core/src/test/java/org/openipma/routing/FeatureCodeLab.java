package org.openipma.routing;

/**
 * A lab for feature codes: manager 1001 with three assistants (assistant is the default), boss 2001 with
 * assistant2 only (assistant2 assists both), phone3 who is neither, and lobby 1009 whose CSS does not list
 * PT_FEATURES. Every code has its default.
 */
final class FeatureCodeLab {
    static final String YAML = """
            partitions: [PT_INTERNAL, PT_MANAGER, PT_FEATURES]
            callingSearchSpaces:
              CSS_DEFAULT: [PT_INTERNAL, PT_FEATURES]
              CSS_IPMA: [PT_MANAGER, PT_INTERNAL]
              CSS_LOBBY: [PT_INTERNAL]
            phones:
              - { name: SEP-MANAGER, user: manager, password: m, css: CSS_DEFAULT,
                  lines: [{ dn: "1001", partition: PT_MANAGER }] }
              - { name: SEP-BOSS, user: boss, password: b, css: CSS_DEFAULT,
                  lines: [{ dn: "2001", partition: PT_MANAGER }, { dn: "2002", partition: PT_MANAGER }] }
              - { name: SEP-ASSISTANT, user: assistant, password: a, css: CSS_DEFAULT,
                  lines: [{ dn: "1002", partition: PT_INTERNAL }, { dn: "1112", partition: PT_INTERNAL, css: CSS_IPMA }] }
              - { name: SEP-ASSISTANT2, user: assistant2, password: a, css: CSS_DEFAULT,
                  lines: [{ dn: "1004", partition: PT_INTERNAL }, { dn: "1114", partition: PT_INTERNAL, css: CSS_IPMA },
                          { dn: "2114", partition: PT_INTERNAL, css: CSS_IPMA }] }
              - { name: SEP-ASSISTANT3, user: assistant3, password: a, css: CSS_DEFAULT,
                  lines: [{ dn: "1005", partition: PT_INTERNAL }, { dn: "1115", partition: PT_INTERNAL, css: CSS_IPMA }] }
              - { name: SEP-PHONE3, user: phone3, password: p, css: CSS_DEFAULT,
                  lines: [{ dn: "1003", partition: PT_INTERNAL }] }
              - { name: SEP-LOBBY, user: lobby, password: l, css: CSS_LOBBY,
                  lines: [{ dn: "1009", partition: PT_INTERNAL }] }
            routePoints:
              - name: RP_IPMA
                css: CSS_IPMA
                lines:
                  - { dn: "100X", partition: PT_INTERNAL, forwardNoAnswer: { destination: "100X" } }
                  - { dn: "200X", partition: PT_INTERNAL, forwardNoAnswer: { destination: "200X" } }
            managers:
              - user: manager
                lines: ["1001"]
                assistants:
                  - { user: assistant, default: true, proxyLines: { "1001": "1112" } }
                  - { user: assistant2, proxyLines: { "1001": "1114" } }
                  - { user: assistant3, proxyLines: { "1001": "1115" } }
              - user: boss
                lines: ["2001", "2002"]
                assistants:
                  - { user: assistant2, proxyLines: { "2001": "2114" } }
            featureCodes:
              partition: PT_FEATURES
            """;

    private FeatureCodeLab() {
    }

    static Cluster cluster() {
        return Cluster.compile(ConfigLoader.parse("feature-lab.yaml", YAML));
    }

    /** The first line of {@code user}'s phone. */
    static LineAppearance line(Cluster cluster, String user) {
        return cluster.appearances(cluster.phone(user).orElseThrow()).get(0);
    }

    static IpmaConfig.Manager manager(Cluster cluster, String user) {
        return cluster.config().managers().stream().filter(m -> m.user().equals(user)).findFirst().orElseThrow();
    }
}
