package org.openipma.b2bua.sip.testing;

import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openipma.b2bua.sip.Responses;
import org.openipma.b2bua.sip.registrar.Registrar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SIP listener that is only a registrar: REGISTER goes to the {@link Registrar}, ACK is absorbed, every
 * other request gets 501 Not Implemented. For testing the registrar alone, on a clock the test moves; the
 * server's own dispatcher sends REGISTER to the same {@link Registrar}.
 *
 * <p>Nothing thrown while handling one request leaves this class: it is logged at ERROR (a bug) and the
 * request gets 500.
 */
public final class RegistrarSipListener implements SipListener {
    private static final Logger log = LoggerFactory.getLogger(RegistrarSipListener.class);

    private final Registrar registrar;

    public RegistrarSipListener(Registrar registrar) {
        this.registrar = registrar;
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        if (Request.ACK.equals(request.getMethod())) {
            return;
        }
        ServerTransaction transaction = serverTransaction(event);
        if (transaction == null) {
            return;
        }
        Response response;
        try {
            response = Request.REGISTER.equals(request.getMethod())
                    ? registrar.process(request)
                    : Responses.create(request, Response.NOT_IMPLEMENTED);
        } catch (RuntimeException e) {
            log.error("{} failed", request.getMethod(), e);
            response = Responses.create(request, Response.SERVER_INTERNAL_ERROR);
        }
        try {
            transaction.sendResponse(response);
        } catch (SipException | javax.sip.InvalidArgumentException | RuntimeException e) {
            log.warn("cannot answer {} with {}: {}", request.getMethod(), response.getStatusCode(), e.toString());
        }
    }

    /** The request's server transaction, created if need be; null for a retransmission or on failure. */
    private static ServerTransaction serverTransaction(RequestEvent event) {
        if (event.getServerTransaction() != null) {
            return event.getServerTransaction();
        }
        try {
            return ((SipProvider) event.getSource()).getNewServerTransaction(event.getRequest());
        } catch (TransactionAlreadyExistsException retransmission) {
            return null;
        } catch (SipException | RuntimeException e) {
            log.warn("no transaction for {}: {}", event.getRequest().getMethod(), e.toString());
            return null;
        }
    }

    @Override
    public void processResponse(ResponseEvent event) {
        // A registrar sends no requests.
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        log.debug("transaction timed out: {}", event.getTimeout());
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        log.debug("I/O error towards {}:{}/{}", event.getHost(), event.getPort(), event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        // Nothing held per transaction.
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        // A registrar creates no dialogs.
    }
}
