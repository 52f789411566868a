package org.openipma.b2bua.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openipma.b2bua.ExternalTools;

/**
 * Parses a scrape with the reference parser of the Prometheus text format outside the JVM: Python's
 * {@code prometheus_client.parser.text_string_to_metric_families} (Debian {@code python3-prometheus-client}),
 * so the test does not trust the Java client to read back what it wrote. A sample is keyed
 * {@code name{label="value",...}}, labels sorted by name; {@code name{}} without labels.
 */
final class PrometheusTextParser {
    private static final String SCRIPT = String.join("\n",
            "import json, sys",
            "from prometheus_client.parser import text_string_to_metric_families",
            "samples, types = {}, {}",
            "for family in text_string_to_metric_families(sys.stdin.read()):",
            "    types[family.name] = family.type",
            "    for s in family.samples:",
            "        labels = ','.join('%s=\"%s\"' % (k, v) for k, v in sorted(s.labels.items()))",
            "        samples[s.name + '{' + labels + '}'] = s.value",
            "json.dump({'samples': samples, 'types': types}, sys.stdout)");
    private static final String MISSING =
            "python3 with prometheus_client is missing (Debian: apt-get install python3-prometheus-client)";

    /** The families' types by name and every sample's value. */
    record Scrape(Map<String, String> types, Map<String, Double> samples) {
        /** The sample's value; 0 when absent (a labelled child never touched may not be written). */
        double value(String key) {
            return samples.getOrDefault(key, 0.0);
        }
    }

    private PrometheusTextParser() {
    }

    /** Skips the calling test when the parser is missing, fails under {@code CI=true} (see {@link ExternalTools}). */
    static void requireInstalled() {
        ExternalTools.requireInstalled(isInstalled(), MISSING);
    }

    static boolean isInstalled() {
        return python() != null;
    }

    /**
     * The first Python that has the module: {@code python3} on the PATH, else the system's
     * {@code /usr/bin/python3}, where the Debian package installs it (a pyenv or virtualenv python3 earlier on
     * the PATH does not see it). Null when none has it.
     */
    private static synchronized String python() {
        if (python == null) {
            python = List.of("python3", "/usr/bin/python3").stream()
                    .filter(PrometheusTextParser::imports).findFirst().orElse("");
        }
        return python.isEmpty() ? null : python;
    }

    private static String python;

    private static boolean imports(String executable) {
        try {
            Process process = new ProcessBuilder(executable, "-c", "import prometheus_client.parser")
                    .redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Parses {@code text}; fails with the parser's error when it is not valid Prometheus text. */
    static Scrape parse(byte[] text) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(python(), "-c", SCRIPT).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(text);
        }
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("prometheus_client could not parse the scrape: " + err + "\n"
                    + new String(text, StandardCharsets.UTF_8));
        }
        JsonNode json = new ObjectMapper().readTree(out);
        Map<String, String> types = new TreeMap<>();
        json.get("types").fields().forEachRemaining(e -> types.put(e.getKey(), e.getValue().asText()));
        Map<String, Double> samples = new TreeMap<>();
        json.get("samples").fields().forEachRemaining(e -> samples.put(e.getKey(), e.getValue().asDouble()));
        return new Scrape(types, samples);
    }

    /** Scrapes {@code metrics} and parses it. */
    static Scrape scrape(IpmaMetrics metrics) throws IOException, InterruptedException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        metrics.writeTo(out);
        return parse(out.toByteArray());
    }

    /**
     * Scrapes {@code metrics} until its samples have moved by {@code expected} since {@code before}, for at most
     * 5 s, then asserts it and returns the last scrape. Waiting is needed, not a retry of luck: a response is
     * counted just after the stack sent it and a call just after it left the registry, so a phone can see the
     * end of its call a moment before the counter moves.
     */
    static Scrape awaitDeltas(IpmaMetrics metrics, Scrape before, Map<String, Double> expected)
            throws IOException, InterruptedException {
        Map<String, Double> wanted = new TreeMap<>(expected);
        long deadline = System.currentTimeMillis() + 5_000;
        while (true) {
            Scrape after = scrape(metrics);
            Map<String, Double> moved = new TreeMap<>();
            for (String key : wanted.keySet()) {
                moved.put(key, after.value(key) - before.value(key));
            }
            if (moved.equals(wanted) || System.currentTimeMillis() > deadline) {
                org.junit.jupiter.api.Assertions.assertEquals(wanted, moved, "moved since the scrape before");
                return after;
            }
            Thread.sleep(100);
        }
    }
}
