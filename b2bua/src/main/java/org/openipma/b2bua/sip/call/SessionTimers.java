package org.openipma.b2bua.sip.call;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.InvalidArgumentException;
import javax.sip.SipException;
import javax.sip.header.CSeqHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openipma.b2bua.sip.SipContext;
import org.openipma.b2bua.sip.call.SessionTimer.Side;
import org.openipma.b2bua.sip.call.SessionTimerHeaders.SessionExpires;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Session timers (RFC 4028) on both legs of every answered call, as PBXs do (Asterisk's {@code session-timers},
 * FreeSWITCH's {@code enable-timer}): a call whose phone vanished without a BYE ends within one session interval
 * instead of at {@code sip.maxCallSeconds}.
 *
 * <h2>Negotiation, per leg</h2>
 * Our INVITEs and their 2xx answers carry {@code Supported: timer}; our INVITEs ask for
 * {@code Session-Expires: sip.sessionExpiresSeconds} with {@code Min-SE}. A request asking for less than our
 * Min-SE (90 s, RFC 4028's floor) gets {@code 422} with our {@code Min-SE}. On the caller's leg (we are the UAS)
 * the interval is the caller's {@code Session-Expires}, lowered to {@code sip.sessionExpiresSeconds}, never under
 * either side's Min-SE; the refresher is the one the caller named, the caller when it named none (it supports
 * timers, and its refresh proves it alive), and we when it sent {@code Session-Expires} without supporting timers
 * (a proxy inserted it; §9). A caller that neither supports timers nor asks for one gets none: it is unaffected.
 * On the callee's leg (we are the UAC) the callee's 2xx decides: its {@code Session-Expires} and refresher, or
 * no timer when it has none. Each re-INVITE or UPDATE answered 2xx negotiates its leg again the same way.
 *
 * <h2>Refreshes</h2>
 * A refresh arriving from a leg is relayed to the other like any re-INVITE or UPDATE ({@link DialogRelay}),
 * carrying that leg's own session headers, and when answered 2xx it refreshes both legs. Where we are the
 * refresher we send an UPDATE without body at half the interval, or a re-INVITE with the last SDP we sent on the
 * leg to a phone whose {@code Allow} lacks UPDATE. Where the phone is, no refresh before the interval minus
 * min(32 s, interval/3) ends the call: BYE on both legs, released as {@code session expired}. A refresh answered
 * 408 or 481, or never answered, ends it too (§10; RFC 5057); any other answer proves the phone alive.
 *
 * <p>Threads: the timer thread only hands over; the work runs on the call-work pool under the call's monitor.
 * Every other method expects the call's monitor held (see {@link Call}).
 */
final class SessionTimers {
    private static final Logger log = LoggerFactory.getLogger(SessionTimers.class);
    /** Our Min-SE: RFC 4028's floor for any session interval. */
    static final int RFC_MIN_SE_SECONDS = org.openipma.routing.IpmaConfig.Sip.MIN_SESSION_EXPIRES_SECONDS;
    /** The release cause of a call whose phone stopped refreshing. */
    static final String EXPIRED = "session expired";
    /** The release cause of a call whose refresh was answered 408 or 481, or never. */
    static final String REFRESH_FAILED = "session refresh failed";
    /** RFC 4028's 422, which JAIN-SIP's Response does not name. */
    static final int SESSION_INTERVAL_TOO_SMALL = 422;
    /** When a refresh cannot go now (another INVITE in the dialog), how long until we try again. */
    private static final long RETRY_MILLIS = 1000;

    /** What a refresh of ours is, as its client transaction's application data. */
    record Refresh(Call call, Leg leg, String method) {
    }

    private final SipContext sip;
    private final Termination termination;
    private final ScheduledExecutorService timers;
    private final Executor callWork;
    private final int minSe;

    SessionTimers(SipContext sip, Termination termination, ScheduledExecutorService timers, Executor callWork) {
        this(sip, termination, timers, callWork, RFC_MIN_SE_SECONDS);
    }

    /**
     * Tests only: a Min-SE under RFC 4028's 90 s, so that a session expires within seconds. The configuration
     * cannot lower it ({@code sip.sessionExpiresSeconds} starts at 90).
     */
    SessionTimers(SipContext sip, Termination termination, ScheduledExecutorService timers, Executor callWork,
                  int minSeSeconds) {
        if (minSeSeconds < 1) {
            throw new IllegalArgumentException("minSeSeconds: " + minSeSeconds + " (expected: at least 1)");
        }
        this.sip = sip;
        this.termination = termination;
        this.timers = timers;
        this.callWork = callWork;
        this.minSe = minSeSeconds;
    }

    /** The 422 for an INVITE or UPDATE asking for a session interval under our Min-SE, or empty (RFC 4028 §8.1). */
    Optional<Answer> tooBrief(Request request) throws ParseException {
        SessionExpires asked = SessionTimerHeaders.sessionExpires(request);
        if (asked == null || asked.seconds() >= minSe) {
            return Optional.empty();
        }
        return Optional.of(Answer.of(SESSION_INTERVAL_TOO_SMALL, "Session Interval Too Small")
                .with(SessionTimerHeaders.minSe(sip.headers(), minSe)));
    }

    /** Adds what a new INVITE of {@code call} towards its callee asks: timers supported, our interval, Min-SE. */
    void offer(Call call, Request invite) throws ParseException {
        HeaderFactory headers = sip.headers();
        invite.addHeader(SessionTimerHeaders.supported(headers));
        invite.setHeader(SessionTimerHeaders.sessionExpires(headers, interval(call), null));
        invite.setHeader(SessionTimerHeaders.minSe(headers, minSe));
    }

    /**
     * {@code call} was just answered with {@code answer} on its callee's leg: negotiates both legs, starts their
     * timers, and returns the headers of the 2xx to the caller.
     */
    List<Header> answered(Call call, Response answer) throws ParseException {
        SessionTimer timer = new SessionTimer(call.callerLeg, call.calleeLeg);
        call.sessionTimer = timer;
        asUas(call, timer.caller, call.invite);
        asUac(timer.callee, answer);
        timer.caller.updateAllowed = SessionTimerHeaders.allows(call.invite, Request.UPDATE);
        timer.callee.updateAllowed = SessionTimerHeaders.allows(answer, Request.UPDATE);
        timer.caller.lastSdp = answer.getRawContent();
        timer.callee.lastSdp = call.invite.getRawContent();
        for (Side side : List.of(timer.caller, timer.callee)) {
            if (side.active()) {
                log.info("{}: session timer on the {} leg: {} s, refreshed by {}", call, side.name(call), side.seconds,
                        side.weRefresh ? "us" : "the phone");
            }
        }
        schedule(call, timer);
        return answerHeaders(timer.caller);
    }

    /** A re-INVITE or UPDATE from {@code from} is being relayed as {@code relayed}: the other leg's session headers. */
    void relaying(Call call, Leg to, Request relayed) throws ParseException {
        SessionTimer timer = call.sessionTimer;
        Side side = timer == null ? null : timer.side(to);
        if (side == null) {
            return;
        }
        HeaderFactory headers = sip.headers();
        relayed.addHeader(SessionTimerHeaders.supported(headers));
        if (side.active()) {
            relayed.setHeader(SessionTimerHeaders.sessionExpires(headers, side.seconds,
                    side.weRefresh ? SessionTimerHeaders.UAC : SessionTimerHeaders.UAS));
            relayed.setHeader(SessionTimerHeaders.minSe(headers, minSe));
        }
        sent(side, relayed);
    }

    /** A body relayed to {@code to} (a request or an ACK): what a re-INVITE refresh of that leg would carry. */
    void sent(Call call, Leg to, Message message) {
        SessionTimer timer = call.sessionTimer;
        Side side = timer == null ? null : timer.side(to);
        if (side != null) {
            sent(side, message);
        }
    }

    /**
     * The answer to a re-INVITE or UPDATE relayed from {@code relay.from()} is going back: on a 2xx both legs were
     * refreshed and are negotiated again; returns the session headers of the answer to {@code relay.from()}.
     */
    List<Header> relayedBack(RelayedRequest relay, Response response) throws ParseException {
        Call call = relay.from().call;
        SessionTimer timer = call.sessionTimer;
        Side from = timer == null ? null : timer.side(relay.from());
        Side to = timer == null ? null : timer.side(relay.to());
        if (from == null || to == null || response.getStatusCode() / 100 != 2) {
            return List.of();
        }
        asUac(to, response);
        asUas(call, from, relay.transaction().getRequest());
        sent(from, response);
        schedule(call, timer);
        return answerHeaders(from);
    }

    /** The answer to a refresh of ours. */
    void onRefreshResponse(Refresh refresh, Response response) throws SipException, ParseException {
        Call call = refresh.call();
        int status = response.getStatusCode();
        SessionTimer timer = call.sessionTimer;
        Side side = timer == null ? null : timer.side(refresh.leg());
        if (status < 200) {
            return;
        }
        if (status / 100 == 2 && refresh.method().equals(Request.INVITE)) {
            ack(refresh.leg().dialog, response);
        }
        if (call.ended || side == null) {
            return;
        }
        side.refreshing = false;
        if (status == Response.REQUEST_TIMEOUT || status == Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST) {
            end(call, "our session refresh of the " + side.name(call) + " leg was answered " + status + " "
                    + response.getReasonPhrase(), REFRESH_FAILED);
            return;
        }
        if (status / 100 == 2) {
            asUac(side, response);
        } else {
            // Not refreshed, but answered: the phone is alive, which is all the timer is for.
            log.info("{}: session refresh of the {} leg answered {} {}; kept", call, side.name(call), status,
                    response.getReasonPhrase());
            side.restart();
        }
        schedule(call, timer);
    }

    /** A refresh of ours got no answer at all. */
    void onRefreshTimeout(Refresh refresh) {
        Call call = refresh.call();
        SessionTimer timer = call.sessionTimer;
        Side side = timer == null ? null : timer.side(refresh.leg());
        if (!call.ended && side != null) {
            end(call, "our session refresh of the " + side.name(call) + " leg was never answered", REFRESH_FAILED);
        }
    }

    /** Ends {@code call} because a refresh relayed through it was answered {@code status}, or never. */
    void refreshFailed(Call call, String why) {
        if (!call.ended) {
            end(call, why, REFRESH_FAILED);
        }
    }

    private void asUas(Call call, Side side, Request request) {
        SessionExpires asked = SessionTimerHeaders.sessionExpires(request);
        boolean supports = SessionTimerHeaders.supportsTimer(request);
        side.phoneSupports = supports;
        if (asked == null && !supports) {
            side.seconds = 0;
            return;
        }
        int seconds = asked == null ? interval(call) : Math.min(asked.seconds(), interval(call));
        side.seconds = Math.max(seconds, Math.max(minSe, SessionTimerHeaders.minSe(request)));
        side.weRefresh = !supports || asked != null && SessionTimerHeaders.UAS.equals(asked.refresher());
        side.restart();
    }

    private void asUac(Side side, Response response) {
        SessionExpires granted = SessionTimerHeaders.sessionExpires(response);
        if (granted == null) {
            side.seconds = 0; // RFC 4028 §7.2: a 2xx without Session-Expires leaves the session without expiry
            return;
        }
        side.seconds = Math.max(2, granted.seconds());
        side.weRefresh = !SessionTimerHeaders.UAS.equals(granted.refresher());
        side.restart();
    }

    private List<Header> answerHeaders(Side side) throws ParseException {
        HeaderFactory headers = sip.headers();
        List<Header> answer = new ArrayList<>();
        answer.add(SessionTimerHeaders.supported(headers));
        if (side.active()) {
            // The refresher as seen in this transaction, where the phone is the UAC and we the UAS.
            answer.add(SessionTimerHeaders.sessionExpires(headers, side.seconds,
                    side.weRefresh ? SessionTimerHeaders.UAS : SessionTimerHeaders.UAC));
            if (side.phoneSupports) {
                answer.add(SessionTimerHeaders.require(headers));
            }
        }
        return answer;
    }

    private static void sent(Side side, Message message) {
        byte[] body = message.getRawContent();
        if (body != null && body.length > 0) {
            side.lastSdp = body;
        }
    }

    private static int interval(Call call) {
        return call.cluster().config().sip().sessionExpiresSeconds();
    }

    private void schedule(Call call, SessionTimer timer) {
        timer.cancel();
        long due = Long.MAX_VALUE;
        for (Side side : List.of(timer.caller, timer.callee)) {
            if (side.active()) {
                due = Math.min(due, side.dueNanos);
            }
        }
        if (due == Long.MAX_VALUE) {
            return;
        }
        timer.next = timers.schedule(() -> callWork.execute(() -> {
            synchronized (call) {
                if (!call.ended && call.sessionTimer == timer) {
                    fire(call, timer);
                }
            }
        }), Math.max(0, due - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void fire(Call call, SessionTimer timer) {
        if (!timer.legsOf(call)) {
            log.info("{}: session timers stopped: a transfer changed the call's legs", call);
            timer.cancel();
            call.sessionTimer = null;
            return;
        }
        long now = System.nanoTime();
        for (Side side : List.of(timer.caller, timer.callee)) {
            if (!side.active() || now - side.dueNanos < 0) {
                continue;
            }
            if (!side.weRefresh) {
                end(call, "no session refresh from the " + side.name(call) + " phone within its " + side.seconds
                        + " s session interval", EXPIRED);
                return;
            }
            refresh(call, side);
        }
        schedule(call, timer);
    }

    private void refresh(Call call, Side side) {
        Leg leg = side.leg;
        boolean reInvite = !side.updateAllowed && side.lastSdp != null;
        if (side.refreshing || reInvite && leg.inviteCSeqAwaitingAck >= 0) {
            // Our last refresh is still unanswered (its timeout ends the call), or an INVITE awaits its ACK.
            side.dueNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS);
            return;
        }
        String method = reInvite ? Request.INVITE : Request.UPDATE;
        try {
            Request request = leg.dialog.createRequest(method);
            HeaderFactory headers = sip.headers();
            request.addHeader(SessionTimerHeaders.supported(headers));
            request.setHeader(SessionTimerHeaders.sessionExpires(headers, side.seconds, SessionTimerHeaders.UAC));
            request.setHeader(SessionTimerHeaders.minSe(headers, minSe));
            request.setHeader(sip.contact(DialogRelay.contactUser(call, leg.peer()), leg.transport));
            if (reInvite) {
                request.setContent(side.lastSdp, headers.createContentTypeHeader("application", "sdp"));
            }
            ClientTransaction transaction = sip.provider().getNewClientTransaction(request);
            transaction.setApplicationData(new Refresh(call, leg, method));
            leg.dialog.sendRequest(transaction);
            side.refreshing = true;
            // Until its answer restarts the side, the transaction's own timeout (64·T1) is the deadline.
            side.dueNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(side.seconds);
        } catch (SipException | ParseException e) {
            log.info("{}: session refresh of the {} leg not sent now: {}", call, side.name(call), e.getMessage());
            side.dueNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS);
        }
    }

    private static void ack(Dialog dialog, Response response) throws SipException {
        try {
            dialog.sendAck(dialog.createAck(((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber()));
        } catch (InvalidArgumentException e) {
            throw new SipException(e.getMessage(), e);
        }
    }

    private void end(Call call, String why, String cause) {
        log.info("{}: ended by the server: {}", call, why);
        try {
            termination.hangUpBoth(call, cause);
        } catch (SipException e) {
            log.info("{}: BYE not sent: {}", call, e.getMessage());
        }
    }
}
