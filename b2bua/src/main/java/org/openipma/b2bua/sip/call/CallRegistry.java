package org.openipma.b2bua.sip.call;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.Dialog;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipProvider;
import org.openipma.b2bua.sip.Responses;
import org.openipma.routing.LineAppearance;

/**
 * The live calls, and the one owner of their end: a call is added by {@link #open} when its INVITE is routed
 * and removed by {@link #release}, whatever ended it (answer then BYE, CANCEL, failure, the server stopping).
 * Release frees the call's dialogs and timers and tells the listeners it ended.
 */
final class CallRegistry {
    private final Set<Call> live = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    private final CallEventListener events;
    /** Set when the server starts stopping: new calls are refused from then on. */
    private volatile boolean closing;

    CallRegistry(CallEventListener events) {
        this.events = events;
    }

    /** Makes a call of a routed INVITE: the caller's dialog, our To tag, the snapshot it keeps. */
    Call open(SipProvider provider, ServerTransaction transaction, LineAppearance caller, String dialed,
              CallRouter router) throws SipException {
        Dialog dialog = provider.getNewDialog(transaction);
        Call call = new Call(Long.toString(ids.incrementAndGet()), transaction, caller, dialed, dialog,
                SipParts.transportOf(transaction.getRequest()), Responses.newTag(), router);
        transaction.setApplicationData(call);
        dialog.setApplicationData(call.callerLeg);
        live.add(call);
        return call;
    }

    int size() {
        return live.size();
    }

    boolean isClosing() {
        return closing;
    }

    void startClosing() {
        closing = true;
    }

    /** The live calls at this moment; calls may end while the caller walks it. */
    List<Call> snapshot() {
        return List.copyOf(live);
    }

    /** The live call {@code id}, if it is still live. */
    java.util.Optional<Call> find(String id) {
        for (Call call : live) {
            if (call.id.equals(id)) {
                return java.util.Optional.of(call);
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * The oldest live call (by id, the order calls were opened in) for which {@code test} holds, evaluated under
     * each call's monitor; the caller must test again once it holds the monitor to act.
     */
    java.util.Optional<Call> oldest(java.util.function.Predicate<Call> test) {
        Call oldest = null;
        for (Call call : live) {
            synchronized (call) {
                if (!call.ended && call.destination != null && test.test(call)
                        && (oldest == null || Long.parseLong(call.id) < Long.parseLong(oldest.id))) {
                    oldest = call;
                }
            }
        }
        return java.util.Optional.ofNullable(oldest);
    }

    /** Tells the listeners about {@code call}. Caller holds the call's monitor. */
    void publish(Call call, CallEvent.Type type, String target, String reason) {
        events.onCallEvent(call.event(type, target, reason));
    }

    /**
     * Ends {@code call} because of {@code cause}: cancels its timer, deletes its dialogs, and publishes
     * {@link CallEvent.Type#ENDED} once. Idempotent. Caller holds the call's monitor.
     */
    void release(Call call, String cause) {
        for (java.util.concurrent.ScheduledFuture<?> timer : new java.util.concurrent.ScheduledFuture<?>[] {
                call.noAnswerTimer, call.ackTimer, call.durationTimer}) {
            if (timer != null) {
                timer.cancel(false);
            }
        }
        if (call.sessionTimer != null) {
            call.sessionTimer.cancel();
        }
        if (call.callerLeg != null) {
            delete(call.callerLeg.dialog);
        }
        if (call.calleeLeg != null) {
            delete(call.calleeLeg.dialog);
        }
        for (Fork fork : call.forks) {
            // A fork still waiting for its final response keeps its dialog until then (a late 2xx is hung up).
            if (fork.finished) {
                delete(fork.dialog);
            }
        }
        if (!call.ended) {
            call.ended = true;
            live.remove(call);
            publish(call, CallEvent.Type.ENDED, call.calleeLeg == null || call.destination == null ? null
                    : call.destination.number().dn(), cause);
        }
    }

    static void delete(Dialog dialog) {
        if (dialog != null) {
            dialog.setApplicationData(null);
            dialog.delete();
        }
    }
}
