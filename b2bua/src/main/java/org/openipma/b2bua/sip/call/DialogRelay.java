package org.openipma.b2bua.sip.call;

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
 * bodies cross from one leg to the other; each leg sees our Contact. Every method expects the call's monitor
 * held (see {@link Call}).
 */
final class DialogRelay {
    private final SipContext sip;
    private final CallResponses responses;
    private final Termination termination;
    private final Transfers transfers;
    private final Forking forking;

    DialogRelay(SipContext sip, CallResponses responses, Termination termination, Transfers transfers,
                Forking forking) {
        this.forking = forking;
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
            if (from == call.callerLeg && !call.callerAcked) {
                forking.callerAcknowledged(call);
            }
            if (to != null && to.inviteCSeqAwaitingAck >= 0) {
                Request ack = to.dialog.createAck(to.inviteCSeqAwaitingAck);
                MessageCopier.copyBody(request, ack);
                to.dialog.sendAck(ack);
                to.inviteCSeqAwaitingAck = -1;
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
        Request relayed = to.dialog.createRequest(method);
        MessageCopier.copyBody(request, relayed);
        if (method.equals(Request.INVITE) || method.equals(Request.UPDATE)) {
            byte[] offer = request.getRawContent();
            if (offer != null && offer.length > 0) {
                call.held = SdpHold.isHold(offer);
            }
            relayed.setHeader(sip.contact(contactUser(call, from), to.transport));
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
        boolean reInvite = relay.transaction().getRequest().getMethod().equals(Request.INVITE);
        String contactUser = null;
        if (reInvite && status >= 200 && status < 300) {
            relay.to().inviteCSeqAwaitingAck = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber();
            contactUser = contactUser(call, relay.to());
        } else if (reInvite && status >= 300) {
            // A failed re-INVITE was ACKed by the transaction layer; nothing awaits an ACK from us.
            relay.to().inviteCSeqAwaitingAck = -1;
        }
        responses.relayBack(relay.transaction(), response, contactUser, relay.from().transport);
    }

    /** The user part of our Contact towards the peer of {@code leg}: the number {@code leg}'s side presents. */
    private static String contactUser(Call call, Leg leg) {
        return leg == call.callerLeg ? call.caller.dn() : call.dialed;
    }
}
