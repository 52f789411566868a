package org.openipma.b2bua.sip.call;

import java.text.ParseException;
import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.header.Header;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openipma.b2bua.sip.Responses;
import org.openipma.b2bua.sip.SipContext;

/**
 * The one place the call path builds and sends responses. Every response but 100 carries a To tag (RFC 3261
 * §8.2.6.2): {@link Responses#create} adds one when the request had none, and every response to a call's
 * INVITE carries the call's own tag, so the caller sees one dialog however many forks answered.
 */
final class CallResponses {
    private final SipContext sip;

    CallResponses(SipContext sip) {
        this.sip = sip;
    }

    /** Answers a request that did not become a call (or a CANCEL) with {@code answer}. */
    void answer(ServerTransaction transaction, Answer answer) throws SipException {
        Response response = Responses.create(transaction.getRequest(), answer.status(), answer.reason());
        for (Header header : answer.headers()) {
            response.addHeader(header);
        }
        send(transaction, response);
    }

    /** Answers {@code request} with {@code answer} outside any transaction: sent once, never retransmitted. */
    void answerStatelessly(Request request, Answer answer) throws SipException {
        Response response = Responses.create(request, answer.status(), answer.reason());
        for (Header header : answer.headers()) {
            response.addHeader(header);
        }
        sip.provider().sendResponse(response);
        sip.probe().responseSent(response);
    }

    /**
     * Answers the caller's INVITE of {@code call}: a provisional or final status with the callee's reason phrase
     * and body; with our Contact when it is 1xx or 2xx (the caller's dialog continues with us).
     */
    void toCaller(Call call, int status, String reason, Message bodyFrom) throws SipException, ParseException {
        toCaller(call, status, reason, bodyFrom, java.util.List.of());
    }

    /** As {@link #toCaller(Call, int, String, Message)}, with {@code headers} added (the 2xx's session timer). */
    void toCaller(Call call, int status, String reason, Message bodyFrom, java.util.List<Header> headers)
            throws SipException, ParseException {
        if (call.invite == null) {
            return; // set up and ACKed (Call#releaseSetup): the INVITE has had its final answer
        }
        Response response = Responses.create(call.invite, status, reason, call.callerTag);
        headers.forEach(response::addHeader);
        if (bodyFrom != null) {
            MessageCopier.copyBody(bodyFrom, response);
        }
        if (status < 300) {
            response.addHeader(sip.contact(call.dialed, call.callerLeg.transport));
        }
        send(call.inviteTransaction, response);
    }

    /**
     * Relays back the response to a request relayed inside a dialog: the status, reason phrase and body of
     * {@code from}; with {@code contactUser} as our Contact when it is given (a 2xx to a re-INVITE), and
     * {@code headers} (the session timer of the leg it goes back to).
     */
    void relayBack(ServerTransaction transaction, Response from, String contactUser, String transport,
                   java.util.List<Header> headers) throws SipException, ParseException {
        Request original = transaction.getRequest();
        Response back = Responses.create(original, from.getStatusCode(), from.getReasonPhrase());
        headers.forEach(back::addHeader);
        MessageCopier.copyBody(from, back);
        if (contactUser != null) {
            back.addHeader(sip.contact(contactUser, transport));
        }
        send(transaction, back);
    }

    /** Sends a response; the stack's InvalidArgumentException becomes a SipException. */
    void send(ServerTransaction transaction, Response response) throws SipException {
        try {
            transaction.sendResponse(response);
            sip.probe().responseSent(response);
        } catch (InvalidArgumentException e) {
            throw new SipException(e.getMessage(), e);
        }
    }
}
