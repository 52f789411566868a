package org.openipma.b2bua.sip.call;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sip.Dialog;

/**
 * The live calls. A call is added when its INVITE is routed and removed by {@link #release}, whatever
 * ended it (answer then BYE, CANCEL, failure): the one place a call's dialogs and timers are freed.
 */
final class CallRegistry {
    private final Set<Call> live = ConcurrentHashMap.newKeySet();

    void add(Call call) {
        live.add(call);
    }

    int size() {
        return live.size();
    }

    /** The live calls at this moment; calls may end while the caller walks it. */
    List<Call> snapshot() {
        return List.copyOf(live);
    }

    /** Ends {@code call}: cancels its timer and deletes its dialogs. Idempotent. Caller holds the call's monitor. */
    void release(Call call) {
        call.ended = true;
        if (call.noAnswerTimer != null) {
            call.noAnswerTimer.cancel(false);
        }
        delete(call.callerLeg.dialog);
        for (Fork fork : call.forks) {
            // A fork still waiting for its final response keeps its dialog until then (a late 2xx is hung up).
            if (fork.finished) {
                delete(fork.dialog);
            }
        }
        live.remove(call);
    }

    static void delete(Dialog dialog) {
        if (dialog != null) {
            dialog.setApplicationData(null);
            dialog.delete();
        }
    }
}
