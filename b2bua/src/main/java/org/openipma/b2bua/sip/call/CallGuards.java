package org.openipma.b2bua.sip.call;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sip.SipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * No call outlives its parties. Once answered, a call is ended from our side — a BYE on both legs — when the
 * caller never ACKs the 2xx within 64·T1 (RFC 3261 §13.3.1.4: the UAS then ends the dialog), or when it
 * reaches {@code sip.maxCallSeconds} (a phone that vanished without a BYE, with no session timer to notice).
 * Timers only fire on the timer thread; the work runs on the call-work pool under the call's monitor.
 */
final class CallGuards {
    private static final Logger log = LoggerFactory.getLogger(CallGuards.class);
    /** 64·T1 with T1 = 500 ms. */
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(32);

    private final Termination termination;
    private final ScheduledExecutorService timers;
    private final Executor callWork;

    CallGuards(Termination termination, ScheduledExecutorService timers, Executor callWork) {
        this.termination = termination;
        this.timers = timers;
        this.callWork = callWork;
    }

    /** {@code call} was just answered (its 2xx relayed to the caller). Caller holds the call's monitor. */
    void answered(Call call) {
        call.ackTimer = later(call, ACK_TIMEOUT.toMillis(), () -> {
            if (!call.callerAcked) {
                end(call, "the caller never acknowledged the answer (no ACK within "
                        + ACK_TIMEOUT.toSeconds() + " s)");
            }
        });
        long seconds = call.cluster().config().sip().maxCallSeconds();
        call.durationTimer = later(call, TimeUnit.SECONDS.toMillis(seconds),
                () -> end(call, "the maximum call duration of " + seconds + " s (sip.maxCallSeconds)"));
    }

    /** The caller's ACK of the 2xx arrived. Caller holds the call's monitor. */
    void acknowledged(Call call) {
        call.callerAcked = true;
        if (call.ackTimer != null) {
            call.ackTimer.cancel(false);
        }
    }

    private java.util.concurrent.ScheduledFuture<?> later(Call call, long millis, Runnable check) {
        return timers.schedule(() -> callWork.execute(() -> {
            synchronized (call) {
                if (!call.ended) {
                    check.run();
                }
            }
        }), millis, TimeUnit.MILLISECONDS);
    }

    private void end(Call call, String why) {
        log.info("{}: ended by the server: {}", call, why);
        try {
            termination.hangUpBoth(call, why);
        } catch (SipException e) {
            log.info("{}: BYE not sent: {}", call, e.getMessage());
        }
    }
}
