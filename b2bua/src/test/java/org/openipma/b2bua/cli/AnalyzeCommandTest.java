package org.openipma.b2bua.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.openipma.b2bua.cli.CliRun.ipma;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyzeCommandTest {
    /** {@code ipma analyze --config <the lab> <args>}. */
    private static CliRun analyzeLab(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "analyze";
        all[1] = "--config";
        all[2] = CliRun.LAB.toString();
        System.arraycopy(args, 0, all, 3, args.length);
        return ipma(all);
    }

    @Test
    void ordinaryPhoneDialingTheManagerLandsOnTheRoutePoint() {
        CliRun run = analyzeLab("--from", "1003", "--dial", "1001");
        assertEquals(0, run.exit(), run.err());
        assertEquals("", run.err());
        assertEquals(List.of(
                "from        1003/PT_INTERNAL on SEP-PHONE3",
                "dialed      1001",
                "CSS         CSS_DEFAULT (device CSS), searched in order: PT_INTERNAL, PT_VOICEMAIL, PT_FEATURES",
                "reaches     100X/PT_INTERNAL: route point RP_IPMA",
                "onward      route point RP_IPMA decides (CSS_IPMA); its CFNA 100X → 1001 reaches 1001/PT_MANAGER",
                "candidates",
                "  100X/PT_INTERNAL  route point RP_IPMA        10 strings  closest match",
                "  1001/PT_MANAGER   line of phone SEP-MANAGER   1 string   partition not in the CSS"),
                run.outLines());
    }

    @Test
    void proxyLineDialingTheManagerReachesTheManagersLine() {
        CliRun run = analyzeLab("--from", "1112", "--dial", "1001");
        assertEquals(0, run.exit(), run.err());
        assertEquals(List.of(
                "from        1112/PT_INTERNAL on SEP-ASSISTANT",
                "dialed      1001",
                "CSS         CSS_IPMA+CSS_DEFAULT (line CSS CSS_IPMA, then device CSS CSS_DEFAULT), searched in order:"
                        + " PT_MANAGER, PT_INTERNAL, PT_VOICEMAIL, PT_FEATURES",
                "reaches     1001/PT_MANAGER: line of phone SEP-MANAGER",
                "candidates",
                "  1001/PT_MANAGER   line of phone SEP-MANAGER   1 string   closest match",
                "  100X/PT_INTERNAL  route point RP_IPMA        10 strings  less specific than the winner"),
                run.outLines());
    }

    @Test
    void fromAcceptsThePartition() {
        CliRun run = analyzeLab("--from", "1001/PT_MANAGER", "--dial", "1003");
        assertEquals(0, run.exit(), run.err());
        assertEquals("reaches     1003/PT_INTERNAL: line of phone SEP-PHONE3", run.outLines().get(3));
    }

    @Test
    void digitsNoReachablePatternMatchesAreNotFound() {
        CliRun run = analyzeLab("--from", "1003", "--dial", "9999");
        assertEquals(1, run.exit());
        assertEquals(List.of(
                "reaches     nothing: no pattern in CSS_DEFAULT matches 9999 (the caller hears \"not found\")",
                "candidates  none: no pattern in any partition matches 9999"),
                run.outLines().subList(3, 5));
    }

    @Test
    void intercomDialedFromAnOrdinaryLineIsNotFoundButListed() {
        CliRun run = analyzeLab("--from", "1003", "--dial", "*1001");
        assertEquals(1, run.exit());
        assertEquals("  *1001/PT_INTERCOM  intercom line of phone SEP-MANAGER  1 string   partition not in the CSS",
                run.outLines().get(5));
    }

    @Test
    void jsonCarriesTheWinnerTheOnwardRouteAndEveryCandidate() throws Exception {
        CliRun run = analyzeLab("--from", "1003", "--dial", "1001", "--json");
        assertEquals(0, run.exit(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals(true, json.get("routed").asBoolean());
        assertEquals("100X", json.at("/winner/pattern").asText());
        assertEquals("ROUTE_POINT", json.at("/winner/kind").asText());
        assertEquals(List.of("PT_INTERNAL", "PT_VOICEMAIL", "PT_FEATURES"), List.of(json.at("/css/partitions/0").asText(),
                json.at("/css/partitions/1").asText(), json.at("/css/partitions/2").asText()));
        assertEquals("1001/PT_MANAGER", json.at("/onward/forwardNoAnswer/reaches").asText());
        assertEquals("PARTITION_NOT_IN_CSS", json.at("/candidates/1/verdict").asText());
        assertEquals(-1, json.at("/candidates/1/cssPosition").asInt());
    }

    @Test
    void aFeatureCodeIsAPatternLikeAnyOther() {
        CliRun run = analyzeLab("--from", "1003", "--dial", "*821001");
        assertEquals(0, run.exit(), run.err());
        assertEquals(List.of(
                "reaches     *82!/PT_FEATURES: feature code assistant log out (one manager)",
                "candidates",
                "  *82!/PT_FEATURES  feature code assistant log out (one manager)  10000 strings  closest match"),
                run.outLines().subList(3, 6));
    }

    @Test
    void unknownFromLineIsRefusedWithTheLinesThereAre() {
        CliRun run = analyzeLab("--from", "1001/PT_INTERNAL", "--dial", "1001");
        assertEquals(2, run.exit());
        assertEquals(List.of("--from '1001/PT_INTERNAL': no such phone line (lines: *1001/PT_INTERCOM,"
                + " *1002/PT_INTERCOM, 1001/PT_MANAGER, 1002/PT_INTERNAL, 1003/PT_INTERNAL, 1112/PT_INTERNAL,"
                + " 8000/PT_VOICEMAIL)"), run.errLines());
        assertEquals("", run.out());
    }

    @Test
    void brokenConfigIsOneLineOnStderr(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("broken.yaml");
        Files.writeString(config, Files.readString(CliRun.LAB).replace("css: CSS_IPMA, display", "css: CSS_IMPA, display"));
        CliRun run = ipma("analyze", "--config", config.toString(), "--from", "1003", "--dial", "1001");
        assertEquals(2, run.exit());
        assertEquals(List.of(config + ": phones[1].lines[1].css: 'CSS_IMPA' is not defined (defined: CSS_DEFAULT,"
                + " CSS_IPMA, CSS_INTERCOM, CSS_MWI)"), run.errLines());
        assertEquals("", run.out());
    }

    @Test
    void missingConfigFileIsOneLineOnStderr(@TempDir Path dir) {
        Path config = dir.resolve("absent.yaml");
        CliRun run = ipma("analyze", "--config", config.toString(), "--from", "1003", "--dial", "1001");
        assertEquals(2, run.exit());
        assertEquals(List.of(config + ": no such file"), run.errLines());
    }
}
