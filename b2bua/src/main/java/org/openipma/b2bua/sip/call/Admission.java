package org.openipma.b2bua.sip.call;

import java.time.Duration;
import java.util.Optional;
import javax.sip.InvalidArgumentException;
import javax.sip.message.Response;
import org.openipma.b2bua.sip.SipFactories;
import org.openipma.b2bua.sip.SipProbe;
import org.openipma.routing.Cluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first stage of the INVITE path: whether the server takes a new call at all. While stopping, no
 * ({@code 503}); with {@code sip.maxCalls} calls in progress, no ({@code 503} with Retry-After), before any
 * other work: no challenge, no nonce, so an overload cannot grow into exhausted memory.
 */
final class Admission {
    private static final Logger log = LoggerFactory.getLogger(Admission.class);
    /** Retry-After of a 503 refusing a call over {@code sip.maxCalls}. */
    static final int RETRY_AFTER_SECONDS = 5;

    private final CallRegistry registry;
    private final SipProbe probe;
    /** Under overload a line per INVITE would add to it: at most one a second. */
    private final RateLimitedLog overloadLog = new RateLimitedLog(log, Duration.ofSeconds(1));

    Admission(CallRegistry registry, SipProbe probe) {
        this.registry = registry;
        this.probe = probe;
    }

    /** Empty when the call may proceed; otherwise the 503 to answer. */
    Optional<Answer> admit(Cluster cluster) {
        if (registry.isClosing()) {
            return Optional.of(Answer.of(Response.SERVICE_UNAVAILABLE, "Service Unavailable (server stopping)"));
        }
        int maxCalls = cluster.config().sip().maxCalls();
        if (registry.size() < maxCalls) {
            return Optional.empty();
        }
        probe.overloaded(SipProbe.Overload.MAX_CALLS);
        overloadLog.info("INVITE refused with 503: {} calls in progress (sip.maxCalls)", maxCalls);
        try {
            return Optional.of(Answer.of(Response.SERVICE_UNAVAILABLE,
                            "Service Unavailable (" + maxCalls + " calls in progress)")
                    .with(SipFactories.headers().createRetryAfterHeader(RETRY_AFTER_SECONDS)));
        } catch (InvalidArgumentException e) {
            throw new IllegalStateException("Retry-After " + RETRY_AFTER_SECONDS + " is a valid delay", e);
        }
    }
}
