package org.openipma.b2bua.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.EnumMap;
import java.util.Map;
import org.openipma.b2bua.sip.call.CallEvent;
import org.openipma.b2bua.sip.call.CallEventListener;

/**
 * Counts ended calls by {@link CallOutcome}, from the call events. Runs on the SIP thread under the call's
 * monitor, as every {@link CallEventListener} does: an enum lookup and an atomic add, nothing else.
 */
final class CallMetrics implements CallEventListener {
    private final Map<CallOutcome, CounterDataPoint> ended = new EnumMap<>(CallOutcome.class);

    CallMetrics(PrometheusRegistry registry) {
        Counter calls = Counter.builder().name("ipma_calls")
                .help("Calls that ended, by outcome: answered, no_answer, busy, cancelled, failed")
                .labelNames("outcome").withoutExemplars().register(registry);
        for (CallOutcome outcome : CallOutcome.values()) {
            ended.put(outcome, calls.labelValues(SipMethod.label(outcome)));
        }
    }

    @Override
    public void onCallEvent(CallEvent event) {
        if (event.type() == CallEvent.Type.ENDED) {
            ended.get(CallOutcome.of(event)).inc();
        }
    }
}
