package org.openipma.b2bua.sip.call;

import gov.nist.javax.sip.stack.SetupReferences;
import java.text.ParseException;
import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.header.CSeqHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openipma.b2bua.sip.SipContext;

/**
 * Requests inside an answered call, relayed between the two legs: ACK (end to end, so an answer carried in the
 * ACK reaches the callee), re-INVITE, UPDATE, INFO and their responses; BYE goes to {@link Termination}. Only
 * bodies cross from one leg to the other; each leg sees our Contact, and its own session timer headers
 * ({@link SessionTimers}). A re-INVITE or UPDATE the other side answers 408 or 481, or never answers, ends the
 * call (RFC 4028 §10, RFC 5057: that dialog is gone). Every method expects the call's monitor held (see
 * {@link Call}).
 */
final class DialogRelay {
    private final SipContext sip;
    private final CallResponses responses;
    private final Termination termination;
    private final Transfers transfers;
    private final Forking forking;
    private final SessionTimers sessionTimers;

    DialogRelay(SipContext sip, CallResponses responses, Termination termination, Transfers transfers,
                Forking forking, SessionTimers sessionTimers) {
        this.forking = forking;
        this.sessionTimers = sessionTimers;
        this.sip = sip;
        this.responses = responses;
        this.termination = termination;
        this.transfers = transfers;
    }

    /** A request that arrived on {@code from}, with its server transaction (null for ACK). */
    void relay(Request request, Leg from, ServerTransaction transaction)
            throws SipException, ParseException, InvalidArgumentException {
        Call call = from.call;
        String method = request.getMethod();
        Leg to = from.peer();
        if (method.equals(Request.ACK)) {
            boolean setUp = from == call.callerLeg && !call.callerAcked;
            if (setUp) {
                forking.callerAcknowledged(call);
            }
            if (to != null && to.inviteCSeqAwaitingAck >= 0) {
                Request ack = to.dialog.createAck(to.inviteCSeqAwaitingAck);
                MessageCopier.copyBody(request, ack);
                sessionTimers.sent(call, to, ack);
                to.dialog.sendAck(ack);
                to.inviteCSeqAwaitingAck = -1;
            }
            if (setUp) {
                // Both INVITEs answered and ACKed: the dialogs keep what the call needs, not how it was set up.
                SetupReferences.release(from.dialog);
                if (to != null) {
                    SetupReferences.release(to.dialog);
                }
            }
            return;
        }
        if (to == null || call.ended) {
            responses.answer(transaction, Answer.of(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, "Call Does Not Exist"));
            return;
        }
        if (method.equals(Request.BYE)) {
            termination.hangUp(call, from, transaction);
            return;
        }
        if (method.equals(Request.REFER)) {
            // Never relayed: the B2BUA transfers, routing the target through the referrer's CSS.
            transfers.onRefer(call, from, transaction);
            return;
        }
        boolean refresh = method.equals(Request.INVITE) || method.equals(Request.UPDATE);
        java.util.Optional<Answer> tooBrief = refresh ? sessionTimers.tooBrief(request) : java.util.Optional.empty();
        if (tooBrief.isPresent()) {
            responses.answer(transaction, tooBrief.get());
            return;
        }
        Request relayed = to.dialog.createRequest(method);
        MessageCopier.copyBody(request, relayed);
        if (refresh) {
            byte[] offer = request.getRawContent();
            if (offer != null && offer.length > 0) {
                call.held = SdpHold.isHold(offer);
            }
            relayed.setHeader(sip.contact(contactUser(call, from), to.transport));
            sessionTimers.relaying(call, to, relayed);
        }
        ClientTransaction out = sip.provider().getNewClientTransaction(relayed);
        out.setApplicationData(new RelayedRequest(transaction, from, to));
        to.dialog.sendRequest(out);
    }

    /** The response to a request we relayed: relayed back to where the request came from. */
    void onResponse(RelayedRequest relay, Response response) throws SipException, ParseException {
        int status = response.getStatusCode();
        if (status == Response.TRYING) {
            return;
        }
        Call call = relay.from().call;
        String method = relay.transaction().getRequest().getMethod();
        boolean reInvite = method.equals(Request.INVITE);
        boolean refresh = reInvite || method.equals(Request.UPDATE);
        String contactUser = null;
        if (reInvite && status >= 200 && status < 300) {
            relay.to().inviteCSeqAwaitingAck = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber();
            contactUser = contactUser(call, relay.to());
        } else if (reInvite && status >= 300) {
            // A failed re-INVITE was ACKed by the transaction layer; nothing awaits an ACK from us.
            relay.to().inviteCSeqAwaitingAck = -1;
        }
        responses.relayBack(relay.transaction(), response, contactUser, relay.from().transport,
                refresh ? sessionTimers.relayedBack(relay, response) : java.util.List.of());
        if (refresh && (status == Response.REQUEST_TIMEOUT || status == Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST)) {
            sessionTimers.refreshFailed(call, "a " + method + " relayed to the "
                    + (relay.to() == call.callerLeg ? "caller" : "callee") + " was answered " + status + " "
                    + response.getReasonPhrase());
        }
    }

    /**
     * A request we relayed got no answer at all: the sender gets 408, and for a re-INVITE or UPDATE the call ends
     * (the other side is gone).
     */
    void onTimeout(RelayedRequest relay) throws SipException {
        Call call = relay.from().call;
        String method = relay.transaction().getRequest().getMethod();
        try {
            responses.answer(relay.transaction(), Answer.of(Response.REQUEST_TIMEOUT, "Request Timeout"));
        } catch (SipException e) {
            // The sender gave up on it first; the call still ends below.
        }
        if (method.equals(Request.INVITE) || method.equals(Request.UPDATE)) {
            sessionTimers.refreshFailed(call, "a " + method + " relayed to the "
                    + (relay.to() == call.callerLeg ? "caller" : "callee") + " was never answered");
        }
    }

    /** The user part of our Contact towards the peer of {@code leg}: the number {@code leg}'s side presents. */
    static String contactUser(Call call, Leg leg) {
        return leg == call.callerLeg ? call.caller.dn() : call.dialed;
    }
}
