package org.openipma.b2bua.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.EnumMap;
import java.util.Map;
import javax.sip.header.CSeqHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openipma.b2bua.sip.SipProbe;

/**
 * The SIP layer's events as Prometheus counters and the decision latency histogram. Every labelled child is
 * resolved once here, into arrays and {@link EnumMap}s: counting a message is an array index and an atomic
 * add (the client's striped {@code LongAdder}), with no string building or label lookup on the SIP thread.
 * Exemplars are off: there is no tracing to link to, and sampling them costs a clock read per update.
 */
final class SipProbeMetrics implements SipProbe {
    /** Decision latency buckets (seconds): decisions are in-memory, sub-millisecond when healthy; the deadline
     *  ({@code routingService.decisionTimeoutMillis}) is typically a few hundred milliseconds. */
    static final double[] DECISION_BUCKETS = {
        0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5
    };
    private static final double NANOS_PER_SECOND = 1e9;
    private static final int CLASSES = 6;

    private final CounterDataPoint[] requests;
    /** By method ordinal, then status class − 1 (1xx at 0 ... 6xx at 5). */
    private final CounterDataPoint[][] responses;
    private final Map<Overload, CounterDataPoint> overloads = new EnumMap<>(Overload.class);
    private final Map<FallbackCause, CounterDataPoint> fallbacks = new EnumMap<>(FallbackCause.class);
    private final Map<RoutingReason, CounterDataPoint> routed = new EnumMap<>(RoutingReason.class);
    private final Map<RoutingReason, CounterDataPoint> diverted = new EnumMap<>(RoutingReason.class);
    private final Map<AuthFailureReason, CounterDataPoint> authFailures = new EnumMap<>(AuthFailureReason.class);
    private final Counter bans;
    private final Histogram decisions;

    SipProbeMetrics(PrometheusRegistry registry) {
        Counter requestCounter = counter(registry, "ipma_sip_requests_received",
                "SIP requests handed to the application, by method (unknown methods: other)", "method");
        Counter responseCounter = counter(registry, "ipma_sip_responses_sent",
                "SIP responses the application sent (in transactions and statelessly), by the request's method "
                        + "and status class", "method", "class");
        SipMethod[] methods = SipMethod.all();
        requests = new CounterDataPoint[methods.length];
        responses = new CounterDataPoint[methods.length][CLASSES];
        for (SipMethod method : methods) {
            requests[method.ordinal()] = requestCounter.labelValues(method.label);
            for (int c = 0; c < CLASSES; c++) {
                responses[method.ordinal()][c] = responseCounter.labelValues(method.label, (c + 1) + "xx");
            }
        }
        fill(overloads, Overload.class, counter(registry, "ipma_overload_refusals",
                "New calls refused for load, by reason: max_calls (503 at sip.maxCalls), decision_queue_full "
                        + "(the call took CFNA)", "reason"));
        fill(fallbacks, FallbackCause.class, counter(registry, "ipma_cfna_fallbacks",
                "Route point calls sent to Call Forward No Answer because the routing decision was not made, "
                        + "by cause", "cause"));
        fill(routed, RoutingReason.class, counter(registry, "ipma_calls_routed",
                "Calls by the routing reason category of their first ringing round", "reason"));
        fill(diverted, RoutingReason.class, counter(registry, "ipma_call_diversions",
                "Later ringing rounds of calls (ring no answer, call actions), by routing reason category",
                "reason"));
        fill(authFailures, AuthFailureReason.class, counter(registry, "ipma_auth_failures",
                "Failed digest authentications (REGISTER, INVITE, SUBSCRIBE, ...), by reason category",
                "reason"));
        bans = Counter.builder().name("ipma_auth_bans")
                .help("Source addresses banned for too many failed authentications").withoutExemplars()
                .register(registry);
        decisions = Histogram.builder().name("ipma_routing_decision_seconds")
                .help("Route point decision latency, from submission to the decision pool to its result, "
                        + "deadline or failure")
                .classicOnly().classicUpperBounds(DECISION_BUCKETS).withoutExemplars()
                .register(registry);
    }

    private static Counter counter(PrometheusRegistry registry, String name, String help, String... labels) {
        return Counter.builder().name(name).help(help).labelNames(labels).withoutExemplars().register(registry);
    }

    private static <E extends Enum<E>> void fill(Map<E, CounterDataPoint> children, Class<E> type, Counter counter) {
        for (E value : type.getEnumConstants()) {
            children.put(value, counter.labelValues(SipMethod.label(value)));
        }
    }

    @Override
    public void requestReceived(Request request) {
        requests[SipMethod.of(request.getMethod()).ordinal()].inc();
    }

    @Override
    public void responseSent(Response response) {
        int statusClass = response.getStatusCode() / 100;
        if (statusClass < 1 || statusClass > CLASSES) {
            return; // JAIN-SIP refuses to build such a response; nothing to count
        }
        CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
        SipMethod method = SipMethod.of(cseq == null ? null : cseq.getMethod());
        responses[method.ordinal()][statusClass - 1].inc();
    }

    @Override
    public void overloaded(Overload reason) {
        overloads.get(reason).inc();
    }

    @Override
    public void decisionTook(long nanos) {
        decisions.observe(nanos / NANOS_PER_SECOND);
    }

    @Override
    public void fellBack(FallbackCause cause) {
        fallbacks.get(cause).inc();
    }

    @Override
    public void rang(RoutingReason reason, boolean firstRound) {
        (firstRound ? routed : diverted).get(reason).inc();
    }

    @Override
    public void authFailed(String reason) {
        authFailures.get(AuthFailureReason.of(reason)).inc();
    }

    @Override
    public void banned() {
        bans.inc();
    }
}
