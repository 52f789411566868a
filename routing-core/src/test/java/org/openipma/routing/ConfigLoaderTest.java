package org.openipma.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openipma.routing.Refusals.assertRefused;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {
    private static final String FILE = "config/lab.yaml";

    /**
     * A small valid configuration; each error case changes one piece of it with {@link #with}, so the error
     * can only come from that change. Partitions and CSS names are chosen so the lists in messages read as
     * in the documentation.
     */
    private static final String MINIMAL = """
            partitions: [PT_INTERNAL, PT_MANAGER, PT_INTERCOM]
            callingSearchSpaces:
              CSS_DEFAULT: [PT_INTERNAL]
              CSS_IPMA: [PT_MANAGER, PT_INTERNAL]
              CSS_INTERCOM: [PT_INTERCOM]
            phones:
              - name: SEP-MANAGER
                user: manager
                password: pw-manager
                css: CSS_DEFAULT
                lines:
                  - { dn: "1001", partition: PT_MANAGER }
                  - { dn: "*1001", partition: PT_INTERCOM, css: CSS_INTERCOM, intercom: true }
              - name: SEP-ASSISTANT
                user: assistant
                password: pw-assistant
                css: CSS_DEFAULT
                lines:
                  - { dn: "1002", partition: PT_INTERNAL }
                  - { dn: "1112", partition: PT_INTERNAL, css: CSS_IPMA }
            routePoints:
              - name: RP_IPMA
                css: CSS_IPMA
                lines:
                  - { dn: "100X", partition: PT_INTERNAL, forwardNoAnswer: { destination: "100X" } }
            managers:
              - user: manager
                lines: ["1001"]
                assistants:
                  - { user: assistant, default: true, proxyLines: { "1001": "1112" } }
            """;

    /**
     * {@link #MINIMAL} with edits applied in turn: {@code original, replacement, original, replacement...};
     * each original must occur exactly once in the text it is applied to.
     */
    private static String with(String... edits) {
        String yaml = MINIMAL;
        for (int i = 0; i < edits.length; i += 2) {
            int at = yaml.indexOf(edits[i]);
            if (at < 0 || yaml.indexOf(edits[i], at + 1) >= 0) {
                throw new AssertionError("the fixture must contain '" + edits[i] + "' exactly once");
            }
            yaml = yaml.replace(edits[i], edits[i + 1]);
        }
        return yaml;
    }

    private static Cluster compile(String yaml) {
        return Cluster.compile(ConfigLoader.parse(FILE, yaml));
    }

    private static Path labYaml() {
        Path fromModule = Path.of("..", "config", "lab.yaml");
        return Files.exists(fromModule) ? fromModule : Path.of("config", "lab.yaml");
    }

    @Test
    void minimalFixtureCompiles() {
        Cluster cluster = compile(MINIMAL);
        assertEquals(List.of("PT_INTERNAL", "PT_MANAGER", "PT_INTERCOM"), cluster.config().partitions());
        assertEquals(5, cluster.dialPlan().patternCount());
    }

    private static final String DN_1002 = "      - { dn: \"1002\", partition: PT_INTERNAL }\n";
    private static final String ASSISTANT = "      - { user: assistant, default: true, proxyLines: { \"1001\": \"1112\" } }\n";
    private static final String MANAGER_LINE = "      - { dn: \"1001\", partition: PT_MANAGER }\n";

    /** Rows: what is wrong, the exact message, the edits to {@link #MINIMAL} that make it wrong. */
    static Stream<Arguments> refusals() {
        return Stream.of(
                refusal("an undefined CSS", "config/lab.yaml: phones[1].lines[1].css: 'CSS_IMPA' is not defined"
                                + " (defined: CSS_DEFAULT, CSS_IPMA, CSS_INTERCOM)",
                        "css: CSS_IPMA }", "css: CSS_IMPA }"),
                refusal("an undeclared partition", "config/lab.yaml: phones[0].lines[0].partition: 'PT_MANGER' is"
                                + " not a declared partition (declared: PT_INTERNAL, PT_MANAGER, PT_INTERCOM)",
                        "partition: PT_MANAGER }", "partition: PT_MANGER }"),
                refusal("a partition listed twice in a CSS", "config/lab.yaml: callingSearchSpaces.CSS_IPMA[1]:"
                                + " 'PT_MANAGER' is listed twice in this calling search space",
                        "[PT_MANAGER, PT_INTERNAL]", "[PT_MANAGER, PT_MANAGER]"),
                refusal("an unknown key", "config/lab.yaml: phones[1].lines[0].partiton: unknown key"
                                + " (allowed here: css, display, dn, intercom, partition)",
                        "dn: \"1002\", partition:", "dn: \"1002\", partiton:"),
                refusal("an unknown top-level key", "config/lab.yaml: routepoints: unknown key (allowed here:"
                                + " callingSearchSpaces, database, featureCodes, http, managers, partitions, phones, routePoints,"
                                + " routingService, sip, voicemail)",
                        "routePoints:", "routepoints:"),
                refusal("a bad pattern in a route point", "config/lab.yaml: routePoints[0].lines[0].dn: pattern"
                                + " '10!X' in partition PT_INTERNAL: '!' must be the last element (position 2)",
                        "dn: \"100X\"", "dn: \"10!X\""),
                refusal("a route point pattern that is already a phone line", "config/lab.yaml:"
                                + " routePoints[0].lines[0].dn: pattern '1002' in partition PT_INTERNAL is already"
                                + " declared (owned by line of phone SEP-ASSISTANT)",
                        "dn: \"100X\"", "dn: \"1002\""),
                refusal("a forward destination that is not a mask", "config/lab.yaml:"
                                + " routePoints[0].lines[0].forwardNoAnswer.destination: '10!' is not a number or mask"
                                + " (0-9 * # X, optional leading +)",
                        "destination: \"100X\"", "destination: \"10!\""),
                refusal("a DN that is not a number", "config/lab.yaml: phones[1].lines[0].dn: '10O2' is not a"
                                + " directory number (1-24 of 0-9 * #, or + and digits)",
                        "dn: \"1002\"", "dn: \"10O2\""),
                refusal("a non-boolean", "config/lab.yaml: phones[0].lines[1].intercom: 'yes' is not a boolean"
                                + " (write true or false)",
                        "intercom: true", "intercom: yes"),
                refusal("a manager whose user has no phone", "config/lab.yaml: managers[0].user: 'boss' is not the"
                                + " user of any phone (users: assistant, manager)",
                        "  - user: manager", "  - user: boss"),
                refusal("a proxy line not on the assistant's phone", "config/lab.yaml:"
                                + " managers[0].assistants[0].proxyLines.1001: '1113' is not a line of assistant's phone"
                                + " SEP-ASSISTANT (lines: 1002, 1112)",
                        "\"1001\": \"1112\"", "\"1001\": \"1113\""),
                refusal("a proxy line for a line the manager does not have", "config/lab.yaml:"
                                + " managers[0].assistants[0].proxyLines.1002: '1002' is not one of the manager's lines"
                                + " (1001)",
                        "\"1001\": \"1112\"", "\"1002\": \"1112\""),
                refusal("two default assistants", "config/lab.yaml: managers[0].assistants[1].default: only one"
                                + " assistant of a manager can be the default",
                        ASSISTANT, ASSISTANT
                                + "      - { user: phone3, default: true, proxyLines: { \"1001\": \"1113\" } }\n",
                        "routePoints:", """
                                  - name: SEP-PHONE3
                                    user: phone3
                                    password: pw-phone3
                                    lines: [{ dn: "1113", partition: PT_INTERNAL }]
                                routePoints:"""),
                refusal("more than 5 manager lines", "config/lab.yaml: managers[0].lines: a manager has 1 to 5"
                                + " intercepted lines (found 6)",
                        MANAGER_LINE, MANAGER_LINE + MANAGER_LINE.replace("1001", "2001")
                                + MANAGER_LINE.replace("1001", "2002") + MANAGER_LINE.replace("1001", "2003")
                                + MANAGER_LINE.replace("1001", "2004") + MANAGER_LINE.replace("1001", "2005"),
                        "lines: [\"1001\"]", "lines: [\"1001\", \"2001\", \"2002\", \"2003\", \"2004\", \"2005\"]"),
                refusal("a duplicate DN on one phone", "config/lab.yaml: phones[1].lines[1].dn: '1002' appears twice"
                                + " on phone SEP-ASSISTANT",
                        DN_1002, DN_1002 + DN_1002),
                refusal("an unknown digest algorithm", "config/lab.yaml: sip.digestAlgorithms[1]: 'SHA-512' is not"
                                + " one of: md5, sha-256",
                        "partitions:", "sip: { digestAlgorithms: [MD5, SHA-512] }\npartitions:"),
                refusal("an empty digest algorithm list", "config/lab.yaml: sip.digestAlgorithms: must name at least"
                                + " one algorithm (MD5, SHA-256)",
                        "partitions:", "sip: { digestAlgorithms: [] }\npartitions:"),
                refusal("a call limit of 0", "config/lab.yaml: sip.maxCalls: '0' is out of range (expected: 1-1000000)",
                        "partitions:", "sip: { maxCalls: 0 }\npartitions:"),
                refusal("a session interval under RFC 4028's Min-SE",
                        "config/lab.yaml: sip.sessionExpiresSeconds: '60' is out of range (expected: 90-86400)",
                        "partitions:", "sip: { sessionExpiresSeconds: 60 }\npartitions:"),
                refusal("an administrator with a bad user name", "config/lab.yaml: http.administrators[0].user:"
                                + " 'ad min' is not a valid user name (letters, digits, '.', '_', '~', '-')",
                        "partitions:", "http: { administrators: [{ user: ad min, password: long-enough }] }\npartitions:"),
                refusal("an administrator listed twice", "config/lab.yaml: http.administrators[1].user: 'admin' is"
                                + " already an administrator",
                        "partitions:", "http: { administrators: [{ user: admin, password: long-enough },"
                                + " { user: admin, password: long-enough }] }\npartitions:"),
                refusal("an administrator without a password", "config/lab.yaml: http.administrators[0].password:"
                                + " is required (the administrator's password)",
                        "partitions:", "http: { administrators: [{ user: admin }] }\npartitions:"),
                refusal("a short administrator password, not echoed", "config/lab.yaml: http.administrators[0].password:"
                                + " must be at least 8 characters",
                        "partitions:", "http: { administrators: [{ user: admin, password: short }] }\npartitions:"),
                refusal("a request rate of 0", "config/lab.yaml: sip.requestsPerSecond: '0' is out of range"
                                + " (expected: 1-1000000)",
                        "partitions:", "sip: { requestsPerSecond: 0 }\npartitions:"),
                refusal("a TCP idle time of 0", "config/lab.yaml: sip.tcpIdleSeconds: '0' is out of range"
                                + " (expected: 1-86400)",
                        "partitions:", "sip: { tcpIdleSeconds: 0 }\npartitions:"),
                refusal("a TLS key store without a TLS port", "config/lab.yaml: sip.tlsKeyStore: 'keys.p12' is given"
                                + " but sip.tlsPort is not (expected: a tlsPort to serve TLS on)",
                        "partitions:", "sip: { tlsKeyStore: keys.p12 }\npartitions:"),
                refusal("the TLS port on the SIP port", "config/lab.yaml: sip.tlsPort: '5070' is also sip.port"
                                + " (expected: another port; TCP listens on sip.port)",
                        "partitions:", "sip: { port: 5070, tlsPort: 5070 }\npartitions:"),
                refusal("a trusted source that is a name", "config/lab.yaml: sip.trustedSources[1]: 'pbx.example'"
                                + " is not an IP address or CIDR block (expected e.g. 192.0.2.0/24 or ::1)",
                        "partitions:", "sip: { trustedSources: [10.0.0.0/8, pbx.example] }\npartitions:"),
                refusal("a YAML syntax error", "config/lab.yaml: not valid YAML: line 2, column 20: expected ',' or"
                                + " ']', but got : (while parsing a flow sequence at line 1, column 13)",
                        "[PT_INTERNAL, PT_MANAGER, PT_INTERCOM]", "[PT_INTERNAL, PT_MANAGER"));
    }

    private static Arguments refusal(String what, String message, String... edits) {
        return Arguments.of(what, message, edits);
    }

    @ParameterizedTest(name = "refuses {0}")
    @MethodSource("refusals")
    void parseAndCompile_refuseWithExactMessage(String what, String message, String[] edits) {
        String yaml = with(edits);
        assertRefused(ConfigException.class, message, () -> compile(yaml));
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", "# nothing\n", "---\n"})
    void parse_emptyFile(String yaml) {
        assertRefused(ConfigException.class, "config/lab.yaml: the file is empty", () -> compile(yaml));
    }


    @Test
    void parse_dnWithLeadingZeroStaysText() {
        Cluster cluster = compile(with("dn: \"1002\"", "dn: 0123"));
        IpmaConfig.Line line = cluster.config().phones().get(1).lines().get(0);
        assertEquals("0123", line.dn());
        assertTrue(cluster.owns("assistant", "0123"));
        LineAppearance from = cluster.appearance("assistant", "1112").orElseThrow();
        assertEquals("0123/PT_INTERNAL", cluster.route(from, "0123").target().toString());
    }

    @Test
    void load_missingFile() {
        Path missing = Path.of("no-such-dir", "lab.yaml");
        assertRefused(ConfigException.class, missing + ": no such file", () -> ConfigLoader.load(missing));
    }

    @Test
    void digestAlgorithms_md5AloneByDefault_sha256OnRequestInTheOrderGiven() {
        assertEquals(List.of("MD5"), compile(MINIMAL).config().sip().digestAlgorithms());
        assertEquals(List.of("SHA-256", "MD5"), compile(with("partitions:",
                "sip: { digestAlgorithms: [sha-256, MD5] }\npartitions:")).config().sip().digestAlgorithms());
    }

    @Test
    void http_127001Port8080AndNoAdministratorByDefault_administratorsAsGiven() {
        IpmaConfig.Http http = compile(MINIMAL).config().http();
        assertEquals(new IpmaConfig.Http("127.0.0.1", 8080, List.of()), http);
        IpmaConfig.Http given = compile(with("partitions:",
                "http: { port: 8081, administrators: [{ user: admin, password: lab-admin }] }\npartitions:"))
                .config().http();
        assertEquals(List.of(new IpmaConfig.Administrator("admin", "lab-admin")), given.administrators());
        assertEquals(8081, given.port());
        assertEquals("Administrator[user=admin]", given.administrators().get(0).toString(), "the password is never shown");
    }

    @Test
    void limits_500PerSecondBurst1000LoopbackTrustedTcp300sIdle32PerSource1000InAllByDefault_otherwiseAsGiven() {
        IpmaConfig.Limits defaults = compile(MINIMAL).config().sip().limits();
        assertEquals(500, defaults.requestsPerSecond());
        assertEquals(1000, defaults.requestBurst());
        assertEquals("[127.0.0.0/8, 0:0:0:0:0:0:0:1/128]", defaults.trustedSources().toString());
        assertEquals(List.of(300, 32, 1000), List.of(defaults.tcpIdleSeconds(), defaults.tcpConnectionsPerSource(),
                defaults.tcpMaxConnections()));
        IpmaConfig.Limits tcp = compile(with("partitions:",
                "sip: { tcpIdleSeconds: 30, tcpConnectionsPerSource: 4, tcpMaxConnections: 200 }\npartitions:"))
                .config().sip().limits();
        assertEquals(List.of(30, 4, 200), List.of(tcp.tcpIdleSeconds(), tcp.tcpConnectionsPerSource(),
                tcp.tcpMaxConnections()));
        IpmaConfig.Limits given = compile(with("partitions:",
                "sip: { requestsPerSecond: 50, requestBurst: 80, trustedSources: [192.0.2.1, 10.0.0.0/8] }\npartitions:"))
                .config().sip().limits();
        assertEquals(List.of(50, 80), List.of(given.requestsPerSecond(), given.requestBurst()));
        assertEquals("[192.0.2.1/32, 10.0.0.0/8]", given.trustedSources().toString());
        assertEquals(List.of(), compile(with("partitions:", "sip: { trustedSources: [] }\npartitions:"))
                .config().sip().limits().trustedSources());
    }

    @Test
    void tls_offByDefault_otherwiseThePortAndKeyStoreGiven() {
        assertEquals(IpmaConfig.Tls.OFF, compile(MINIMAL).config().sip().tls());
        assertEquals(new IpmaConfig.Tls(5061, "/etc/openipma/keys.p12", "secret"), compile(with("partitions:",
                "sip: { tlsPort: 5061, tlsKeyStore: /etc/openipma/keys.p12, tlsKeyStorePassword: secret }\npartitions:"))
                .config().sip().tls());
    }

    @Test
    void sessionExpiresSeconds_1800ByDefault_otherwiseAsGiven() {
        assertEquals(1800, compile(MINIMAL).config().sip().sessionExpiresSeconds());
        assertEquals(90, compile(with("partitions:", "sip: { sessionExpiresSeconds: 90 }\npartitions:")).config().sip()
                .sessionExpiresSeconds());
    }

    @Test
    void maxCalls_1000ByDefault_otherwiseAsGiven() {
        assertEquals(1000, compile(MINIMAL).config().sip().maxCalls());
        assertEquals(50, compile(with("partitions:", "sip: { maxCalls: 50 }\npartitions:")).config().sip().maxCalls());
    }

    @Test
    void labYaml_loadsAndCompiles() {
        Cluster cluster = ConfigLoader.loadCluster(labYaml());
        assertEquals(List.of("PT_INTERNAL", "PT_MANAGER", "PT_INTERCOM", "PT_VOICEMAIL", "PT_FEATURES"),
                cluster.config().partitions());
        assertEquals(8 + 18, cluster.dialPlan().patternCount(), "8 lines and route point patterns, 18 feature codes");
        assertEquals(1, cluster.routePointLines().size());
        assertEquals("manager", cluster.managerOfLine("1001").orElseThrow().user());
        assertFalse(cluster.managerOfLine("1002").isPresent());
    }

    @Test
    void labYaml_effectiveCssOfProxyLineIsLineCssThenDeviceCss() {
        Cluster cluster = ConfigLoader.loadCluster(labYaml());
        CallingSearchSpace effective = cluster.appearance("assistant", "1112").orElseThrow().effectiveCss();
        assertEquals("CSS_IPMA+CSS_DEFAULT", effective.name());
        assertEquals(List.of("PT_MANAGER", "PT_INTERNAL", "PT_VOICEMAIL", "PT_FEATURES"), effective.partitions());
        assertEquals("CSS_DEFAULT", cluster.appearance("assistant", "1002").orElseThrow().effectiveCss().name());
    }

    @Test
    void labYaml_ordinaryCallerDialingManagerLandsOnRoutePoint() {
        Cluster cluster = ConfigLoader.loadCluster(labYaml());
        Route route = cluster.route(cluster.appearance("phone3", "1003").orElseThrow(), "1001");
        RoutePointLine routePoint = assertInstanceOf(RoutePointLine.class, route.target());
        assertEquals("100X/PT_INTERNAL", route.pattern() + "/" + route.partition());
        assertEquals("RP_IPMA", routePoint.routePoint().name());
        assertEquals("CSS_IPMA", routePoint.css().name());
    }

    @Test
    void labYaml_proxyLineDialingManagerReachesManagerDirectly() {
        Cluster cluster = ConfigLoader.loadCluster(labYaml());
        Route route = cluster.route(cluster.appearance("assistant", "1112").orElseThrow(), "1001");
        DirectoryNumber number = assertInstanceOf(DirectoryNumber.class, route.target());
        assertEquals("1001/PT_MANAGER", number.toString());
        assertEquals("SEP-MANAGER", number.phones().get(0).name());
    }

    @Test
    void labYaml_routePointForwardNoAnswerReachesManagerThroughCssIpma() {
        Cluster cluster = ConfigLoader.loadCluster(labYaml());
        RoutePointLine routePoint = cluster.routePointLines().get(0);
        assertTrue(routePoint.hasForwardNoAnswer());
        String destination = routePoint.forwardNoAnswerDestination("1001");
        assertEquals("1001", destination);
        assertEquals("CSS_IPMA", routePoint.forwardNoAnswerCss().name());
        Route route = cluster.dialPlan().route(routePoint.forwardNoAnswerCss(), destination);
        assertEquals("1001/PT_MANAGER", route.target().toString());
    }

    @Test
    void labYaml_ownsOnlyTheLinesOnTheUsersPhone() {
        Cluster cluster = ConfigLoader.loadCluster(labYaml());
        assertTrue(cluster.owns("phone3", "1003"));
        assertFalse(cluster.owns("phone3", "1001"));
        assertFalse(cluster.owns("nobody", "1003"));
        assertTrue(cluster.owns("manager", "*1001"));
    }
}
