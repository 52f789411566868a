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

class LintCommandTest {

    @Test
    void labConfigurationIsClean() {
        CliRun run = ipma("lint", "--config", CliRun.LAB.toString());
        assertEquals(0, run.exit(), run.err());
        assertEquals(List.of(CliRun.LAB + ": no findings"), run.outLines());
    }

    @Test
    void findingsArePrintedWithPathCodeMessageAndFix(@TempDir Path dir) throws Exception {
        Path config = labWithManagerPartitionInDefaultCss(dir);
        CliRun run = ipma("lint", "--config", config.toString());
        assertEquals(1, run.exit(), run.err());
        assertEquals(List.of(
                config + ": 1 finding",
                config + ": callingSearchSpaces.CSS_DEFAULT: [CSS_BYPASSES_INTERCEPTION] CSS_DEFAULT lists PT_MANAGER,"
                        + " which holds manager line 1001/PT_MANAGER: every line using it calls the manager directly"
                        + " and bypasses interception",
                "  fix: remove PT_MANAGER from CSS_DEFAULT; only the route point, proxy line, CFNA and MWI CSSes"
                        + " (CSS_IPMA, CSS_MWI) may list it"),
                run.outLines());
    }

    @Test
    void jsonListsTheFindings(@TempDir Path dir) throws Exception {
        Path config = labWithManagerPartitionInDefaultCss(dir);
        CliRun run = ipma("lint", "--config", config.toString(), "--json");
        assertEquals(1, run.exit(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals(config.toString(), json.get("config").asText());
        assertEquals(1, json.get("findings").size());
        assertEquals("CSS_BYPASSES_INTERCEPTION", json.at("/findings/0/code").asText());
        assertEquals("callingSearchSpaces.CSS_DEFAULT", json.at("/findings/0/path").asText());
    }

    @Test
    void invalidConfigIsOneLineOnStderr(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("broken.yaml");
        Files.writeString(config, "partitions: [PT_INTERNAL]\nphone: []\n");
        CliRun run = ipma("lint", "--config", config.toString());
        assertEquals(2, run.exit());
        assertEquals(List.of(config + ": phone: unknown key (allowed here: callingSearchSpaces, database, featureCodes, http,"
                + " managers, partitions, phones, routePoints, routingService, sip, voicemail)"), run.errLines());
        assertEquals("", run.out());
    }

    private static Path labWithManagerPartitionInDefaultCss(Path dir) throws Exception {
        String lab = Files.readString(CliRun.LAB);
        String css = "CSS_DEFAULT: [PT_INTERNAL, PT_VOICEMAIL, PT_FEATURES]";
        assertEquals(true, lab.contains(css), "the lab changed: " + css);
        Path config = dir.resolve("bypass.yaml");
        Files.writeString(config, lab.replace(css, "CSS_DEFAULT: [PT_INTERNAL, PT_MANAGER, PT_VOICEMAIL, PT_FEATURES]"));
        return config;
    }
}
