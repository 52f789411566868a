package org.openipma.b2bua.sip.call;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The session timers (RFC 4028) of one answered call: one {@link Side} per leg, since each leg is a dialog of
 * its own with its own negotiated interval and refresher, and the one scheduled task that fires at the earlier of
 * the two sides' deadlines. Created by {@link SessionTimers#answered}; read and written only under the call's
 * monitor; cancelled by {@link CallRegistry#release}.
 *
 * <p>It belongs to the pair of legs the call was answered with. A transfer that replaces a leg stops it (the new
 * leg negotiated nothing with us, and what we last sent the remaining one is no longer known), and the call is
 * then guarded by {@code sip.maxCallSeconds} alone.
 */
final class SessionTimer {
    /** One leg's session timer; {@link #seconds} 0 when its phone does not use one. */
    static final class Side {
        final Leg leg;
        /** The negotiated session interval, or 0: no session timer on this leg. */
        int seconds;
        /** Whether we send the refreshes on this leg (else the phone does, and we watch for them). */
        boolean weRefresh;
        /** Whether the phone listed {@code timer} as supported (our 2xx then carries {@code Require: timer}). */
        boolean phoneSupports;
        /** When to act: send our refresh, or end the call for want of the phone's ({@code System.nanoTime}). */
        long dueNanos;
        /** Our refresh in flight on this leg (its answer or timeout comes through {@link SessionTimers}). */
        boolean refreshing;
        /** Whether the phone allows UPDATE, the refresh that needs no SDP (RFC 4028 §7.1 prefers it). */
        boolean updateAllowed;
        /** The last SDP we sent on this leg: the body of a re-INVITE refresh to a phone without UPDATE. */
        byte[] lastSdp;

        Side(Leg leg) {
            this.leg = leg;
        }

        boolean active() {
            return seconds > 0;
        }

        /**
         * A refresh just happened (or the session began): our next refresh is due at half the interval; the
         * phone's must come before the interval minus min(32 s, a third of it) (RFC 4028 §10), so that its BYE
         * would still reach us in time.
         */
        void restart() {
            long millis = weRefresh ? seconds * 1000L / 2 : seconds * 1000L - Math.min(32_000L, seconds * 1000L / 3);
            dueNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        }

        String name(Call call) {
            return leg == call.callerLeg ? "caller's" : "callee's";
        }
    }

    final Side caller;
    final Side callee;
    /** The task that fires at the earlier side's {@link Side#dueNanos}. */
    ScheduledFuture<?> next;

    SessionTimer(Leg caller, Leg callee) {
        this.caller = new Side(caller);
        this.callee = new Side(callee);
    }

    /** The side of {@code leg}, or null when {@code leg} is not one the timers were negotiated on. */
    Side side(Leg leg) {
        return leg == caller.leg ? caller : leg == callee.leg ? callee : null;
    }

    /** Whether the call still has the legs these timers were negotiated on. */
    boolean legsOf(Call call) {
        return call.callerLeg == caller.leg && call.calleeLeg == callee.leg;
    }

    void cancel() {
        if (next != null) {
            next.cancel(false);
            next = null;
        }
    }
}
