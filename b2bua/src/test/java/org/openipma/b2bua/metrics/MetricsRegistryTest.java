package org.openipma.b2bua.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.openipma.b2bua.sip.SipProbe;

/** {@link IpmaMetrics} on its own: one registry per instance, the text format's content type, the gauges' sources. */
class MetricsRegistryTest {

    private static String text(IpmaMetrics metrics) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void twoServersInOneJvmCountOnlyTheirOwnEvents() throws IOException {
        IpmaMetrics first = new IpmaMetrics();
        IpmaMetrics second = new IpmaMetrics();

        first.probe().overloaded(SipProbe.Overload.MAX_CALLS);
        first.probe().overloaded(SipProbe.Overload.MAX_CALLS);
        second.probe().fellBack(SipProbe.FallbackCause.TIMEOUT);

        String one = text(first);
        String two = text(second);
        assertTrue(one.contains("ipma_overload_refusals_total{reason=\"max_calls\"} 2"), one);
        assertTrue(one.contains("ipma_cfna_fallbacks_total{cause=\"timeout\"} 0"), one);
        assertTrue(two.contains("ipma_overload_refusals_total{reason=\"max_calls\"} 0"), two);
        assertTrue(two.contains("ipma_cfna_fallbacks_total{cause=\"timeout\"} 1"), two);
    }

    @Test
    void theContentTypeIsThePrometheusTextFormat() {
        assertEquals("text/plain; version=0.0.4; charset=utf-8", new IpmaMetrics().contentType());
    }

    @Test
    void theGaugesReadTheirSourcesAtEachScrapeAndZeroBeforeTheServerWatches() throws IOException {
        IpmaMetrics metrics = new IpmaMetrics();
        assertTrue(text(metrics).contains("\nipma_calls_active 0"), "before watch");
        int[] calls = {3};
        metrics.watch(() -> calls[0], () -> 5, () -> 7);
        String scrape = text(metrics);
        assertTrue(scrape.contains("\nipma_calls_active 3"), scrape);
        assertTrue(scrape.contains("\nipma_registrations 5"), scrape);
        assertTrue(scrape.contains("\nipma_subscriptions 7"), scrape);
        calls[0] = 0;
        assertTrue(text(metrics).contains("\nipma_calls_active 0"), "read again at the next scrape");
    }

    @Test
    void decisionLatencyIsObservedInSeconds() throws IOException {
        IpmaMetrics metrics = new IpmaMetrics();
        metrics.probe().decisionTook(2_000_000); // 2 ms

        String scrape = text(metrics);
        assertTrue(scrape.contains("ipma_routing_decision_seconds_bucket{le=\"0.001\"} 0"), scrape);
        assertTrue(scrape.contains("ipma_routing_decision_seconds_bucket{le=\"0.0025\"} 1"), scrape);
        assertTrue(scrape.contains("ipma_routing_decision_seconds_sum 0.002"), scrape);
    }
}
