package org.openipma.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openipma.routing.LintFinding.Code;

class LintTest {
    /** The seed's lab, trimmed to what lint looks at; each test breaks one thing in it. */
    private static final String LAB = """
            partitions: [PT_INTERNAL, PT_MANAGER, PT_INTERCOM, PT_VOICEMAIL, PT_PROXY]
            callingSearchSpaces:
              CSS_DEFAULT: [PT_INTERNAL, PT_VOICEMAIL]
              CSS_IPMA: [PT_MANAGER, PT_INTERNAL, PT_VOICEMAIL]
              CSS_INTERCOM: [PT_INTERCOM]
              CSS_MWI: [PT_MANAGER, PT_INTERNAL]
            phones:
              - name: SEP-MANAGER
                user: manager
                password: m
                css: CSS_DEFAULT
                lines:
                  - { dn: "1001", partition: PT_MANAGER }
                  - { dn: "*1001", partition: PT_INTERCOM, css: CSS_INTERCOM, intercom: true }
              - name: SEP-ASSISTANT
                user: assistant
                password: a
                css: CSS_DEFAULT
                lines:
                  - { dn: "1002", partition: PT_INTERNAL }
                  - { dn: "1112", partition: PT_INTERNAL, css: CSS_IPMA }
                  - { dn: "*1002", partition: PT_INTERCOM, css: CSS_INTERCOM, intercom: true }
              - name: SEP-PHONE3
                user: phone3
                password: p
                css: CSS_DEFAULT
                lines:
                  - { dn: "1003", partition: PT_INTERNAL }
            routePoints:
              - name: RP_IPMA
                css: CSS_IPMA
                lines:
                  - { dn: "100X", partition: PT_INTERNAL, forwardNoAnswer: { destination: "100X", css: CSS_IPMA } }
            managers:
              - user: manager
                lines: ["1001"]
                assistants:
                  - { user: assistant, default: true, proxyLines: { "1001": "1112" } }
            voicemail:
              pilot: "8000"
              mwiCss: CSS_MWI
            """;

    @Test
    void theLabConfigurationHasNoFindings() throws Exception {
        Path lab = Path.of("..", "config", "lab.yaml");
        assertTrue(Files.exists(lab), lab.toAbsolutePath() + " is missing");
        assertEquals(List.of(), Lint.check(ConfigLoader.loadCluster(lab)));
    }

    @Test
    void theTrimmedLabHasNoFindings() {
        assertEquals(List.of(), lint(LAB));
    }

    @Test
    void ordinaryCssListingTheManagerPartitionBypassesInterception() {
        assertFindings(change("CSS_DEFAULT: [PT_INTERNAL, PT_VOICEMAIL]", "CSS_DEFAULT: [PT_INTERNAL, PT_MANAGER, PT_VOICEMAIL]"),
                finding(Code.CSS_BYPASSES_INTERCEPTION, "callingSearchSpaces.CSS_DEFAULT",
                        "CSS_DEFAULT lists PT_MANAGER, which holds manager line 1001/PT_MANAGER: every line using it"
                                + " calls the manager directly and bypasses interception",
                        "remove PT_MANAGER from CSS_DEFAULT; only the route point, proxy line, CFNA and MWI CSSes"
                                + " (CSS_IPMA, CSS_MWI) may list it"));
    }

    @Test
    void ordinaryPhoneGivenTheRoutePointCssIsNotIntercepted() {
        assertFindings(change("password: p\n    css: CSS_DEFAULT", "password: p\n    css: CSS_IPMA"),
                finding(Code.MANAGER_LINE_NOT_INTERCEPTED, "managers[0].lines[0]",
                        "callers through CSS_IPMA (1003/PT_INTERNAL on SEP-PHONE3) dialing 1001 reach 1001/PT_MANAGER"
                                + " (line of phone SEP-MANAGER), not a route point: they bypass interception",
                        "give these lines a CSS that does not list PT_MANAGER; CSS_IPMA is meant for the route point,"
                                + " proxy lines, CFNA or MWI"));
    }

    @Test
    void managerLineThatNoRoutePointPatternCoversIsNotCovered() {
        String notCovered = " dialing 1001 reach nothing: no route point pattern covering 1001 is in a partition they reach";
        String fix = "add a route point line whose pattern covers 1001 in a partition CSS_DEFAULT lists"
                + " (such as 1001 in PT_INTERNAL)";
        assertFindings(change("{ dn: \"100X\"", "{ dn: \"200X\""),
                finding(Code.MANAGER_LINE_NOT_COVERED, "managers[0].lines[0]",
                        "callers through CSS_DEFAULT (1001/PT_MANAGER on SEP-MANAGER, 1002/PT_INTERNAL on SEP-ASSISTANT,"
                                + " 1003/PT_INTERNAL on SEP-PHONE3)" + notCovered, fix),
                finding(Code.MANAGER_LINE_NOT_COVERED, "managers[0].lines[0]",
                        "callers through CSS_INTERCOM+CSS_DEFAULT (*1001/PT_INTERCOM on SEP-MANAGER,"
                                + " *1002/PT_INTERCOM on SEP-ASSISTANT)" + notCovered, fix));
    }

    @Test
    void routePointPatternOutsideTheCallersCssIsNamedInTheFix() {
        List<LintFinding> findings = lint(change("CSS_DEFAULT: [PT_INTERNAL, PT_VOICEMAIL]", "CSS_DEFAULT: [PT_VOICEMAIL]"));
        assertEquals(Code.MANAGER_LINE_NOT_COVERED, findings.get(0).code());
        assertEquals("list PT_INTERNAL (RP_IPMA's 100X) in CSS_DEFAULT", findings.get(0).fix());
    }

    @Test
    void phoneLineCloserThanTheRoutePointPatternBypassesInterception() {
        String bypass = " dialing 1001 reach 1001/PT_INTERNAL (line of phone SEP-PHONE3), not a route point: that pattern"
                + " is closer than the route point's, so they bypass interception";
        assertFindings(change("  - { dn: \"1003\", partition: PT_INTERNAL }",
                        "  - { dn: \"1003\", partition: PT_INTERNAL }\n      - { dn: \"1001\", partition: PT_INTERNAL }"),
                finding(Code.MANAGER_LINE_NOT_INTERCEPTED, "managers[0].lines[0]",
                        "callers through CSS_DEFAULT (1001/PT_MANAGER on SEP-MANAGER, 1002/PT_INTERNAL on SEP-ASSISTANT,"
                                + " 1003/PT_INTERNAL on SEP-PHONE3 and 1 more)" + bypass,
                        "renumber 1001/PT_INTERNAL or move it to a partition CSS_DEFAULT does not list, so that a route"
                                + " point pattern is the closest match"),
                finding(Code.MANAGER_LINE_NOT_INTERCEPTED, "managers[0].lines[0]",
                        "callers through CSS_INTERCOM+CSS_DEFAULT (*1001/PT_INTERCOM on SEP-MANAGER,"
                                + " *1002/PT_INTERCOM on SEP-ASSISTANT)" + bypass,
                        "renumber 1001/PT_INTERNAL or move it to a partition CSS_INTERCOM+CSS_DEFAULT does not list,"
                                + " so that a route point pattern is the closest match"));
    }

    @Test
    void managerLineInTheOrdinaryPartitionIsReportedOnceOnItsPartition() {
        assertFindings(change("{ dn: \"1001\", partition: PT_MANAGER }", "{ dn: \"1001\", partition: PT_INTERNAL }"),
                finding(Code.MANAGER_PARTITION_SHARED, "phones[0].lines[0].partition",
                        "manager line 1001/PT_INTERNAL shares its partition with 1002 (line of phone SEP-ASSISTANT),"
                                + " 1112 (line of phone SEP-ASSISTANT), 1003 (line of phone SEP-PHONE3) and 1 more: every"
                                + " CSS that reaches them reaches the manager directly",
                        "put 1001 in a partition of its own that only the route point, proxy line, CFNA and MWI CSSes"
                                + " list"));
    }

    @Test
    void proxyLineWithoutTheRoutePointCssCannotReachItsManager() {
        assertFindings(change("{ dn: \"1112\", partition: PT_INTERNAL, css: CSS_IPMA }", "{ dn: \"1112\", partition: PT_INTERNAL }"),
                finding(Code.PROXY_LINE_CANNOT_REACH_MANAGER, "phones[1].lines[1].css",
                        "proxy line 1112/PT_INTERNAL on SEP-ASSISTANT (CSS CSS_DEFAULT) dialing 1001 reaches"
                                + " 100X/PT_INTERNAL (route point RP_IPMA), not the manager's line 1001/PT_MANAGER: the"
                                + " assistant cannot hand calls back to the manager",
                        "set its line CSS to CSS_IPMA, which reaches 1001/PT_MANAGER"));
    }

    @Test
    void routePointLineWithoutCfnaIsReported() {
        assertFindings(change(", forwardNoAnswer: { destination: \"100X\", css: CSS_IPMA }", ""),
                finding(Code.ROUTE_POINT_WITHOUT_CFNA, "routePoints[0].lines[0].forwardNoAnswer",
                        "route point RP_IPMA line 100X/PT_INTERNAL has no Call Forward No Answer: when the routing"
                                + " service fails, its calls have nowhere to go",
                        "add forwardNoAnswer: { destination: \"100X\", css: CSS_IPMA }"));
    }

    @Test
    void cfnaOfARoutePointPatternThatNeverTakesTheManagersCallsIsNotChecked() {
        // 1! matches 1001 too, but 100X is closer: calls to 1001 never land on 1!, so its CFNA cannot miss them.
        assertFindings(change("    lines:\n      - { dn: \"100X\"",
                "    lines:\n      - { dn: \"1!\", partition: PT_INTERNAL, forwardNoAnswer: { destination: \"1999\" } }"
                        + "\n      - { dn: \"100X\""));
    }

    @Test
    void cfnaThroughTheDefaultCssComesBackToTheRoutePoint() {
        assertFindings(change("destination: \"100X\", css: CSS_IPMA", "destination: \"100X\", css: CSS_DEFAULT"),
                finding(Code.CFNA_DOES_NOT_REACH_MANAGER, "routePoints[0].lines[0].forwardNoAnswer",
                        "CFNA 100X → 1001 through CSS_DEFAULT reaches 100X/PT_INTERNAL (route point RP_IPMA), not the"
                                + " manager's line 1001/PT_MANAGER: when the routing service fails, calls to 1001 miss"
                                + " the manager",
                        "use CSS_IPMA instead, which reaches 1001/PT_MANAGER (ordinary lines use CSS_DEFAULT, so it must"
                                + " not list PT_MANAGER)"));
    }

    @Test
    void cfnaMaskThatChangesTheNumberMissesTheManager() {
        assertFindings(change("destination: \"100X\", css: CSS_IPMA", "destination: \"2XXX\", css: CSS_IPMA"),
                finding(Code.CFNA_DOES_NOT_REACH_MANAGER, "routePoints[0].lines[0].forwardNoAnswer",
                        "CFNA 2XXX → 2001 through CSS_IPMA reaches nothing (not found), not the manager's line"
                                + " 1001/PT_MANAGER: when the routing service fails, calls to 1001 miss the manager",
                        "set the destination to a mask that keeps the dialed number, such as \"100X\""));
    }

    @Test
    void routePointCssWithoutTheManagerPartitionCannotPutCallsThrough() {
        assertFindings(change("  css: CSS_IPMA\n    lines:", "  css: CSS_DEFAULT\n    lines:"),
                finding(Code.ROUTE_POINT_CANNOT_REACH_MANAGER, "routePoints[0].css",
                        "route point RP_IPMA's CSS CSS_DEFAULT dialing 1001 reaches 100X/PT_INTERNAL (route point"
                                + " RP_IPMA), not the manager's line 1001/PT_MANAGER: calls it decides to put through to"
                                + " the manager cannot be placed",
                        "use CSS_IPMA instead, which reaches 1001/PT_MANAGER (ordinary lines use CSS_DEFAULT, so it must"
                                + " not list PT_MANAGER)"));
    }

    @Test
    void routePointCssMissingTheProxyPartitionCannotOfferCallsToTheAssistant() {
        assertFindings(change("{ dn: \"1112\", partition: PT_INTERNAL", "{ dn: \"1112\", partition: PT_PROXY"),
                finding(Code.ROUTE_POINT_CANNOT_REACH_PROXY_LINE, "routePoints[0].css",
                        "route point RP_IPMA's CSS CSS_IPMA dialing 1112 reaches nothing (not found), not the proxy line"
                                + " 1112/PT_PROXY of assistant: intercepted calls to 1001 cannot be offered to the"
                                + " assistant",
                        "list PT_PROXY in CSS_IPMA"));
    }

    @Test
    void voicemailWithoutMwiCssIsReported() {
        assertFindings(change("  mwiCss: CSS_MWI\n", "").replace("  CSS_MWI: [PT_MANAGER, PT_INTERNAL]\n", ""),
                finding(Code.MWI_CSS_MISSING, "voicemail.mwiCss",
                        "voicemail 8000 has no MWI CSS: it cannot light the message lamp of manager line 1001/PT_MANAGER",
                        "set voicemail.mwiCss to CSS_IPMA, which reaches every manager line"));
    }

    @Test
    void noVoicemailSectionAsksForNoMwiCss() {
        assertFindings(change("voicemail:\n  pilot: \"8000\"\n  mwiCss: CSS_MWI\n", "")
                .replace("  CSS_MWI: [PT_MANAGER, PT_INTERNAL]\n", ""));
    }

    @Test
    void mwiCssWithoutTheManagerPartitionCannotLightTheLamp() {
        assertFindings(change("CSS_MWI: [PT_MANAGER, PT_INTERNAL]", "CSS_MWI: [PT_INTERNAL]"),
                finding(Code.MWI_CSS_CANNOT_REACH_MANAGER, "voicemail.mwiCss",
                        "MWI CSS CSS_MWI dialing 1001 reaches 100X/PT_INTERNAL (route point RP_IPMA), not the manager's"
                                + " line 1001/PT_MANAGER: the voicemail system cannot light its message lamp",
                        "list PT_MANAGER in CSS_MWI, or use CSS_IPMA, which reaches 1001/PT_MANAGER"));
    }

    @Test
    void ordinaryCssListingTheIntercomPartitionReachesIntercomLines() {
        assertFindings(change("CSS_DEFAULT: [PT_INTERNAL, PT_VOICEMAIL]", "CSS_DEFAULT: [PT_INTERNAL, PT_VOICEMAIL, PT_INTERCOM]"),
                finding(Code.INTERCOM_REACHABLE, "callingSearchSpaces.CSS_DEFAULT",
                        "CSS_DEFAULT reaches intercom lines *1001/PT_INTERCOM, *1002/PT_INTERCOM: any line using it can"
                                + " call straight onto an auto-answer speakerphone",
                        "remove PT_INTERCOM from CSS_DEFAULT; only intercom line CSSes (CSS_INTERCOM) should list it"));
    }

    private static LintFinding finding(Code code, String path, String message, String fix) {
        return new LintFinding(code, path, message, fix);
    }

    private static void assertFindings(String yaml, LintFinding... expected) {
        assertEquals(List.of(expected), lint(yaml));
    }

    /** The trimmed lab with {@code from} replaced by {@code to}; fails if {@code from} is not there. */
    private static String change(String from, String to) {
        assertTrue(LAB.contains(from), "the fixture does not contain: " + from);
        return LAB.replace(from, to);
    }

    private static List<LintFinding> lint(String yaml) {
        return Lint.check(Cluster.compile(ConfigLoader.parse("test.yaml", yaml)));
    }
}
