package org.openipma.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.openipma.routing.Refusals.assertRefused;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openipma.routing.FeatureCode.Action;

class FeatureCodesSectionTest {
    private static final String FILE = "config/lab.yaml";

    /** One phone and the features partition; {@link #features} appends a {@code featureCodes} section. */
    private static final String BASE = """
            partitions: [PT_INTERNAL, PT_FEATURES]
            callingSearchSpaces:
              CSS_DEFAULT: [PT_INTERNAL, PT_FEATURES]
            phones:
              - name: SEP-PHONE3
                user: phone3
                password: pw
                css: CSS_DEFAULT
                lines: [{ dn: "1003", partition: PT_INTERNAL }]
            """;

    private static Cluster features(String section) {
        return Cluster.compile(ConfigLoader.parse(FILE, BASE + "featureCodes:\n" + section));
    }

    private static Map<Action, String> defaults() {
        Map<Action, String> codes = new EnumMap<>(Action.class);
        for (Action action : Action.values()) {
            codes.put(action, action.defaultCode());
        }
        return codes;
    }

    @Test
    void withoutTheSectionThereAreNoFeatureCodes() {
        Cluster cluster = Cluster.compile(ConfigLoader.parse(FILE, BASE));
        assertNull(cluster.config().featureCodes());
        assertEquals(List.of(), cluster.featureCodes());
        assertEquals(1, cluster.dialPlan().patternCount());
    }

    @Test
    void thePartitionAloneGivesEveryCodeItsDefault() {
        Cluster cluster = features("  partition: PT_FEATURES\n");
        assertEquals(new IpmaConfig.FeatureCodeSettings("PT_FEATURES", defaults()), cluster.config().featureCodes());
        assertEquals(List.of("*71", "*72", "*73", "*74", "*75", "*76", "*77", "*78", "*79", "*80", "*81", "*82",
                "*81!", "*82!", "*83", "*84", "*85", "*86"), cluster.featureCodes().stream().map(FeatureCode::pattern).toList());
        assertEquals(1 + 18, cluster.dialPlan().patternCount());
    }

    @Test
    void aCodeSetInTheFileReplacesItsDefault_offRemovesIt() {
        Cluster cluster = features("""
                  partition: PT_FEATURES
                  divertAllOn: "#21"
                  logOutForManager: "**9!"
                  dndOn: off
                """);
        Map<Action, String> expected = defaults();
        expected.put(Action.DIVERT_ALL_ON, "#21");
        expected.put(Action.LOG_OUT_FOR_MANAGER, "**9!");
        expected.remove(Action.DND_ON);
        assertEquals(expected, cluster.config().featureCodes().codes());
        assertEquals(17, cluster.featureCodes().size());
    }

    @Test
    void twoActionsMayTradeDefaultCodes() {
        Cluster cluster = features("""
                  partition: PT_FEATURES
                  divertAllOn: "*72"
                  divertAllOff: "*71"
                """);
        assertEquals("*72", cluster.config().featureCodes().codes().get(Action.DIVERT_ALL_ON));
        assertEquals("*71", cluster.config().featureCodes().codes().get(Action.DIVERT_ALL_OFF));
    }

    /** Rows: what is wrong, the exact message, the section. */
    static Stream<Arguments> refusals() {
        return Stream.of(
                refusal("a misspelt key", "config/lab.yaml: featureCodes.divertAlOn: unknown key (allowed here:"
                                + " defaultAssistant, divertAllOff, divertAllOn, dndOff, dndOn, filterExclusive,"
                                + " filterInclusive, filterOff, filterOn, filterToggle, intercept, logIn, logInForManager, logOut,"
                                + " logOutForManager, nextAssistant, partition, redirect, transferToVoicemail)",
                        "  partition: PT_FEATURES\n  divertAlOn: \"*71\"\n"),
                refusal("no partition", "config/lab.yaml: featureCodes.partition: is required",
                        "  dndOn: \"*73\"\n"),
                refusal("an undeclared partition", "config/lab.yaml: featureCodes.partition: 'PT_FEATURE' is not a"
                                + " declared partition (declared: PT_INTERNAL, PT_FEATURES)",
                        "  partition: PT_FEATURE\n"),
                refusal("a wildcard in a code", "config/lab.yaml: featureCodes.filterOn: '*7X' is not a feature code"
                                + " (1-24 of 0-9 * #, e.g. '*75'), or off",
                        "  partition: PT_FEATURES\n  filterOn: \"*7X\"\n"),
                refusal("a plain code followed by '!'", "config/lab.yaml: featureCodes.logOut: '*82!' is not a feature"
                                + " code (1-24 of 0-9 * #, e.g. '*82'), or off",
                        "  partition: PT_FEATURES\n  logOut: \"*82!\"\n  logOutForManager: off\n"),
                refusal("a code for one manager without '!'", "config/lab.yaml: featureCodes.logInForManager: '*83' is"
                                + " not a code followed by a manager line (1-23 of 0-9 * # then '!', e.g. '*81!'), or off",
                        "  partition: PT_FEATURES\n  logInForManager: \"*83\"\n"),
                refusal("null written for off", "config/lab.yaml: featureCodes.dndOff: 'null' is not a feature code"
                                + " (1-24 of 0-9 * #, e.g. '*74'), or off",
                        "  partition: PT_FEATURES\n  dndOff: null\n"),
                refusal("two actions with one code", "config/lab.yaml: featureCodes.dndOn: '*71' is already the code"
                                + " for divertAllOn",
                        "  partition: PT_FEATURES\n  dndOn: \"*71\"\n"),
                refusal("a code set to another action's default", "config/lab.yaml: featureCodes.filterOn: '*75' (its"
                                + " default) is already the code for divertAllOff",
                        "  partition: PT_FEATURES\n  divertAllOff: \"*75\"\n"),
                refusal("a list for a code", "config/lab.yaml: featureCodes.nextAssistant: expected a single value,"
                                + " found a list",
                        "  partition: PT_FEATURES\n  nextAssistant: [\"*79\"]\n"));
    }

    private static Arguments refusal(String what, String message, String section) {
        return Arguments.of(what, message, section);
    }

    @ParameterizedTest(name = "refuses {0}")
    @MethodSource("refusals")
    void parseAndCompile_refuseWithExactMessage(String what, String message, String section) {
        assertRefused(ConfigException.class, message, () -> features(section));
    }

    @Test
    void aCodeThatIsAlreadyALineInTheFeaturePartitionIsRefusedWhenCompiled() {
        String yaml = BASE.replace("{ dn: \"1003\", partition: PT_INTERNAL }",
                "{ dn: \"1003\", partition: PT_INTERNAL }, { dn: \"*75\", partition: PT_FEATURES }")
                + "featureCodes:\n  partition: PT_FEATURES\n";
        assertRefused(ConfigException.class, "config/lab.yaml: featureCodes.filterOn: pattern '*75' in partition"
                + " PT_FEATURES is already declared (owned by line of phone SEP-PHONE3)",
                () -> Cluster.compile(ConfigLoader.parse(FILE, yaml)));
    }
}
