package org.openipma.b2bua.sip.call;

import java.text.ParseException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.SipException;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openipma.b2bua.sip.SipContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ending calls and their parts: BYE, CANCEL, a failure answered to the caller, and stopping the server. The
 * release itself is {@link CallRegistry#release}'s; this class sends what must be sent first. Every method that
 * takes a call expects its monitor held, except {@link #endAll}, which takes each monitor itself.
 */
final class Termination {
    private static final Logger log = LoggerFactory.getLogger(Termination.class);

    private final SipContext sip;
    private final CallRegistry registry;
    private final CallResponses responses;
    /** BYEs and CANCELs sent while stopping and not yet answered or timed out. */
    private final Set<ClientTransaction> farewells = ConcurrentHashMap.newKeySet();

    Termination(SipContext sip, CallRegistry registry, CallResponses responses) {
        this.sip = sip;
        this.registry = registry;
        this.responses = responses;
    }

    /** Answers the caller's INVITE with a failure and releases the call. */
    void failCaller(Call call, int status, String reason) throws SipException, ParseException {
        log.info("{}: failed with {} {}", call, status, reason);
        try {
            responses.toCaller(call, status, reason, null);
        } finally {
            registry.release(call, status + " " + reason);
        }
    }

    /**
     * A BYE arrived on {@code from}: the other leg is told first (answering this BYE can fail, when a TCP peer
     * closed its connection after sending it, and that must not leave the other phone in the call), then the
     * BYE is answered and the call released, whatever happened to either.
     */
    void hangUp(Call call, Leg from, javax.sip.ServerTransaction bye) throws SipException {
        String who = from == call.callerLeg ? "caller" : "callee";
        log.info("{}: hung up by the {}", call, who);
        try {
            sendBye(from.peer().dialog);
        } catch (SipException e) {
            log.info("{}: the other side could not be told: {}", call, e.getMessage());
        }
        try {
            responses.answer(bye, Answer.of(Response.OK, "OK"));
        } finally {
            registry.release(call, "hung up by the " + who);
        }
    }

    /** Ends an answered call from our side: a BYE on both legs, then the release, for {@code cause}. */
    void hangUpBoth(Call call, String cause) throws SipException {
        try {
            sendBye(call.callerLeg.dialog);
            sendBye(call.calleeLeg.dialog);
        } finally {
            registry.release(call, cause);
        }
    }

    /**
     * The stack terminated {@code leg}'s dialog on its own (RFC 3261 timers, a request it answered itself) while
     * the answered {@code call} still held it: the other leg gets a BYE and the call is released. Nothing for a
     * leg a transfer already replaced, or a call not answered (its INVITE transaction ends it).
     */
    void legEndedByStack(Call call, Leg leg) {
        if (call.ended || !call.isAnswered() || leg != call.callerLeg && leg != call.calleeLeg) {
            return;
        }
        String who = leg == call.callerLeg ? "caller" : "callee";
        log.info("{}: the {}'s dialog was ended by the SIP stack; ending the call", call, who);
        try {
            if (leg.peer() != null) {
                sendBye(leg.peer().dialog);
            }
        } catch (SipException e) {
            log.info("{}: the other side could not be told: {}", call, e.getMessage());
        } finally {
            registry.release(call, "the " + who + "'s dialog ended");
        }
    }

    /** Sends a BYE in {@code dialog}; while stopping, {@link #awaitFarewells} waits for its answer. */
    void sendBye(Dialog dialog) throws SipException {
        ClientTransaction bye = sip.provider().getNewClientTransaction(dialog.createRequest(Request.BYE));
        if (registry.isClosing()) {
            farewells.add(bye);
        }
        dialog.sendRequest(bye);
    }

    void cancelUnfinishedForks(Call call) {
        for (Fork fork : call.forks) {
            if (!fork.finished) {
                cancel(fork);
            }
        }
    }

    /** Cancels a fork: at once when it had a provisional response, else as soon as it has one (RFC 3261 §9.1). */
    void cancel(Fork fork) {
        fork.cancelled = true;
        if (fork.provisional) {
            sendCancel(fork);
        } else if (registry.isClosing()) {
            // Its CANCEL goes when its first provisional response arrives: stopping waits for that too.
            farewells.add(fork.transaction);
        }
    }

    void sendCancel(Fork fork) {
        try {
            Request cancel = fork.transaction.createCancel();
            ClientTransaction transaction = sip.provider().getNewClientTransaction(cancel);
            if (registry.isClosing()) {
                farewells.add(transaction);
            }
            transaction.sendRequest();
        } catch (SipException e) {
            log.debug("CANCEL of a fork of {} not sent: {}", fork.call, e.getMessage());
        }
    }

    /** A fork that lost (another answered, or it failed): its dialog goes unless it became the callee leg. */
    static void deleteIfLoser(Fork fork) {
        if (fork.call.winner != fork) {
            CallRegistry.delete(fork.dialog);
        }
    }

    /** A client transaction of ours got its final response or timed out: no longer awaited. */
    void finished(ClientTransaction transaction) {
        farewells.remove(transaction);
    }

    /**
     * Ends every live call because the server is stopping, and refuses new ones (503) from now on: an answered
     * call gets a BYE on both legs; a ringing one gets CANCELs to its forks and {@code 503} to its caller.
     * Returns how many calls it ended.
     */
    int endAll() {
        registry.startClosing();
        int ended = 0;
        for (Call call : registry.snapshot()) {
            synchronized (call) {
                if (call.ended) {
                    continue;
                }
                ended++;
                log.info("{}: ended, the server is stopping", call);
                try {
                    if (call.isAnswered()) {
                        hangUpBoth(call, "the server stopped");
                    } else {
                        cancelUnfinishedForks(call);
                        failCaller(call, Response.SERVICE_UNAVAILABLE, "Service Unavailable (server stopping)");
                    }
                } catch (SipException | ParseException e) {
                    log.info("{}: could not end it cleanly: {}", call, e.getMessage());
                    registry.release(call, "the server stopped");
                }
            }
        }
        return ended;
    }

    /** Waits until every farewell got its final response or timed out, at most {@code patience}. */
    boolean awaitFarewells(Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!farewells.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return farewells.isEmpty();
    }
}
