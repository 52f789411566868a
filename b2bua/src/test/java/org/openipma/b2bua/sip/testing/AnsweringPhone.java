package org.openipma.b2bua.sip.testing;

import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sip.InvalidArgumentException;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.address.AddressFactory;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openipma.b2bua.sip.SipFactories;
import org.openipma.b2bua.sip.stack.SipEndpoint;
import org.openipma.b2bua.sip.stack.SipStackFactory;
import org.openipma.b2bua.sipp.Line;
import org.openipma.b2bua.sipp.LoopbackPorts;

/**
 * A phone that answers every call, or only rings: its own in-process JAIN-SIP stack on 127.0.0.1,
 * registered for one line, which answers a new INVITE with 180 then (unless it only rings) 200 with an
 * SDP answer, a BYE with 200, and a CANCEL with 200 and then 487 for the INVITE it cancels. It keeps every
 * request it received so a test can check what the B2BUA sent it (From, Diversion, Contact, Via).
 *
 * <p>Every wait is bounded ({@value TestPhone#TIMEOUT_SECONDS} s).
 */
public final class AnsweringPhone implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private static final String SDP_ANSWER = TestSdp.audio("callee", 40002);

    private final Line line;
    private final boolean answers;
    /** The stack that registered the line, kept until {@link #close} so both stop at once. */
    private volatile TestPhone registrar;
    private final SipEndpoint endpoint;
    private final BlockingQueue<Request> received = new LinkedBlockingQueue<>();
    /** INVITEs rung and not answered, by Call-ID, for a CANCEL to end. */
    private final Map<String, Unanswered> unanswered = new ConcurrentHashMap<>();

    /** An INVITE left ringing, with the To tag of its 180 (its final response needs the same). */
    private record Unanswered(ServerTransaction transaction, String tag) {
    }

    private AnsweringPhone(Line line, boolean answers) {
        this.line = line;
        this.answers = answers;
        SipStackFactory.Settings settings = SipStackFactory.Settings.defaults("answering-" + line.dn())
                .withTcpPostParsingThreads(0);
        this.endpoint = SipEndpoint.open(settings, HOST, LoopbackPorts.freeUdpAndTcp(), this::answerer);
    }

    /**
     * Starts a phone for {@code line} and registers it at the server on 127.0.0.1:{@code serverPort}.
     *
     * @throws AssertionError if the registration does not end in 200
     */
    public static AnsweringPhone register(Line line, int serverPort) {
        return register(new AnsweringPhone(line, true), serverPort);
    }

    /** Like {@link #register}, but the phone rings (180) and never answers. */
    public static AnsweringPhone registerRingingOnly(Line line, int serverPort) {
        return register(new AnsweringPhone(line, false), serverPort);
    }

    private static AnsweringPhone register(AnsweringPhone phone, int serverPort) {
        TestPhone registrar = TestPhone.start(phone.line.user(), phone.line.password());
        phone.registrar = registrar;
        TestPhone.Exchange exchange = registrar.register(phone.line.dn(), serverPort).contact(phone.contactUri()).send();
        if (exchange.last().getStatusCode() != Response.OK) {
            phone.close();
            throw new AssertionError("registering " + phone.line + " got " + exchange);
        }
        return phone;
    }

    /** {@code sip:<dn>@127.0.0.1:<port>}, the contact it registered. */
    public String contactUri() {
        return "sip:" + line.dn() + "@" + HOST + ":" + endpoint.port();
    }

    /** The next request of {@code method} received, waiting up to the phone's timeout; null if none came. */
    public Request awaitRequest(String method) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TestPhone.TIMEOUT_SECONDS);
        for (long left = TimeUnit.SECONDS.toNanos(TestPhone.TIMEOUT_SECONDS); left > 0;
             left = deadline - System.nanoTime()) {
            Request request = received.poll(left, TimeUnit.NANOSECONDS);
            if (request != null && request.getMethod().equals(method)) {
                return request;
            }
        }
        return null;
    }

    /** Every request received and not yet taken by {@link #awaitRequest}, in order. */
    public List<Request> receivedSoFar() {
        return List.copyOf(received);
    }

    /** Stops the phone and the stack that registered it, together: JAIN-SIP's stop sleeps 1 s. */
    @Override
    public void close() {
        TestPhone registering = registrar;
        CompletableFuture<Void> stopped = registering == null ? CompletableFuture.completedFuture(null)
                : CompletableFuture.runAsync(registering::close);
        endpoint.close();
        stopped.join();
    }

    @Override
    public String toString() {
        return "AnsweringPhone[" + line + " at " + contactUri() + "]";
    }

    private SipListenerAdapter answerer(SipProvider provider) {
        return new SipListenerAdapter() {
            @Override
            public void processRequest(RequestEvent event) {
                Request request = event.getRequest();
                received.add(request);
                try {
                    switch (request.getMethod()) {
                        case Request.INVITE -> answer(provider, event);
                        case Request.CANCEL -> cancel(provider, event);
                        case Request.BYE, Request.INFO, Request.UPDATE ->
                                transaction(provider, event).sendResponse(response(Response.OK, request));
                        default -> { } // ACK needs no answer
                    }
                } catch (SipException | InvalidArgumentException | ParseException e) {
                    throw new IllegalStateException(AnsweringPhone.this + " could not answer " + request.getMethod(), e);
                }
            }
        };
    }

    private void answer(SipProvider provider, RequestEvent event)
            throws SipException, InvalidArgumentException, ParseException {
        ServerTransaction transaction = transaction(provider, event);
        Request invite = event.getRequest();
        if (transaction.getDialog() == null) {
            provider.getNewDialog(transaction); // the stack's dialogs are not automatic; the 180 gives it our tag
        }
        String tag = Long.toHexString(System.nanoTime());
        Response ringing = response(Response.RINGING, invite);
        ((ToHeader) ringing.getHeader(ToHeader.NAME)).setTag(tag);
        ringing.addHeader(contact());
        transaction.sendResponse(ringing);
        if (!answers) {
            unanswered.put(callId(invite), new Unanswered(transaction, tag));
            return;
        }
        Response ok = response(Response.OK, invite);
        ((ToHeader) ok.getHeader(ToHeader.NAME)).setTag(tag);
        ok.addHeader(contact());
        ContentTypeHeader sdp = SipFactories.headers().createContentTypeHeader("application", "sdp");
        ok.setContent(SDP_ANSWER, sdp);
        transaction.sendResponse(ok);
    }

    private void cancel(SipProvider provider, RequestEvent event)
            throws SipException, InvalidArgumentException, ParseException {
        Request cancel = event.getRequest();
        transaction(provider, event).sendResponse(response(Response.OK, cancel));
        Unanswered invite = unanswered.remove(callId(cancel));
        if (invite != null) {
            Response terminated = response(Response.REQUEST_TERMINATED, invite.transaction().getRequest());
            ((ToHeader) terminated.getHeader(ToHeader.NAME)).setTag(invite.tag());
            invite.transaction().sendResponse(terminated);
        }
    }

    private static String callId(Request request) {
        return ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
    }

    private static ServerTransaction transaction(SipProvider provider, RequestEvent event) throws SipException {
        return event.getServerTransaction() != null ? event.getServerTransaction()
                : provider.getNewServerTransaction(event.getRequest());
    }

    private static Response response(int status, Request request) throws ParseException {
        return SipFactories.messages().createResponse(status, request);
    }

    private ContactHeader contact() throws ParseException {
        AddressFactory addresses = SipFactories.addresses();
        return SipFactories.headers().createContactHeader(addresses.createAddress(addresses.createURI(contactUri())));
    }
}
