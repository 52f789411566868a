package org.openipma.b2bua.sip.testing;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sip.ClientTransaction;
import javax.sip.ResponseEvent;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * A test phone's requests waiting for their final response: {@link #transact} sends one and waits up to
 * {@value TestPhone#TIMEOUT_SECONDS} s; the phone's listener hands over every response and timeout. Thread-safe.
 */
final class FinalResponses {
    private final Map<ClientTransaction, CompletableFuture<Response>> pending = new ConcurrentHashMap<>();

    /** Sends {@code request} in a new client transaction and returns its final response. */
    Response transact(SipProvider provider, Request request) {
        CompletableFuture<Response> response = new CompletableFuture<>();
        try {
            ClientTransaction transaction = provider.getNewClientTransaction(request);
            pending.put(transaction, response);
            transaction.sendRequest();
            return response.get(TestPhone.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (SipException | ExecutionException | TimeoutException e) {
            throw new AssertionError(request.getMethod() + " got no final response within "
                    + TestPhone.TIMEOUT_SECONDS + " s: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for a response to " + request.getMethod(), e);
        }
    }

    /** A response arrived: a final one completes its transaction's wait. */
    void onResponse(ResponseEvent event) {
        if (event.getResponse().getStatusCode() >= 200 && event.getClientTransaction() != null) {
            CompletableFuture<Response> future = pending.remove(event.getClientTransaction());
            if (future != null) {
                future.complete(event.getResponse());
            }
        }
    }

    /** A transaction timed out: its wait fails. */
    void onTimeout(TimeoutEvent event) {
        CompletableFuture<Response> future = pending.remove(event.getClientTransaction());
        if (future != null) {
            future.completeExceptionally(new TimeoutException("transaction timed out"));
        }
    }
}
