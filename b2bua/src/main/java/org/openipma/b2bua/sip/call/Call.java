package org.openipma.b2bua.sip.call;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import javax.sip.Dialog;
import javax.sip.ServerTransaction;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openipma.routing.LineAppearance;

/**
 * One bridged call: the caller's leg, the forks ringing the callee, and once answered the callee's leg.
 * Every field is guarded by the call's monitor; {@link CallRegistry#release} frees it in one place.
 */
final class Call {
    final String id;
    final ServerTransaction inviteTransaction;
    final Request invite;
    final LineAppearance caller;
    /** The dialed digits (for a route point call: the manager line). */
    final String dialed;
    final Leg callerLeg;
    final String callerTag;

    final List<Fork> forks = new ArrayList<>();
    /** Assistants that rang without answering (ring-no-answer policy). */
    final Set<String> triedAssistants = new HashSet<>();
    Destination destination;
    /** Incremented per ringing round; responses of forks from earlier rounds do not end the call. */
    int round;
    Fork winner;
    Leg calleeLeg;
    boolean ended;
    Response bestFailure;
    ScheduledFuture<?> noAnswerTimer;

    Call(String id, ServerTransaction inviteTransaction, LineAppearance caller, String dialed, Dialog callerDialog,
         String callerTransport, String callerTag) {
        this.id = id;
        this.inviteTransaction = inviteTransaction;
        this.invite = inviteTransaction.getRequest();
        this.caller = caller;
        this.dialed = dialed;
        this.callerLeg = new Leg(this, callerDialog, callerTransport);
        this.callerTag = callerTag;
    }

    boolean isAnswered() {
        return winner != null;
    }

    boolean allForksOfRoundFinished() {
        for (Fork fork : forks) {
            if (fork.round == round && !fork.finished) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "call " + id + " " + caller.dn() + "->" + dialed;
    }
}
