package org.openipma.b2bua.sip.call;

import gov.nist.javax.sip.stack.SIPServerTransaction;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.TimeoutEvent;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openipma.b2bua.sip.Responses;
import org.openipma.b2bua.sip.SipContext;
import org.openipma.routing.Cluster;
import org.openipma.routing.IpmaConfig;
import org.openipma.routing.LineAppearance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls, from the first INVITE to the last BYE. {@link #onInvite} is the whole INVITE path, top to bottom:
 * authenticate → identify the calling line → route (digit analysis and the route point's decision) → ring
 * the destination's contacts. The other methods relay what follows between the two legs: provisional and
 * final responses, ACK, CANCEL, BYE, re-INVITE, UPDATE and INFO. Only bodies (SDP) cross from one leg to the
 * other; Via, Contact and Record-Route of one leg never reach the other.
 */
public final class CallController {
    private static final Logger log = LoggerFactory.getLogger(CallController.class);

    private final SipContext sip;
    private final Cluster cluster;
    private final CallerAuthenticator authenticator;
    private final Locations locations;
    private final CallRouter router;
    private final ScheduledExecutorService timers;
    private final CallRegistry registry = new CallRegistry();
    private final AtomicLong callIds = new AtomicLong();
    private final RedirectTokens redirectTokens = new RedirectTokens();
    /** Request-URI parameter carrying a redirect token. */
    static final String REDIRECT_PARAMETER = "ipma-rp";
    /** Retry-After of a 503 refusing a call over {@code sip.maxCalls}. */
    private static final int RETRY_AFTER_SECONDS = 5;
    /** Logs a refusal for overload at most once a second: under overload, a line per INVITE would add to it. */
    private final RateLimitedLog overloadLog = new RateLimitedLog(log, Duration.ofSeconds(1));
    /** Set by {@link #endAll}: new calls are refused from then on. */
    private volatile boolean closing;
    /** BYEs and CANCELs sent by {@link #endAll} and not yet answered or timed out. */
    private final Set<ClientTransaction> farewells = ConcurrentHashMap.newKeySet();

    public CallController(SipContext sip, Cluster cluster, CallerAuthenticator authenticator, Locations locations,
                          java.util.concurrent.ExecutorService decisionExecutor, ScheduledExecutorService timers) {
        this.sip = sip;
        this.cluster = cluster;
        this.authenticator = authenticator;
        this.locations = locations;
        this.timers = timers;
        this.router = new CallRouter(cluster, locations, org.openipma.routing.ManagerSettings::of, decisionExecutor);
    }

    /** Calls not yet released. */
    public int liveCallCount() {
        return registry.size();
    }

    /**
     * Ends every live call because the server is stopping, and refuses new ones (503) from now on: an
     * answered call gets a BYE on both legs; a ringing one gets CANCELs to its forks and
     * {@code 503 Service Unavailable} to its caller. Returns how many calls it ended; {@link #awaitFarewells}
     * then waits for the phones to acknowledge.
     */
    public int endAll() {
        closing = true;
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
                        sendBye(call.callerLeg.dialog);
                        sendBye(call.calleeLeg.dialog);
                        registry.release(call);
                        CallRegistry.delete(call.calleeLeg.dialog);
                    } else {
                        cancelUnfinishedForks(call);
                        failCaller(call, Response.SERVICE_UNAVAILABLE, "Service Unavailable (server stopping)");
                    }
                } catch (SipException | ParseException e) {
                    log.info("{}: could not end it cleanly: {}", call, e.getMessage());
                    registry.release(call);
                }
            }
        }
        return ended;
    }

    /**
     * Waits until every BYE and CANCEL sent by {@link #endAll} got its final response or timed out, at
     * most {@code patience}. Returns whether all did.
     */
    public boolean awaitFarewells(Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!farewells.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return farewells.isEmpty();
    }

    /** Sends a BYE in {@code dialog}; while stopping, {@link #awaitFarewells} waits for its answer. */
    private void sendBye(Dialog dialog) throws SipException {
        ClientTransaction bye = sip.provider().getNewClientTransaction(dialog.createRequest(Request.BYE));
        if (closing) {
            farewells.add(bye);
        }
        dialog.sendRequest(bye);
    }

    /** A new call: an INVITE outside any dialog. */
    public void onInvite(RequestEvent event, ServerTransaction transaction) throws SipException, ParseException {
        Request invite = event.getRequest();
        if (closing) {
            respond(transaction, Response.SERVICE_UNAVAILABLE, "Service Unavailable (server stopping)");
            return;
        }
        int maxCalls = cluster.config().sip().maxCalls();
        if (registry.size() >= maxCalls) {
            // Shed before any work (no challenge, no nonce): an overload must not grow into exhausted memory.
            Response busy = sip.messages().createResponse(Response.SERVICE_UNAVAILABLE, invite);
            busy.setReasonPhrase("Service Unavailable (" + maxCalls + " calls in progress)");
            try {
                busy.addHeader(sip.headers().createRetryAfterHeader(RETRY_AFTER_SECONDS));
            } catch (javax.sip.InvalidArgumentException e) {
                throw new IllegalStateException("Retry-After " + RETRY_AFTER_SECONDS + " is a valid delay", e);
            }
            send(transaction, busy);
            overloadLog.info("INVITE refused with 503: {} calls in progress (sip.maxCalls)", maxCalls);
            return;
        }
        Optional<String> user = authenticator.authenticate(invite, transaction);
        if (user.isEmpty()) {
            return;
        }
        String callingDn = userPart(((FromHeader) invite.getHeader(FromHeader.NAME)).getAddress().getURI());
        Optional<LineAppearance> caller = cluster.appearance(user.get(), callingDn);
        if (caller.isEmpty()) {
            respond(transaction, Response.FORBIDDEN, "Forbidden (line " + callingDn + " does not belong to user "
                    + user.get() + ")");
            return;
        }
        String dialed = userPart(invite.getRequestURI());
        String token = invite.getRequestURI() instanceof SipURI uri ? uri.getParameter(REDIRECT_PARAMETER) : null;
        RedirectTokens.Grant grant = token == null || dialed == null ? null
                : redirectTokens.verify(token, dialed, caller.get().dn());
        RoutingResult routing;
        if (dialed == null) {
            routing = RoutingResult.reject(Response.NOT_FOUND, "Not Found");
        } else if (token != null) {
            routing = grant == null ? RoutingResult.reject(Response.FORBIDDEN, "Forbidden (invalid or expired redirect)")
                    : router.redirected(grant);
        } else {
            routing = router.route(caller.get(), dialed);
        }
        if (!routing.isRouted()) {
            log.info("{} -> {}: {} {}", callingDn, dialed, routing.status(), routing.reason());
            respond(transaction, routing.status(), routing.reason());
            return;
        }
        if (routing.destination().routePoint() != null && grant == null
                && cluster.config().routingService().mode() == IpmaConfig.CallMode.REDIRECT) {
            redirect(transaction, caller.get(), dialed, routing.destination());
            return;
        }
        // A followed redirect is, for the ring-no-answer policy, still a call to the number first dialed.
        Call call = open(transaction, caller.get(), grant == null ? dialed : grant.dialed());
        synchronized (call) {
            ring(call, routing.destination());
        }
    }

    /**
     * Redirect mode: a 302 whose Contact points back at us with a signed token ({@link RedirectTokens}), so
     * the follow-up INVITE is authenticated again and reaches only what the route point chose.
     */
    private void redirect(ServerTransaction transaction, LineAppearance caller, String dialed, Destination destination)
            throws SipException, ParseException {
        int routePointIndex = cluster.routePointLines().indexOf(destination.routePoint());
        String token = redirectTokens.issue(new RedirectTokens.Grant(destination.number().dn(), caller.dn(), dialed,
                destination.divertedFrom(), destination.assistant() == null ? null : destination.assistant().user(),
                routePointIndex, destination.forwardNoAnswer()));
        Response moved = sip.messages().createResponse(Response.MOVED_TEMPORARILY, transaction.getRequest());
        ContactHeader contact = sip.contact(destination.number().dn(), transportOf(transaction.getRequest()));
        ((SipURI) contact.getAddress().getURI()).setParameter(REDIRECT_PARAMETER, token);
        moved.addHeader(contact);
        log.info("{} -> {}: redirected to {} ({})", caller.dn(), dialed, destination.number(), destination.reason());
        send(transaction, moved);
    }

    private Call open(ServerTransaction transaction, LineAppearance caller, String dialed) throws SipException {
        Dialog dialog = sip.provider().getNewDialog(transaction);
        String transport = transportOf(transaction.getRequest());
        Call call = new Call(Long.toString(callIds.incrementAndGet()), transaction, caller, dialed, dialog, transport,
                Responses.newTag());
        transaction.setApplicationData(call);
        dialog.setApplicationData(call.callerLeg);
        registry.add(call);
        return call;
    }

    /** Starts a ringing round: one fork per registered contact of the destination line. Holds the call. */
    private void ring(Call call, Destination destination) throws ParseException, SipException {
        call.destination = destination;
        call.round++;
        log.info("{}: ringing {} ({})", call, destination.number(), destination.reason());
        int sent = 0;
        for (IpmaConfig.Phone phone : destination.number().phones()) {
            for (URI contact : locations.contacts(phone.user(), destination.number().dn())) {
                if (sendFork(call, destination, contact)) {
                    sent++;
                }
            }
        }
        if (sent == 0) {
            failCaller(call, Response.TEMPORARILY_UNAVAILABLE, "Temporarily Unavailable");
            return;
        }
        if (destination.ringsAssistant()) {
            int seconds = cluster.config().routingService().ringNoAnswerSeconds();
            int round = call.round;
            call.noAnswerTimer = timers.schedule(() -> onRingNoAnswer(call, round), seconds, TimeUnit.SECONDS);
        }
    }

    private boolean sendFork(Call call, Destination destination, URI contact) throws ParseException {
        try {
            String transport = contact instanceof SipURI && ((SipURI) contact).getTransportParam() != null
                    ? ((SipURI) contact).getTransportParam().toUpperCase(java.util.Locale.ROOT) : ListeningPoint.UDP;
            Request request = newInvite(call, destination, contact, transport);
            ClientTransaction transaction = sip.provider().getNewClientTransaction(request);
            Dialog dialog = sip.provider().getNewDialog(transaction);
            Fork fork = new Fork(call, transaction, dialog, transport, call.round);
            transaction.setApplicationData(fork);
            dialog.setApplicationData(fork);
            call.forks.add(fork);
            transaction.sendRequest();
            return true;
        } catch (SipException | javax.sip.InvalidArgumentException e) {
            log.warn("{}: cannot reach contact {}: {}", call, contact, e.getMessage());
            return false;
        }
    }

    private Request newInvite(Call call, Destination destination, URI contact, String transport)
            throws ParseException, javax.sip.InvalidArgumentException {
        LineAppearance caller = call.caller;
        Address fromAddress = sip.addresses().createAddress(sip.addresses().createSipURI(caller.dn(), sip.domain()));
        fromAddress.setDisplayName(caller.line().display());
        FromHeader from = sip.headers().createFromHeader(fromAddress, Responses.newTag());
        ToHeader to = sip.headers().createToHeader(
                sip.addresses().createAddress(sip.addresses().createSipURI(destination.number().dn(), sip.domain())), null);
        CallIdHeader callId = sip.provider().getNewCallId();
        CSeqHeader cseq = sip.headers().createCSeqHeader(1L, Request.INVITE);
        MaxForwardsHeader incoming = (MaxForwardsHeader) call.invite.getHeader(MaxForwardsHeader.NAME);
        MaxForwardsHeader maxForwards = sip.headers().createMaxForwardsHeader(
                incoming == null ? 70 : Math.max(0, incoming.getMaxForwards() - 1));
        Request request = sip.messages().createRequest((URI) contact.clone(), Request.INVITE, callId, cseq, from, to,
                new ArrayList<>(List.of(sip.newVia(transport))), maxForwards);
        request.addHeader(sip.contact(caller.dn(), transport));
        if (destination.divertedFrom() != null) {
            // RFC 5806: tells the assistant's phone the call is for the manager's line.
            request.addHeader(sip.headers().createHeader("Diversion", "<sip:" + destination.divertedFrom() + "@"
                    + sip.domain() + ">;reason=unconditional;counter=1"));
        }
        MessageCopier.copyBody(call.invite, request);
        return request;
    }

    /** A response to a request we sent: a fork's INVITE, or a request relayed inside a dialog. */
    public void onResponse(ResponseEvent event) throws SipException, ParseException, javax.sip.InvalidArgumentException {
        ClientTransaction transaction = event.getClientTransaction();
        if (transaction != null && event.getResponse().getStatusCode() >= 200) {
            farewells.remove(transaction);
        }
        Object data = transaction == null ? null : transaction.getApplicationData();
        if (data instanceof Fork) {
            onForkResponse(event, (Fork) data);
        } else if (data instanceof RelayedRequest) {
            onRelayedResponse(event, (RelayedRequest) data);
        }
    }

    private void onForkResponse(ResponseEvent event, Fork fork) throws SipException, ParseException {
        Call call = fork.call;
        Response response = event.getResponse();
        int status = response.getStatusCode();
        synchronized (call) {
            if (status < 200) {
                fork.provisional = true;
                if (fork.cancelled) {
                    sendCancel(fork);
                } else if (status > 100 && !call.ended && !call.isAnswered() && fork.round == call.round) {
                    relayToCaller(call, response, status);
                }
                return;
            }
            fork.finished = true;
            if (status < 300) {
                onForkAnswered(call, fork, response);
                return;
            }
            deleteIfLoser(fork);
            if (call.ended || call.isAnswered()) {
                return;
            }
            if (fork.round == call.round && (call.bestFailure == null || better(response, call.bestFailure))) {
                call.bestFailure = response;
            }
            if (fork.round == call.round && call.allForksOfRoundFinished()) {
                onRoundFailed(call);
            }
        }
    }

    private void onForkAnswered(Call call, Fork fork, Response response) throws SipException, ParseException {
        long cseq = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber();
        if (call.ended || call.isAnswered() || fork.cancelled || fork.round != call.round) {
            // Lost the race (another fork answered, or the caller hung up): take the call and hang it up.
            Dialog dialog = fork.dialog;
            try {
                dialog.sendAck(dialog.createAck(cseq));
            } catch (javax.sip.InvalidArgumentException e) {
                throw new SipException(e.getMessage(), e);
            }
            sendBye(dialog);
            CallRegistry.delete(dialog);
            return;
        }
        call.winner = fork;
        if (call.noAnswerTimer != null) {
            call.noAnswerTimer.cancel(false);
        }
        cancelUnfinishedForks(call); // the winner is already finished
        Leg calleeLeg = new Leg(call, fork.dialog, fork.transport);
        calleeLeg.inviteCSeqAwaitingAck = cseq;
        fork.dialog.setApplicationData(calleeLeg);
        Leg.pair(call.callerLeg, calleeLeg);
        call.calleeLeg = calleeLeg;
        log.info("{}: answered by {}", call, fork.dialog.getRemoteParty());
        relayToCaller(call, response, response.getStatusCode());
    }

    private void onRoundFailed(Call call) throws SipException, ParseException {
        Response failure = call.bestFailure;
        int status = failure == null ? Response.TEMPORARILY_UNAVAILABLE : failure.getStatusCode();
        if (call.destination.ringsAssistant() && status != Response.BUSY_HERE && status != Response.DECLINE) {
            applyNoAnswerPolicy(call);
            return;
        }
        failCaller(call, mapFailure(status), failure == null ? "Temporarily Unavailable" : failure.getReasonPhrase());
    }

    private void onRingNoAnswer(Call call, int round) {
        synchronized (call) {
            if (call.ended || call.isAnswered() || call.round != round) {
                return;
            }
            log.info("{}: {} did not answer within {} s", call, call.destination.number(),
                    cluster.config().routingService().ringNoAnswerSeconds());
            for (Fork fork : call.forks) {
                if (fork.round == round && !fork.finished) {
                    cancel(fork);
                }
            }
            try {
                applyNoAnswerPolicy(call);
            } catch (SipException | ParseException e) {
                log.warn("{}: ring-no-answer policy failed: {}", call, e.getMessage());
            }
        }
    }

    /** The assistant did not answer: next assistant, the manager, or voicemail, as configured. */
    private void applyNoAnswerPolicy(Call call) throws SipException, ParseException {
        Destination current = call.destination;
        call.triedAssistants.add(current.assistant().user());
        call.bestFailure = null;
        RoutingResult next;
        switch (cluster.config().routingService().ringNoAnswerPolicy()) {
            case NEXT_ASSISTANT:
                next = router.atRoutePoint(current.routePoint(), call.caller, call.dialed, call.triedAssistants);
                break;
            case VOICEMAIL:
                next = router.toVoicemail(current, call.dialed);
                break;
            default:
                next = router.toManager(current, call.dialed);
                break;
        }
        if (!next.isRouted()) {
            failCaller(call, next.status(), next.reason());
            return;
        }
        ring(call, next.destination());
    }

    /** CANCEL from the caller before the call was answered. */
    public void onCancel(RequestEvent event, ServerTransaction cancelTransaction) throws SipException, ParseException {
        respond(cancelTransaction, Response.OK, "OK");
        SIPServerTransaction inviteTransaction = ((SIPServerTransaction) cancelTransaction).getCanceledInviteTransaction();
        Object data = inviteTransaction == null ? null : inviteTransaction.getApplicationData();
        if (!(data instanceof Call)) {
            return;
        }
        Call call = (Call) data;
        synchronized (call) {
            if (call.ended || call.isAnswered()) {
                return;
            }
            log.info("{}: cancelled by the caller", call);
            cancelUnfinishedForks(call);
            failCaller(call, Response.REQUEST_TERMINATED, "Request Terminated");
        }
    }

    /** A request inside an established dialog: ACK, BYE, re-INVITE, UPDATE, INFO. */
    public boolean onInDialogRequest(RequestEvent event, ServerTransaction transaction)
            throws SipException, ParseException, javax.sip.InvalidArgumentException {
        Dialog dialog = event.getDialog();
        Object data = dialog == null ? null : dialog.getApplicationData();
        if (!(data instanceof Leg)) {
            return false;
        }
        relayInDialog(event, (Leg) data, transaction);
        return true;
    }

    private void relayInDialog(RequestEvent event, Leg from, ServerTransaction transaction)
            throws SipException, ParseException, javax.sip.InvalidArgumentException {
        Call call = from.call;
        Request request = event.getRequest();
        String method = request.getMethod();
        synchronized (call) {
            Leg to = from.peer();
            if (method.equals(Request.ACK)) {
                if (to != null && to.inviteCSeqAwaitingAck >= 0) {
                    Request ack = to.dialog.createAck(to.inviteCSeqAwaitingAck);
                    MessageCopier.copyBody(request, ack);
                    to.dialog.sendAck(ack);
                    to.inviteCSeqAwaitingAck = -1;
                }
                return;
            }
            if (to == null || call.ended) {
                respond(transaction, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, "Call Does Not Exist");
                return;
            }
            if (method.equals(Request.BYE)) {
                log.info("{}: hung up by the {}", call, from == call.callerLeg ? "caller" : "callee");
                // The other side is told first: answering this BYE can fail (a TCP peer that closed its
                // connection after sending it), and that must not leave the other phone in the call.
                try {
                    sendBye(to.dialog);
                } catch (SipException e) {
                    log.info("{}: the other side could not be told: {}", call, e.getMessage());
                } finally {
                    // Whether or not the other side can still be told, the call is over here.
                    registry.release(call);
                    CallRegistry.delete(to.dialog);
                }
                respond(transaction, Response.OK, "OK");
                return;
            }
            Request relayed = to.dialog.createRequest(method);
            MessageCopier.copyBody(request, relayed);
            if (method.equals(Request.INVITE) || method.equals(Request.UPDATE)) {
                relayed.setHeader(sip.contact(from == call.callerLeg ? call.caller.dn() : call.dialed, to.transport));
            }
            ClientTransaction out = sip.provider().getNewClientTransaction(relayed);
            out.setApplicationData(new RelayedRequest(transaction, from, to));
            to.dialog.sendRequest(out);
        }
    }

    /** The response to a request we relayed inside a dialog: relayed back to where the request came from. */
    private void onRelayedResponse(ResponseEvent event, RelayedRequest relay) throws SipException, ParseException,
            javax.sip.InvalidArgumentException {
        Response response = event.getResponse();
        int status = response.getStatusCode();
        if (status == Response.TRYING) {
            return;
        }
        Call call = relay.from().call;
        synchronized (call) {
            Request original = relay.transaction().getRequest();
            Response back = sip.messages().createResponse(status, original);
            back.setReasonPhrase(response.getReasonPhrase());
            MessageCopier.copyBody(response, back);
            if (original.getMethod().equals(Request.INVITE) && status >= 200 && status < 300) {
                relay.to().inviteCSeqAwaitingAck = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber();
                back.addHeader(sip.contact(relay.from() == call.callerLeg ? call.dialed : call.caller.dn(),
                        relay.from().transport));
            } else if (original.getMethod().equals(Request.INVITE) && status >= 300) {
                // A failed re-INVITE was ACKed by the transaction layer; nothing awaits an ACK from us.
                relay.to().inviteCSeqAwaitingAck = -1;
            }
            send(relay.transaction(), back);
        }
    }

    /** A transaction of ours timed out: a fork that never answered counts as 408. */
    public void onTimeout(TimeoutEvent event) throws SipException, ParseException {
        if (event.isServerTransaction()) {
            return;
        }
        farewells.remove(event.getClientTransaction());
        Object data = event.getClientTransaction().getApplicationData();
        if (data instanceof Fork) {
            Fork fork = (Fork) data;
            Call call = fork.call;
            synchronized (call) {
                if (fork.finished) {
                    return;
                }
                fork.finished = true;
                deleteIfLoser(fork);
                if (!call.ended && !call.isAnswered() && fork.round == call.round && call.allForksOfRoundFinished()) {
                    onRoundFailed(call);
                }
            }
        }
    }

    private void relayToCaller(Call call, Response response, int status) throws SipException, ParseException {
        Response relayed = sip.messages().createResponse(status, call.invite);
        relayed.setReasonPhrase(response.getReasonPhrase());
        ((ToHeader) relayed.getHeader(ToHeader.NAME)).setTag(call.callerTag);
        MessageCopier.copyBody(response, relayed);
        if (status < 300) {
            relayed.addHeader(sip.contact(call.dialed, call.callerLeg.transport));
        }
        send(call.inviteTransaction, relayed);
    }

    private void failCaller(Call call, int status, String reason) throws SipException, ParseException {
        log.info("{}: failed with {} {}", call, status, reason);
        Response response = sip.messages().createResponse(status, call.invite);
        response.setReasonPhrase(reason);
        ((ToHeader) response.getHeader(ToHeader.NAME)).setTag(call.callerTag);
        try {
            send(call.inviteTransaction, response);
        } finally {
            registry.release(call);
        }
    }

    private void cancelUnfinishedForks(Call call) {
        for (Fork fork : call.forks) {
            if (!fork.finished) {
                cancel(fork);
            }
        }
    }

    private void cancel(Fork fork) {
        fork.cancelled = true;
        if (fork.provisional) {
            sendCancel(fork);
        }
    }

    private void sendCancel(Fork fork) {
        try {
            Request cancel = fork.transaction.createCancel();
            ClientTransaction transaction = sip.provider().getNewClientTransaction(cancel);
            if (closing) {
                farewells.add(transaction);
            }
            transaction.sendRequest();
        } catch (SipException e) {
            log.debug("CANCEL of a fork of {} not sent: {}", fork.call, e.getMessage());
        }
    }

    private void respond(ServerTransaction transaction, int status, String reason) throws SipException, ParseException {
        Response response = sip.messages().createResponse(status, transaction.getRequest());
        response.setReasonPhrase(reason);
        send(transaction, response);
    }

    /** Sends a final or provisional response; the stack's InvalidArgumentException becomes a SipException. */
    private static void send(ServerTransaction transaction, Response response) throws SipException {
        try {
            transaction.sendResponse(response);
        } catch (javax.sip.InvalidArgumentException e) {
            throw new SipException(e.getMessage(), e);
        }
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

    static String userPart(URI uri) {
        return uri instanceof SipURI ? ((SipURI) uri).getUser() : null;
    }

    private static String transportOf(Request request) {
        javax.sip.header.ViaHeader via = (javax.sip.header.ViaHeader) request.getHeader(javax.sip.header.ViaHeader.NAME);
        return via == null ? ListeningPoint.UDP : via.getTransport().toUpperCase(java.util.Locale.ROOT);
    }

    /** Deletes a finished fork's dialog when the fork did not become the call's callee leg. */
    private static void deleteIfLoser(Fork fork) {
        if (fork.call.winner != fork) {
            CallRegistry.delete(fork.dialog);
        }
    }
}
