package org.openipma.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openipma.routing.LintFinding.Code;

class FeatureCodeLintTest {
    private static final Set<Code> FEATURE_CODES = Set.of(Code.FEATURE_CODES_UNREACHABLE, Code.FEATURE_CODE_SHADOWED,
            Code.NUMBER_SHADOWED_BY_FEATURE_CODE);

    /** {@link FeatureCodeLab} with the edits {@code from, to, from, to...} applied; only the feature-code findings. */
    private static List<LintFinding> lint(String... edits) {
        String yaml = FeatureCodeLab.YAML;
        for (int i = 0; i < edits.length; i += 2) {
            assertTrue(yaml.contains(edits[i]), "the fixture does not contain: " + edits[i]);
            yaml = yaml.replace(edits[i], edits[i + 1]);
        }
        return Lint.check(Cluster.compile(ConfigLoader.parse("feature-lab.yaml", yaml))).stream()
                .filter(finding -> FEATURE_CODES.contains(finding.code())).toList();
    }

    @Test
    void theFeatureLabHasNoFeatureCodeFindings() {
        assertEquals(List.of(), lint());
    }

    @Test
    void aConfigurationWithoutFeatureCodesHasNoFeatureCodeFindings() {
        assertEquals(List.of(), lint("featureCodes:\n  partition: PT_FEATURES\n", ""));
    }

    @Test
    void aManagerWhosePhoneCannotReachTheCodes() {
        assertEquals(List.of(new LintFinding(Code.FEATURE_CODES_UNREACHABLE, "managers[1].user",
                        "manager boss's phone SEP-BOSS reaches no feature code: no CSS of its lines 2001/PT_MANAGER on"
                                + " SEP-BOSS (CSS_LOBBY), 2002/PT_MANAGER on SEP-BOSS (CSS_LOBBY) lists PT_FEATURES",
                        "list PT_FEATURES in CSS_LOBBY (SEP-BOSS's device CSS)")),
                lint("user: boss, password: b, css: CSS_DEFAULT", "user: boss, password: b, css: CSS_LOBBY"));
    }

    @Test
    void anAssistantOfTwoManagersIsReportedOnce() {
        assertEquals(List.of(new LintFinding(Code.FEATURE_CODES_UNREACHABLE, "managers[0].assistants[1].user",
                        "assistant assistant2's phone SEP-ASSISTANT2 reaches no feature code: no CSS of its lines"
                                + " 1004/PT_INTERNAL on SEP-ASSISTANT2 (CSS_LOBBY), 1114/PT_INTERNAL on SEP-ASSISTANT2"
                                + " (CSS_IPMA+CSS_LOBBY), 2114/PT_INTERNAL on SEP-ASSISTANT2 (CSS_IPMA+CSS_LOBBY) lists"
                                + " PT_FEATURES",
                        "list PT_FEATURES in CSS_LOBBY (SEP-ASSISTANT2's device CSS)")),
                lint("user: assistant2, password: a, css: CSS_DEFAULT", "user: assistant2, password: a, css: CSS_LOBBY"));
    }

    @Test
    void aNumberInAnEarlierPartitionHidesTheCode() {
        List<LintFinding> findings = lint("lines: [{ dn: \"1003\", partition: PT_INTERNAL }]",
                "lines: [{ dn: \"1003\", partition: PT_INTERNAL }, { dn: \"*71\", partition: PT_INTERNAL }]");
        assertEquals(new LintFinding(Code.FEATURE_CODE_SHADOWED, "featureCodes.divertAllOn",
                "callers through CSS_DEFAULT dialing *71 reach *71/PT_INTERNAL (line of phone SEP-PHONE3), not"
                        + " *71/PT_FEATURES (feature code Divert All on): a closer or earlier pattern hides the code",
                "set featureCodes.divertAllOn to a code no number uses, or renumber *71/PT_INTERNAL"), findings.get(0));
        assertEquals(List.of(Code.FEATURE_CODE_SHADOWED), findings.stream().map(LintFinding::code).distinct().toList());
    }

    @Test
    void aCodeInAnEarlierPartitionHidesTheNumber() {
        String phone3 = "lines: [{ dn: \"1003\", partition: PT_INTERNAL }]";
        String withStar75 = "lines: [{ dn: \"1003\", partition: PT_INTERNAL }, { dn: \"*75\", partition: PT_INTERNAL }]";
        List<LintFinding> findings = lint(phone3, withStar75,
                "CSS_DEFAULT: [PT_INTERNAL, PT_FEATURES]", "CSS_DEFAULT: [PT_FEATURES, PT_INTERNAL]");
        assertEquals(new LintFinding(Code.NUMBER_SHADOWED_BY_FEATURE_CODE, "featureCodes.filterOn",
                "callers through CSS_DEFAULT dialing *75 reach *75/PT_FEATURES (feature code filter on), not the line of"
                        + " phone SEP-PHONE3 *75/PT_INTERNAL: PT_FEATURES is listed first",
                "set featureCodes.filterOn to a code no number uses, or renumber *75/PT_INTERNAL"), findings.get(0));
        // The proxy lines search CSS_IPMA (PT_INTERNAL) before CSS_DEFAULT: for them the number hides the code.
        assertEquals(List.of("CSS_DEFAULT", "CSS_IPMA+CSS_DEFAULT"),
                findings.stream().map(f -> f.message().split(" ")[2]).toList());
        assertEquals(Code.FEATURE_CODE_SHADOWED, findings.get(1).code());
    }
}
