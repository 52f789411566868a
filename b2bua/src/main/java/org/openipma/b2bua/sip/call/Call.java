package org.openipma.b2bua.sip.call;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import javax.sip.Dialog;
import javax.sip.ServerTransaction;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openipma.routing.Cluster;
import org.openipma.routing.LineAppearance;

/**
 * One bridged call: the caller's leg, the forks ringing the callee, and once answered the callee's leg.
 *
 * <h2>Threads and locks</h2>
 * A call is touched by four kinds of thread, and every field below is read and written only while holding the
 * call's own monitor ({@code synchronized (call)}). One thing needs two calls: an attended transfer joins the
 * legs of two calls, and takes both monitors in ascending call id, on the call-work pool, never from a thread
 * that already holds one ({@link Join#locked}); that is the only lock order on the call path.
 * <ul>
 * <li><b>JAIN-SIP event threads</b> (the UDP message processors, one reader per TCP connection) deliver the
 * INVITE, its CANCEL, every in-dialog request and every response. {@link InviteHandler} runs the stages before
 * the call exists without a lock (they touch no call); from {@link CallRegistry#open} on, each handler takes the
 * call's monitor for the whole of its work, including sending (sending never waits for a peer).</li>
 * <li><b>The decision pool</b> ({@code ipma-decision}, bounded queue) runs routing-core's interception; it
 * never sees a call, only immutable inputs, so it needs no lock. The thread that waits for it holds no call
 * monitor at the first routing; the ring-no-answer policy waits holding the monitor of its call only.</li>
 * <li><b>The timer thread</b> ({@code ipma-timer}) only fires: the ring-no-answer timer hands its work to the
 * call-work pool at once, so a slow decision never delays another call's timer.</li>
 * <li><b>The call-work pool</b> ({@code ipma-call}) applies the ring-no-answer policy under the call's
 * monitor, exactly like a SIP thread would.</li>
 * </ul>
 * A call's configuration is the snapshot it started with ({@link #router}): a reload swaps the snapshot for new
 * calls only. {@link CallRegistry#release} is the one place a call's dialogs and timer are freed, and a
 * released call ({@link #ended}) ignores whatever still arrives for it.
 */
final class Call {
    final String id;
    /** The caller's INVITE and its server transaction; null once released ({@link #releaseSetup}). */
    ServerTransaction inviteTransaction;
    Request invite;
    final LineAppearance caller;
    /** The dialed digits (for a route point call: the manager line). */
    final String dialed;
    /** The leg towards the caller; a transfer by the caller replaces it with the leg towards the target. */
    Leg callerLeg;
    final String callerTag;
    /** The routing of the configuration snapshot this call started with; it keeps it to the end. */
    final CallRouter router;
    final Instant started = Instant.now();

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
    /** Ends the call if the caller never ACKs its 2xx (64·T1); cancelled by that ACK. */
    ScheduledFuture<?> ackTimer;
    /** Ends the answered call at {@code sip.maxCallSeconds}. */
    ScheduledFuture<?> durationTimer;
    /** The session timers (RFC 4028) of the answered call's legs, or null ({@link SessionTimers}). */
    SessionTimer sessionTimer;
    /** Whether the last offer relayed in a re-INVITE or UPDATE put the media on hold ({@link SdpHold}). */
    boolean held;
    /** Whether the caller ACKed the 2xx that answered its INVITE. */
    boolean callerAcked;
    /** The blind transfer in progress (a REFER accepted, its target not yet connected), or null. */
    Transfer transfer;

    Call(String id, ServerTransaction inviteTransaction, LineAppearance caller, String dialed, Dialog callerDialog,
         String callerTransport, String callerTag, CallRouter router) {
        this.id = id;
        this.inviteTransaction = inviteTransaction;
        this.invite = inviteTransaction.getRequest();
        this.caller = caller;
        this.dialed = dialed;
        this.callerLeg = new Leg(this, callerDialog, callerTransport, caller);
        this.callerTag = callerTag;
        this.router = router;
    }

    Cluster cluster() {
        return router.cluster();
    }

    /**
     * Once the caller ACKed the answer, drops what only setting the call up needed: the caller's INVITE and its
     * server transaction, the forks that lost, and the winner's client transaction (each holding its request
     * and last response, SDP included). An answered call then holds its two dialogs rather than the messages
     * that made them, for as long as it lasts (docs/benchmarks.md, heap per call in progress). Nothing needs
     * them after that: responses to the INVITE and rerouting are only for calls still ringing.
     */
    void releaseSetup() {
        inviteTransaction = null;
        invite = null;
        forks.removeIf(fork -> fork != winner);
        if (winner != null) {
            winner.transaction = null;
        }
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

    /** An event about this call, now. */
    CallEvent event(CallEvent.Type type, String target, String reason) {
        return new CallEvent(type, id, caller.dn(), caller.line().display(), dialed, target, reason, Instant.now());
    }

    @Override
    public String toString() {
        return "call " + id + " " + caller.dn() + "->" + dialed;
    }
}
