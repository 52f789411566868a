package org.openipma.b2bua.sip.call;

import gov.nist.javax.sip.stack.SIPServerTransaction;
import java.text.ParseException;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.InvalidArgumentException;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.TimeoutEvent;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openipma.b2bua.control.ManagerControls;
import org.openipma.b2bua.sip.SipContext;
import org.openipma.b2bua.sip.stack.QueueDelay;
import org.openipma.routing.Cluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls, as the SIP dispatcher sees them: it hands each message to the class that owns its part of a call —
 * {@link InviteHandler} (a new INVITE, every stage), {@link Forking} (the outbound legs and their responses),
 * {@link DialogRelay} (requests inside an answered call), {@link Transfers} (REFER), {@link Termination} (CANCEL, BYE, stopping) — under
 * the call's monitor (see {@link Call} for threads and locks). Only bodies (SDP) cross from one leg to the
 * other; Via, Contact and Record-Route of one leg never reach the other.
 */
public final class CallController {
    private static final Logger log = LoggerFactory.getLogger(CallController.class);
    /** Request-URI parameter carrying a redirect token. */
    public static final String REDIRECT_PARAMETER = RedirectGrants.PARAMETER;

    private final CallRegistry registry;
    private final CallResponses responses;
    private final Termination termination;
    private final Forking forking;
    private final DialogRelay relay;
    private final Transfers transfers;
    private final AttendedTransfers attended;
    private final InviteHandler invites;
    private final CallActions actions;
    private final SessionTimers sessionTimers;

    /**
     * @param clusters the configuration snapshot in force (swapped on reload; calls keep theirs)
     * @param controls the live settings and log-ins: routing reads them, feature codes change them
     * @param decisionExecutor runs routing decisions; give it a bounded queue
     * @param timers fires ring-no-answer timers; the work runs on {@code callWork}
     * @param events told what happens to calls
     * @param redirectTokenKey the 32-byte key redirect tokens are signed with, shared by every node
     */
    public CallController(SipContext sip, Supplier<Cluster> clusters, CallerAuthenticator authenticator,
                          Locations locations, ManagerControls controls, ExecutorService decisionExecutor,
                          ScheduledExecutorService timers, Executor callWork, CallEventListener events,
                          byte[] redirectTokenKey) {
        this(sip, clusters, authenticator, locations, controls, decisionExecutor, timers, callWork, events,
                redirectTokenKey, SessionTimers.RFC_MIN_SE_SECONDS);
    }

    /**
     * As the other constructor, with session timers' Min-SE at {@code minSessionExpiresSeconds} instead of RFC
     * 4028's 90 s: for tests only, so a session expires within seconds.
     */
    public CallController(SipContext sip, Supplier<Cluster> clusters, CallerAuthenticator authenticator,
                          Locations locations, ManagerControls controls, ExecutorService decisionExecutor,
                          ScheduledExecutorService timers, Executor callWork, CallEventListener events,
                          byte[] redirectTokenKey, int minSessionExpiresSeconds) {
        this.registry = new CallRegistry(events);
        this.responses = new CallResponses(sip);
        this.termination = new Termination(sip, registry, responses);
        this.sessionTimers = new SessionTimers(sip, termination, timers, callWork, minSessionExpiresSeconds);
        this.forking = new Forking(sip, registry, responses, termination, locations, timers, callWork, sessionTimers);
        ReferNotifier notifier = new ReferNotifier(sip);
        this.attended = new AttendedTransfers(sip, responses, termination, registry, callWork, notifier);
        this.transfers = new Transfers(sip, responses, termination, locations, registry, notifier, attended);
        this.relay = new DialogRelay(sip, responses, termination, transfers, forking, sessionTimers);
        RouterCache routers = new RouterCache(clusters,
                cluster -> new CallRouter(cluster, locations, controls::settingsOf, controls.presence(),
                        decisionExecutor, sip.probe()));
        this.actions = new CallActions(registry, forking, termination);
        this.invites = new InviteHandler(sip, routers,
                new Admission(registry, sip.probe(), QueueDelay.of(sip.provider())), authenticator,
                new RedirectGrants(sip, redirectTokenKey), registry, forking, responses,
                new FeatureCodeDialing(controls, actions), sessionTimers);
    }

    /** The live calls and the actions on one of them, for the console and the API. */
    public org.openipma.b2bua.control.CallControls controls() {
        return actions;
    }

    /** Calls not yet released. */
    public int liveCallCount() {
        return registry.size();
    }

    /** A new call: an INVITE outside any dialog. */
    public void onInvite(RequestEvent event, ServerTransaction transaction) throws SipException, ParseException {
        invites.onInvite(transaction);
    }

    /**
     * A new INVITE that carries no credentials, before the dispatcher makes it a transaction: challenged (or
     * refused) statelessly. False if it must be handled statefully ({@link #onInvite}).
     */
    public boolean answerUncredentialedInvite(Request invite) throws SipException {
        return invite.getHeader(javax.sip.header.ProxyAuthorizationHeader.NAME) == null
                && invites.answerUncredentialed(invite);
    }

    /** CANCEL from the caller before the call was answered. */
    public void onCancel(RequestEvent event, ServerTransaction cancelTransaction) throws SipException, ParseException {
        responses.answer(cancelTransaction, Answer.of(Response.OK, "OK"));
        SIPServerTransaction invite = ((SIPServerTransaction) cancelTransaction).getCanceledInviteTransaction();
        Object data = invite == null ? null : invite.getApplicationData();
        if (!(data instanceof Call call)) {
            return;
        }
        synchronized (call) {
            if (call.ended || call.isAnswered()) {
                return;
            }
            log.info("{}: cancelled by the caller", call);
            termination.cancelUnfinishedForks(call);
            termination.failCaller(call, Response.REQUEST_TERMINATED, "Request Terminated");
        }
    }

    /** A request inside an established dialog (ACK, BYE, re-INVITE, UPDATE, INFO); false if not one of ours. */
    public boolean onInDialogRequest(RequestEvent event, ServerTransaction transaction)
            throws SipException, ParseException, InvalidArgumentException {
        Dialog dialog = event.getDialog();
        if (!(dialog != null && dialog.getApplicationData() instanceof Leg leg)) {
            return false;
        }
        synchronized (leg.call) {
            relay.relay(event.getRequest(), leg, transaction);
        }
        return true;
    }

    /** A response to a request we sent: a fork's INVITE, or a request relayed inside a dialog. */
    public void onResponse(ResponseEvent event) throws SipException, ParseException {
        ClientTransaction transaction = event.getClientTransaction();
        if (transaction == null) {
            return;
        }
        if (event.getResponse().getStatusCode() >= 200) {
            termination.finished(transaction);
        }
        Object data = transaction.getApplicationData();
        if (data instanceof Fork fork) {
            synchronized (fork.call) {
                forking.onForkResponse(fork, event.getResponse());
            }
        } else if (data instanceof RelayedRequest relayed) {
            synchronized (relayed.from().call) {
                relay.onResponse(relayed, event.getResponse());
            }
        } else if (data instanceof Transfer transfer) {
            synchronized (transfer.call) {
                transfers.onTargetResponse(transfer, event.getResponse());
            }
        } else if (data instanceof ReferNotifier.AfterFinalNotify after && event.getResponse().getStatusCode() >= 200) {
            synchronized (after.call()) {
                after.then().run();
            }
        } else if (data instanceof Join.ReInvite joining) {
            attended.onResponse(joining, event.getResponse()); // takes both calls' monitors itself
        } else if (data instanceof Transfer.ReInvite reInvite) {
            synchronized (reInvite.transfer().call) {
                transfers.onReInviteResponse(reInvite.transfer(), event.getResponse());
            }
        } else if (data instanceof SessionTimers.Refresh refresh) {
            synchronized (refresh.call()) {
                sessionTimers.onRefreshResponse(refresh, event.getResponse());
            }
        }
    }

    /**
     * A transaction of ours timed out: a fork that never answered counts as 408; a re-INVITE or UPDATE relayed or
     * sent as a session refresh that never got an answer ends its call.
     */
    public void onTimeout(TimeoutEvent event) throws SipException, ParseException {
        if (event.isServerTransaction()) {
            return;
        }
        termination.finished(event.getClientTransaction());
        Object data = event.getClientTransaction().getApplicationData();
        if (data instanceof Fork fork) {
            synchronized (fork.call) {
                forking.onForkTimeout(fork);
            }
        } else if (data instanceof Transfer transfer) {
            synchronized (transfer.call) {
                transfers.onTargetTimeout(transfer);
            }
        } else if (data instanceof ReferNotifier.AfterFinalNotify after) {
            synchronized (after.call()) {
                after.then().run();
            }
        } else if (data instanceof RelayedRequest relayed) {
            synchronized (relayed.from().call) {
                relay.onTimeout(relayed);
            }
        } else if (data instanceof SessionTimers.Refresh refresh) {
            synchronized (refresh.call()) {
                sessionTimers.onRefreshTimeout(refresh);
            }
        }
    }

    /**
     * The stack ended {@code dialog} by itself, not through {@link CallRegistry#release} (which detaches a dialog
     * from its leg before deleting it): if it is a leg of an answered call, that party is gone, and the call ends
     * with a BYE on the other leg.
     */
    public void onDialogTerminated(Dialog dialog) {
        if (!(dialog != null && dialog.getApplicationData() instanceof Leg leg)
                || Thread.holdsLock(leg.call)) {
            // Not ours to act on, or the stack telling us, on our own thread, of a BYE we are sending or answering.
            return;
        }
        synchronized (leg.call) {
            termination.legEndedByStack(leg.call, leg);
        }
    }

    /**
     * Ends every live call because the server is stopping, and refuses new ones (503) from now on: an
     * answered call gets a BYE on both legs; a ringing one gets CANCELs to its forks and
     * {@code 503 Service Unavailable} to its caller. Returns how many calls it ended; {@link #awaitFarewells}
     * then waits for the phones to acknowledge.
     */
    public int endAll() {
        return termination.endAll();
    }

    /** Waits until every BYE and CANCEL sent by {@link #endAll} was answered or timed out, at most {@code patience}. */
    public boolean awaitFarewells(Duration patience) throws InterruptedException {
        return termination.awaitFarewells(patience);
    }
}
