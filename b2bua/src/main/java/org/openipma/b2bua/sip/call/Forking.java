package org.openipma.b2bua.sip.call;

import java.text.ParseException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.InvalidArgumentException;
import javax.sip.SipException;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openipma.b2bua.sip.SipContext;
import org.openipma.routing.IpmaConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbound legs of a call: a ringing round sends one INVITE (a {@link Fork}) to every registered contact of
 * the destination line; the first 2xx wins and the rest are cancelled; when every fork of a round failed, or an
 * assistant's proxy line rang {@code routingService.ringNoAnswerSeconds} without answer, the
 * {@link NoAnswerPolicy} picks the next round or the caller gets the best failure. Every method expects the
 * call's monitor held (see {@link Call}), except the timer's, which takes it on the call-work pool.
 */
final class Forking {
    private static final Logger log = LoggerFactory.getLogger(Forking.class);
    /** Alert-Info that phones map to a silent (visual only) alert: the manager's DND (REFERENCE §3.5). */
    static final String SILENT_ALERT_INFO = OutboundInvites.SILENT_ALERT_INFO;

    private final SipContext sip;
    private final CallRegistry registry;
    private final CallResponses responses;
    private final Termination termination;
    private final Locations locations;
    private final ScheduledExecutorService timers;
    private final Executor callWork;
    private final CallGuards guards;
    private final SessionTimers sessionTimers;

    Forking(SipContext sip, CallRegistry registry, CallResponses responses, Termination termination,
            Locations locations, ScheduledExecutorService timers, Executor callWork, SessionTimers sessionTimers) {
        this.guards = new CallGuards(termination, timers, callWork);
        this.sessionTimers = sessionTimers;
        this.sip = sip;
        this.registry = registry;
        this.responses = responses;
        this.termination = termination;
        this.locations = locations;
        this.timers = timers;
        this.callWork = callWork;
    }

    /** Starts a ringing round: one fork per registered contact of the destination line. */
    void ring(Call call, Destination destination) throws ParseException, SipException {
        boolean first = call.destination == null;
        call.destination = destination;
        call.round++;
        log.info("{}: ringing {} ({})", call, destination.number(), destination.reason());
        sip.probe().rang(destination.category(), first);
        registry.publish(call, first ? CallEvent.Type.RINGING : CallEvent.Type.DIVERTED, destination.number().dn(),
                destination.reason());
        int sent = 0;
        for (IpmaConfig.Phone phone : destination.number().phones()) {
            for (URI contact : locations.contacts(phone.user(), destination.number().dn())) {
                if (sendFork(call, destination, contact, phone.user())) {
                    sent++;
                }
            }
        }
        if (sent == 0) {
            termination.failCaller(call, Response.TEMPORARILY_UNAVAILABLE, "Temporarily Unavailable");
            return;
        }
        if (destination.ringsAssistant()) {
            int seconds = call.cluster().config().routingService().ringNoAnswerSeconds();
            int round = call.round;
            // The timer thread only hands over: the policy may wait for a routing decision.
            call.noAnswerTimer = timers.schedule(() -> callWork.execute(() -> onRingNoAnswer(call, round)),
                    seconds, TimeUnit.SECONDS);
        }
    }

    private boolean sendFork(Call call, Destination destination, URI contact, String user) throws ParseException {
        try {
            String transport = SipParts.transportOf(contact);
            Request request = newInvite(call, destination, contact, transport);
            ClientTransaction transaction = sip.provider().getNewClientTransaction(request);
            Dialog dialog = sip.provider().getNewDialog(transaction);
            Fork fork = new Fork(call, transaction, dialog, transport, user, call.round);
            transaction.setApplicationData(fork);
            dialog.setApplicationData(fork);
            call.forks.add(fork);
            transaction.sendRequest();
            return true;
        } catch (SipException | InvalidArgumentException e) {
            log.warn("{}: cannot reach contact {}: {}", call, contact, e.getMessage());
            return false;
        }
    }

    private Request newInvite(Call call, Destination destination, URI contact, String transport)
            throws ParseException, InvalidArgumentException {
        MaxForwardsHeader incoming = (MaxForwardsHeader) call.invite.getHeader(MaxForwardsHeader.NAME);
        Request request = OutboundInvites.create(sip, call.caller, destination, contact, transport,
                incoming == null ? 70 : Math.max(0, incoming.getMaxForwards() - 1), "unconditional");
        MessageCopier.copyBody(call.invite, request);
        sessionTimers.offer(call, request);
        return request;
    }

    /** A response to one of the call's forks. */
    void onForkResponse(Fork fork, Response response) throws SipException, ParseException {
        Call call = fork.call;
        int status = response.getStatusCode();
        if (status < 200) {
            fork.provisional = true;
            if (fork.cancelled) {
                termination.sendCancel(fork);
            } else if (status > 100 && !call.ended && !call.isAnswered() && fork.round == call.round) {
                responses.toCaller(call, status, response.getReasonPhrase(), response);
            }
            return;
        }
        fork.finished = true;
        if (status < 300) {
            onForkAnswered(call, fork, response);
            return;
        }
        Termination.deleteIfLoser(fork);
        if (call.ended || call.isAnswered() || fork.round != call.round) {
            return;
        }
        if (call.bestFailure == null || better(response, call.bestFailure)) {
            call.bestFailure = response;
        }
        if (call.allForksOfRoundFinished()) {
            onRoundFailed(call);
        }
    }

    private void onForkAnswered(Call call, Fork fork, Response response) throws SipException, ParseException {
        long cseq = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber();
        if (call.ended || call.isAnswered() || fork.cancelled || fork.round != call.round) {
            // Lost the race (another fork answered, or the caller hung up): take the call and hang it up.
            Dialog dialog = fork.dialog;
            try {
                dialog.sendAck(dialog.createAck(cseq));
            } catch (InvalidArgumentException e) {
                throw new SipException(e.getMessage(), e);
            }
            termination.sendBye(dialog);
            CallRegistry.delete(dialog);
            return;
        }
        call.winner = fork;
        if (call.noAnswerTimer != null) {
            call.noAnswerTimer.cancel(false);
        }
        termination.cancelUnfinishedForks(call); // the winner is already finished
        Leg calleeLeg = new Leg(call, fork.dialog, fork.transport,
                call.cluster().appearance(fork.user, call.destination.number().dn()).orElse(null));
        calleeLeg.inviteCSeqAwaitingAck = cseq;
        fork.dialog.setApplicationData(calleeLeg);
        Leg.pair(call.callerLeg, calleeLeg);
        call.calleeLeg = calleeLeg;
        log.info("{}: answered by {}", call, fork.dialog.getRemoteParty());
        registry.publish(call, CallEvent.Type.ANSWERED, call.destination.number().dn(), call.destination.reason());
        responses.toCaller(call, response.getStatusCode(), response.getReasonPhrase(), response,
                sessionTimers.answered(call, response));
        guards.answered(call);
    }

    /** The caller ACKed the answer: the ACK guard stands down. */
    void callerAcknowledged(Call call) {
        guards.acknowledged(call);
        call.releaseSetup();
    }

    /**
     * Someone moved the ringing {@code call} (Intercept, Redirect, transfer to voicemail): the current round is
     * cancelled, its ring-no-answer timer stopped, and a new round rings {@code to}.
     */
    void reroute(Call call, Destination to) throws SipException, ParseException {
        if (call.noAnswerTimer != null) {
            call.noAnswerTimer.cancel(false);
        }
        for (Fork fork : call.forks) {
            if (fork.round == call.round && !fork.finished) {
                termination.cancel(fork);
            }
        }
        call.bestFailure = null;
        ring(call, to);
    }

    /** One of the call's forks never got a final response: it counts as 408. */
    void onForkTimeout(Fork fork) throws SipException, ParseException {
        Call call = fork.call;
        if (fork.finished) {
            return;
        }
        fork.finished = true;
        Termination.deleteIfLoser(fork);
        if (!call.ended && !call.isAnswered() && fork.round == call.round && call.allForksOfRoundFinished()) {
            onRoundFailed(call);
        }
    }

    private void onRoundFailed(Call call) throws SipException, ParseException {
        Response failure = call.bestFailure;
        int status = failure == null ? Response.TEMPORARILY_UNAVAILABLE : failure.getStatusCode();
        if (call.destination.ringsAssistant() && status != Response.BUSY_HERE && status != Response.DECLINE) {
            next(call, NoAnswerPolicy.next(call));
            return;
        }
        termination.failCaller(call, mapFailure(status),
                failure == null ? "Temporarily Unavailable" : failure.getReasonPhrase());
    }

    private void onRingNoAnswer(Call call, int round) {
        synchronized (call) {
            if (call.ended || call.isAnswered() || call.round != round) {
                return;
            }
            log.info("{}: {} did not answer within {} s", call, call.destination.number(),
                    call.cluster().config().routingService().ringNoAnswerSeconds());
            for (Fork fork : call.forks) {
                if (fork.round == round && !fork.finished) {
                    termination.cancel(fork);
                }
            }
            try {
                next(call, NoAnswerPolicy.next(call));
            } catch (SipException | ParseException e) {
                log.warn("{}: ring-no-answer policy failed: {}", call, e.getMessage());
            }
        }
    }

    private void next(Call call, RoutingResult next) throws SipException, ParseException {
        if (!next.isRouted()) {
            termination.failCaller(call, next.status(), next.reason());
            return;
        }
        ring(call, next.destination());
    }

    /** Which failure to give the caller when every fork failed: 6xx first, then the lowest class. */
    private static boolean better(Response candidate, Response best) {
        int c = candidate.getStatusCode();
        int b = best.getStatusCode();
        if (c >= 600 != b >= 600) {
            return c >= 600;
        }
        return c / 100 < b / 100 || (c == Response.BUSY_HERE && b != Response.BUSY_HERE);
    }

    /** A callee's final failure as the caller sees it: a timeout is "unavailable"; the rest pass unchanged. */
    private static int mapFailure(int status) {
        if (status == Response.REQUEST_TIMEOUT || status == Response.REQUEST_TERMINATED) {
            return Response.TEMPORARILY_UNAVAILABLE;
        }
        if (status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED) {
            return Response.SERVER_INTERNAL_ERROR;
        }
        return status;
    }
}
