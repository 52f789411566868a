package org.openipma.b2bua.metrics;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.IntSupplier;
import org.openipma.b2bua.sip.SipProbe;
import org.openipma.b2bua.sip.call.CallEventListener;

/**
 * One server's metrics, in the Prometheus text format (0.0.4) through the official Prometheus Java client: its
 * own {@link PrometheusRegistry} (never the JVM-wide default, since several servers may run in one JVM and
 * each must count only its own traffic), the JVM's metrics registered on it, and the server's (listed with
 * their labels in {@code docs/metrics.md}).
 *
 * <p>Fed three ways, chosen for cost on the SIP threads: {@link #probe()} by one-line hooks in the SIP layer;
 * {@link #callEvents()} by the call events; the live counts (calls, registrations, subscriptions) are read
 * only when scraped, through {@link #watch}. Thread-safe; scraping never blocks a SIP thread.
 *
 * <p>Implements what the HTTP server's {@code GET /metrics} needs: {@link #contentType()} and
 * {@link #writeTo(OutputStream)}.
 */
public final class IpmaMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final SipProbeMetrics probe;
    private final CallMetrics calls;
    private volatile IntSupplier liveCalls = () -> 0;
    private volatile IntSupplier registrations = () -> 0;
    private volatile IntSupplier subscriptions = () -> 0;

    /** Registers every metric, the JVM's included, on a new registry of its own. */
    public IpmaMetrics() {
        JvmMetrics.builder().register(registry);
        probe = new SipProbeMetrics(registry);
        calls = new CallMetrics(registry);
        gauge("ipma_calls_active", "Calls in progress (ringing or answered), not yet released", () -> liveCalls);
        gauge("ipma_registrations", "Live registrations (contacts) of this node, all lines together",
                () -> registrations);
        gauge("ipma_subscriptions", "Subscriptions (message waiting, busy lamp) not yet ended", () -> subscriptions);
    }

    private void gauge(String name, String help, java.util.function.Supplier<IntSupplier> source) {
        GaugeWithCallback.builder().name(name).help(help)
                .callback(callback -> callback.call(source.get().getAsInt()))
                .register(registry);
    }

    /**
     * Where the gauges read the live counts at each scrape; until called they read 0 (the server calls it once
     * its components exist).
     */
    public void watch(IntSupplier liveCalls, IntSupplier registrations, IntSupplier subscriptions) {
        this.liveCalls = liveCalls;
        this.registrations = registrations;
        this.subscriptions = subscriptions;
    }

    /** What the SIP layer tells: requests, responses, decisions, fallbacks, overload, authentication. */
    public SipProbe probe() {
        return probe;
    }

    /** The listener that counts calls by outcome; it only counts, as call event listeners must. */
    public CallEventListener callEvents() {
        return calls;
    }

    /** This server's registry, for tests and for whoever adds metrics of their own. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** The content type of {@link #writeTo}: {@code text/plain; version=0.0.4; charset=utf-8}. */
    public String contentType() {
        return writer.getContentType();
    }

    /** Writes a scrape of every metric to {@code out} in the Prometheus text format; does not close it. */
    public void writeTo(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }
}
