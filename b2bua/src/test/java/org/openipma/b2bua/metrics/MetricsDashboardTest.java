package org.openipma.b2bua.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/grafana/openipma-dashboard.json} is valid JSON for a current Grafana (schema 39, a Prometheus
 * datasource variable every panel uses), and every metric its queries name exists in a scrape: renaming a
 * metric without the dashboard fails here.
 */
class MetricsDashboardTest {
    private static final Pattern METRIC = Pattern.compile("\\b((?:ipma|jvm|process)_[a-z_]+)\\b");

    private static Path dashboard() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path file = dir.resolve("docs/grafana/openipma-dashboard.json");
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new IllegalStateException("no docs/grafana/openipma-dashboard.json above " + Path.of("").toAbsolutePath());
    }

    /** The sample names of a scrape: each line's first token up to its labels. */
    private static Set<String> scrapedNames() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new IpmaMetrics().writeTo(out);
        Set<String> names = new TreeSet<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    private static List<JsonNode> panels(JsonNode root) {
        List<JsonNode> panels = new ArrayList<>();
        root.get("panels").forEach(panel -> {
            if (!panel.path("type").asText().equals("row")) {
                panels.add(panel);
            }
            panel.path("panels").forEach(panels::add);
        });
        return panels;
    }

    @Test
    void theDashboardIsGrafanaJsonWithAPrometheusDatasourceVariableThatEveryPanelUses() throws IOException {
        JsonNode root = new ObjectMapper().readTree(dashboard().toFile());

        assertEquals(39, root.get("schemaVersion").asInt());
        JsonNode datasource = root.get("templating").get("list").get(0);
        assertEquals("datasource", datasource.get("type").asText());
        assertEquals("prometheus", datasource.get("query").asText());
        for (JsonNode panel : panels(root)) {
            String title = panel.get("title").asText();
            assertEquals("${datasource}", panel.get("datasource").get("uid").asText(), title);
            assertFalse(panel.get("targets").isEmpty(), title);
            panel.get("targets").forEach(target -> assertEquals("${datasource}",
                    target.get("datasource").get("uid").asText(), title));
        }
    }

    @Test
    void everyMetricTheDashboardQueriesExistsInAScrape() throws IOException {
        JsonNode root = new ObjectMapper().readTree(dashboard().toFile());
        Set<String> queried = new TreeSet<>();
        for (JsonNode panel : panels(root)) {
            panel.get("targets").forEach(target -> {
                Matcher matcher = METRIC.matcher(target.get("expr").asText());
                while (matcher.find()) {
                    queried.add(matcher.group(1));
                }
            });
        }
        Set<String> scraped = scrapedNames();

        Set<String> missing = new TreeSet<>(queried);
        missing.removeAll(scraped);
        assertEquals(Set.of(), missing, "queried by the dashboard, absent from a scrape");
        for (String needed : List.of("ipma_calls_total", "ipma_calls_active", "ipma_routing_decision_seconds_bucket",
                "ipma_cfna_fallbacks_total", "ipma_registrations", "ipma_sip_requests_received_total",
                "ipma_sip_responses_sent_total", "ipma_auth_failures_total", "ipma_overload_refusals_total",
                "jvm_memory_used_bytes", "jvm_gc_collection_seconds_sum")) {
            assertTrue(queried.contains(needed), "the dashboard shows " + needed);
        }
    }
}
