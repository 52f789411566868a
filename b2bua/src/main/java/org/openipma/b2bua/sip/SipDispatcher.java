package org.openipma.b2bua.sip;

import java.util.List;
import java.util.Optional;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipListener;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openipma.b2bua.sip.call.CallController;
import org.openipma.b2bua.sip.subscribe.SubscriptionController;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one {@link SipListener} of the server: sends each request and response to the component that owns
 * it, answers what nobody owns, and keeps every failure of one message inside that message (a bad request
 * gets a 4xx/5xx; the server keeps serving).
 */
public final class SipDispatcher implements SipListener {
    private static final Logger log = LoggerFactory.getLogger(SipDispatcher.class);

    /** The methods we serve, for {@code Allow}. */
    static final List<String> ALLOW = List.of(Request.INVITE, Request.ACK, Request.CANCEL, Request.BYE,
            Request.OPTIONS, Request.REGISTER, Request.SUBSCRIBE, Request.NOTIFY, Request.INFO, Request.UPDATE);

    private final SipContext sip;
    private final RegisterHandler registrar;
    private final CallController calls;
    private final SubscriptionController subscriptions;

    /** Handles REGISTER requests (the registrar). */
    public interface RegisterHandler {
        void onRegister(Request request, ServerTransaction transaction) throws Exception;
    }

    public SipDispatcher(SipContext sip, RegisterHandler registrar, CallController calls,
                         SubscriptionController subscriptions) {
        this.sip = sip;
        this.registrar = registrar;
        this.calls = calls;
        this.subscriptions = subscriptions;
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        String method = request.getMethod();
        ServerTransaction transaction = null;
        sip.probe().requestReceived(request);
        try {
            Optional<RequestChecks.Refusal> refusal = RequestChecks.refusal(request);
            if (refusal.isPresent()) {
                // Stateless (RFC 3261 §8.2.7): a refused request holds no transaction; a retransmission is
                // refused again. Some refused requests could not have one (an INVITE without Contact).
                Response refused = refusalOf(request, refusal.get());
                sip.provider().sendResponse(refused);
                sip.probe().responseSent(refused);
                return;
            }
            if (method.equals(Request.INVITE) && event.getServerTransaction() == null && !hasToTag(request)
                    && event.getDialog() == null && calls.answerUncredentialedInvite(request)) {
                return; // challenged statelessly: no transaction, no retransmissions
            }
            if (!method.equals(Request.ACK)) {
                transaction = event.getServerTransaction();
                if (transaction == null) {
                    transaction = sip.provider().getNewServerTransaction(request);
                }
            }
            if (!method.equals(Request.CANCEL) && calls.onInDialogRequest(event, transaction)) {
                return;
            }
            switch (method) {
                case Request.REGISTER:
                    registrar.onRegister(request, transaction);
                    break;
                case Request.INVITE:
                    if (hasToTag(request)) {
                        respond(transaction, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, "Call Does Not Exist");
                    } else {
                        calls.onInvite(event, transaction);
                    }
                    break;
                case Request.CANCEL:
                    calls.onCancel(event, transaction);
                    break;
                case Request.ACK:
                    break; // ACK of a non-2xx is absorbed by the transaction layer; a stray ACK needs no answer.
                case Request.SUBSCRIBE:
                    subscriptions.onSubscribe(event, transaction);
                    break;
                case Request.NOTIFY:
                    subscriptions.onNotify(event, transaction);
                    break;
                case Request.OPTIONS:
                    respond(transaction, capabilities(request));
                    break;
                case Request.BYE:
                case Request.UPDATE:
                case Request.INFO:
                    respond(transaction, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, "Call Does Not Exist");
                    break;
                default:
                    respond(transaction, Response.NOT_IMPLEMENTED, "Not Implemented");
                    break;
            }
        } catch (TransactionAlreadyExistsException e) {
            log.debug("retransmission of a request already being handled: {}", method);
        } catch (Exception e) {
            if (e instanceof SipException) {
                // The peer went away (closed its connection, unreachable) before we could answer.
                log.info("{} (Call-ID {}) could not be answered: {}", method, callId(request), e.getMessage());
            } else {
                log.warn("{} (Call-ID {}) failed: {}", method, callId(request), e.toString());
            }
            if (transaction != null) {
                try {
                    respond(transaction, Response.SERVER_INTERNAL_ERROR, "Server Internal Error");
                } catch (Exception ignored) {
                    log.debug("could not answer the failed {}", method);
                }
            }
        }
    }

    @Override
    public void processResponse(ResponseEvent event) {
        try {
            if (!subscriptions.onResponse(event)) {
                calls.onResponse(event);
            }
        } catch (Exception e) {
            log.warn("response {} failed: {}", event.getResponse().getStatusCode(), e.toString());
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        try {
            if (!subscriptions.onTimeout(event)) {
                calls.onTimeout(event);
            }
        } catch (Exception e) {
            log.warn("timeout handling failed: {}", e.toString());
        }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        log.info("I/O error towards {}:{}/{}", event.getHost(), event.getPort(), event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        // Transactions clean themselves up; calls are released by CallController.
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        // Dialogs are deleted by CallController when their call is released, and by the subscription registry;
        // one the stack ended by itself while a call still holds it ends that call.
        try {
            calls.onDialogTerminated(event.getDialog());
        } catch (Exception e) {
            log.warn("dialog end handling failed: {}", e.toString());
        }
    }

    /** 200 to OPTIONS, with the methods and event packages we serve (RFC 3261 §11.2, RFC 6665 §8.2.2). */
    private Response capabilities(Request options) throws java.text.ParseException {
        Response ok = Responses.create(options, Response.OK, "OK");
        for (String method : ALLOW) {
            ok.addHeader(sip.headers().createAllowHeader(method));
        }
        SubscriptionController.allowEvents().forEach(ok::addHeader);
        return ok;
    }

    /** The response of a failed {@link RequestChecks} check, with {@code Unsupported} for a 420. */
    private Response refusalOf(Request request, RequestChecks.Refusal refusal) throws java.text.ParseException {
        Response response = Responses.create(request, refusal.status(), refusal.reason());
        for (String tag : refusal.unsupported()) {
            response.addHeader(sip.headers().createUnsupportedHeader(tag));
        }
        return response;
    }

    private void respond(ServerTransaction transaction, int status, String reason) throws Exception {
        respond(transaction, Responses.create(transaction.getRequest(), status, reason));
    }

    private void respond(ServerTransaction transaction, Response response) throws Exception {
        transaction.sendResponse(response);
        sip.probe().responseSent(response);
    }

    private static String callId(Request request) {
        CallIdHeader callId = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        return callId == null ? "none" : callId.getCallId();
    }

    private static boolean hasToTag(Request request) {
        javax.sip.header.ToHeader to = (javax.sip.header.ToHeader) request.getHeader(javax.sip.header.ToHeader.NAME);
        return to != null && to.getTag() != null;
    }
}
