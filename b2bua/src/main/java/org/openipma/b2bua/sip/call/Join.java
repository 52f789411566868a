package org.openipma.b2bua.sip.call;

import javax.sip.Dialog;

/**
 * One attended transfer in progress (REFER with {@code Replaces}, RFC 3891): the transferor has a call with the
 * transferee ({@link #call}, its leg {@link #referrer}) and a consultation call with the target ({@link #other},
 * its leg {@link #replaced}); the transferee and the target are joined into {@link #call} and both of the
 * transferor's legs are hung up. Guarded by both calls' monitors, always taken in ascending call id.
 */
final class Join {
    /** The step a re-INVITE response belongs to. */
    enum Step { TARGET, TRANSFEREE, DONE }

    final Call call;
    final Leg referrer;
    final Leg transferee;
    final Call other;
    final Leg replaced;
    final Leg target;
    long targetCSeq;
    Step step = Step.TARGET;

    Join(Call call, Leg referrer, Call other, Leg replaced) {
        this.call = call;
        this.referrer = referrer;
        this.transferee = referrer.peer();
        this.other = other;
        this.replaced = replaced;
        this.target = replaced.peer();
    }

    /** Runs {@code action} holding both calls' monitors, in ascending id (the one lock order of the call path). */
    void locked(Runnable action) {
        Call first = Long.parseLong(call.id) < Long.parseLong(other.id) ? call : other;
        Call second = first == call ? other : call;
        synchronized (first) {
            synchronized (second) {
                action.run();
            }
        }
    }

    /** The client transaction of one of this join's re-INVITEs. */
    record ReInvite(Join join, Step step) {
    }

    static String dialogId(Dialog dialog) {
        return dialog.getCallId().getCallId() + ";" + dialog.getLocalTag() + ";" + dialog.getRemoteTag();
    }
}
