package org.openipma.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.openipma.routing.Refusals.assertRefused;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openipma.routing.FeatureCode.Action;

/** Digit analysis lands on feature codes like on any pattern: through the caller's CSS, by closest match. */
class FeatureCodeRoutingTest {
    private final Cluster cluster = FeatureCodeLab.cluster();

    private Route dial(String user, String digits) {
        return cluster.route(FeatureCodeLab.line(cluster, user), digits);
    }

    @ParameterizedTest(name = "{0} dialing {1} reaches {2}")
    @CsvSource({
            "manager,    *71,      DIVERT_ALL_ON",
            "manager,    *80,      DEFAULT_ASSISTANT",
            "phone3,     *73,      DND_ON",
            "assistant,  *81,      LOG_IN",
            "assistant,  *82,      LOG_OUT",
            "assistant,  *811001,  LOG_IN_FOR_MANAGER",
            "assistant2, *822001,  LOG_OUT_FOR_MANAGER"})
    void aCallerWhoseCssListsTheFeaturePartitionReachesTheCode(String user, String digits, Action action) {
        Route route = dial(user, digits);
        FeatureCode code = assertInstanceOf(FeatureCode.class, route.target());
        assertEquals(action, code.action());
        assertEquals(Target.Kind.FEATURE_CODE, code.kind());
        assertEquals("PT_FEATURES", route.partition());
    }

    @Test
    void aCallerWhoseCssDoesNotListTheFeaturePartitionFindsNothing() {
        assertFalse(dial("lobby", "*71").isFound());
        assertFalse(dial("lobby", "*821001").isFound());
    }

    @Test
    void theCodeAloneIsNotTheCodeForOneManager_bangNeedsAtLeastOneDigit() {
        assertEquals(Action.LOG_OUT, ((FeatureCode) dial("assistant", "*82").target()).action());
        assertEquals(Action.LOG_OUT_FOR_MANAGER, ((FeatureCode) dial("assistant", "*820").target()).action());
    }

    @Test
    void unknownCodesInTheFeatureRangeAreNotFound() {
        assertFalse(dial("manager", "*70").isFound());
        assertFalse(dial("manager", "*87").isFound());
    }

    @Test
    void aCloserPatternWinsOverACodeForOneManager() {
        String yaml = FeatureCodeLab.YAML.replace("lines: [{ dn: \"1003\", partition: PT_INTERNAL }]",
                "lines: [{ dn: \"1003\", partition: PT_INTERNAL }, { dn: \"*8200\", partition: PT_INTERNAL }]");
        Cluster withDn = Cluster.compile(ConfigLoader.parse("feature-lab.yaml", yaml));
        Route route = withDn.route(FeatureCodeLab.line(withDn, "manager"), "*8200");
        assertEquals("*8200/PT_INTERNAL (line of phone SEP-PHONE3)", route.toString());
    }

    @Test
    void describeNamesTheAction() {
        assertEquals("*71/PT_FEATURES (feature code Divert All on)", dial("manager", "*71").toString());
        assertEquals("*82!/PT_FEATURES (feature code assistant log out (one manager))",
                dial("assistant", "*821001").toString());
    }

    @Test
    void theManagerLineIsTheDigitsAfterTheCode() {
        FeatureCode code = (FeatureCode) dial("assistant", "*821001").target();
        assertEquals("1001", code.managerLine("*821001"));
        assertRefused(IllegalArgumentException.class, "'*82' is not *82 followed by a manager line",
                () -> code.managerLine("*82"));
        FeatureCode plain = (FeatureCode) dial("assistant", "*82").target();
        assertRefused(IllegalArgumentException.class, "feature code *82 takes no manager line",
                () -> plain.managerLine("*821001"));
    }

    @Test
    void theLabReachesTheCodesFromEveryPhoneButNotFromAnIntercomOnlyCss() throws Exception {
        Path lab = Path.of("..", "config", "lab.yaml");
        Cluster labCluster = ConfigLoader.loadCluster(Files.exists(lab) ? lab : Path.of("config", "lab.yaml"));
        for (String user : new String[] {"manager", "assistant", "phone3"}) {
            LineAppearance line = FeatureCodeLab.line(labCluster, user);
            assertInstanceOf(FeatureCode.class, labCluster.route(line, "*71").target(), user);
        }
        CallingSearchSpace intercom = labCluster.css("CSS_INTERCOM").orElseThrow();
        assertFalse(labCluster.dialPlan().route(intercom, "*71").isFound());
    }
}
