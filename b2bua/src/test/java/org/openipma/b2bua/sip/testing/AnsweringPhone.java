package org.openipma.b2bua.sip.testing;

import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import javax.sip.InvalidArgumentException;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.address.AddressFactory;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openipma.b2bua.sip.SipFactories;
import org.openipma.b2bua.sip.stack.SipEndpoint;
import org.openipma.b2bua.sip.stack.SipStackFactory;
import org.openipma.b2bua.sipp.Line;
import org.openipma.b2bua.sipp.LoopbackPorts;

/**
 * A phone that takes calls as its {@link Behaviour} says: its own in-process JAIN-SIP stack on 127.0.0.1,
 * registered for one line, which answers a new INVITE with a provisional response (180, or 183 with SDP)
 * then a final one (200 with an SDP answer, a failure, or none: it rings until cancelled). A re-INVITE, BYE,
 * INFO or UPDATE gets 200; a CANCEL gets 200 and then 487 for the INVITE it cancels. It keeps every request
 * it received so a test can check what the B2BUA sent it (From, Diversion, Contact, Via, bodies).
 *
 * <p>Every wait is bounded ({@value TestPhone#TIMEOUT_SECONDS} s).
 */
public final class AnsweringPhone implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private static final String SDP_ANSWER = TestSdp.audio("callee", 40002);
    /** How long early media plays before the answer. */
    private static final long EARLY_MEDIA_MILLIS = 500;

    /**
     * How the phone takes a call.
     *
     * @param earlyMedia whether it sends 183 Session Progress with its SDP instead of 180 Ringing
     * @param finalStatus the final response to a new INVITE (200 with SDP, or a failure), 0 for none
     */
    public record Behaviour(boolean earlyMedia, int finalStatus) {
        /** 180, then 200 with SDP. */
        public static final Behaviour ANSWERS = new Behaviour(false, Response.OK);
        /** 183 with SDP, then 200 with SDP half a second later. */
        public static final Behaviour EARLY_MEDIA_THEN_ANSWERS = new Behaviour(true, Response.OK);
        /** 180, and nothing more until cancelled. */
        public static final Behaviour RINGS_ONLY = new Behaviour(false, 0);

        /** 180, then {@code status}. */
        public static Behaviour rejects(int status) {
            return new Behaviour(false, status);
        }
    }

    private final Line line;
    private final Behaviour behaviour;
    /** The stack that registered the line, kept until {@link #close} so both stop at once. */
    private volatile TestPhone registrar;
    private final SipEndpoint endpoint;
    private final ReceivedRequests received = new ReceivedRequests();
    /** INVITEs rung and not answered, by Call-ID, for a CANCEL to end. */
    private final Map<String, Unanswered> unanswered = new ConcurrentHashMap<>();
    /** The dialog of the call this phone answered last, for {@link #refer}. */
    private volatile javax.sip.Dialog lastAnswered;
    /** The Session-Expires value of this phone's 2xx answers (RFC 4028), or null: it ignores session timers. */
    private volatile String sessionExpires;
    private final java.util.concurrent.BlockingQueue<Response> referResponses =
            new java.util.concurrent.LinkedBlockingQueue<>();

    /** An INVITE left ringing, with the To tag of its 180 (its final response needs the same). */
    private record Unanswered(ServerTransaction transaction, String tag) {
    }

    private AnsweringPhone(Line line, Behaviour behaviour) {
        this.line = line;
        this.behaviour = behaviour;
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
        return register(line, serverPort, Behaviour.ANSWERS);
    }

    /** Like {@link #register}, taking calls as {@code behaviour} says. */
    public static AnsweringPhone register(Line line, int serverPort, Behaviour behaviour) {
        return register(new AnsweringPhone(line, behaviour), serverPort);
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

    /**
     * From now on this phone supports session timers: its 2xx to an INVITE, re-INVITE or UPDATE carries
     * {@code Session-Expires: value} (e.g. {@code 4;refresher=uac}) and {@code Require: timer}.
     */
    public AnsweringPhone withSessionExpires(String value) {
        sessionExpires = value;
        return this;
    }

    /** {@code sip:<dn>@127.0.0.1:<port>}, the contact it registered. */
    public String contactUri() {
        return "sip:" + line.dn() + "@" + HOST + ":" + endpoint.port();
    }

    /**
     * The next request of {@code method} received, waiting up to {@value TestPhone#TIMEOUT_SECONDS} s; null
     * if none came. Requests of other methods received before it are taken too.
     */
    public Request awaitRequest(String method) throws InterruptedException {
        return received.await(method);
    }

    /** Every request received and not yet taken by {@link #awaitRequest}, in order. */
    public List<Request> receivedSoFar() {
        return received.notYetTaken();
    }

    /** Stops the phone and the stack that registered it, together: JAIN-SIP's stop sleeps 1 s. */
    /**
     * Transfers the call this phone answered last (a blind transfer: REFER with {@code Refer-To: referTo}); the
     * final response to the REFER. The NOTIFYs that follow are answered 200 and can be awaited.
     */
    public Response refer(String referTo) throws Exception {
        javax.sip.Dialog dialog = lastAnswered;
        if (dialog == null) {
            throw new AssertionError(this + " has answered no call to transfer");
        }
        Request refer = dialog.createRequest(Request.REFER);
        refer.addHeader(SipFactories.headers().createReferToHeader(SipFactories.addresses().createAddress(referTo)));
        refer.setHeader(contact());
        javax.sip.ClientTransaction transaction = endpoint.provider().getNewClientTransaction(refer);
        dialog.sendRequest(transaction);
        Response response = referResponses.poll(TestPhone.TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        if (response == null) {
            throw new AssertionError(this + ": no final response to the REFER");
        }
        return response;
    }

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
            public void processResponse(javax.sip.ResponseEvent event) {
                if (event.getResponse().getStatusCode() >= 200 && event.getClientTransaction() != null
                        && event.getClientTransaction().getRequest().getMethod().equals(Request.REFER)) {
                    referResponses.add(event.getResponse());
                }
            }

            @Override
            public void processRequest(RequestEvent event) {
                Request request = event.getRequest();
                received.add(request);
                try {
                    switch (request.getMethod()) {
                        case Request.INVITE -> answer(provider, event);
                        case Request.CANCEL -> cancel(provider, event);
                        case Request.UPDATE -> transaction(provider, event).sendResponse(
                                timed(response(Response.OK, request)));
                        case Request.BYE, Request.INFO, Request.NOTIFY ->
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
        if (((ToHeader) invite.getHeader(ToHeader.NAME)).getTag() != null) {
            // A re-INVITE (hold, resume): accept the new offer with our answer, in the dialog's own tag.
            Response ok = timed(withSdp(response(Response.OK, invite)));
            ok.addHeader(contact()); // a 2xx to an INVITE, re-INVITEs included, must carry one (RFC 3261 §12.1.1)
            transaction.sendResponse(ok);
            return;
        }
        if (transaction.getDialog() == null) {
            provider.getNewDialog(transaction); // the stack's dialogs are not automatic; the 1xx gives it our tag
        }
        String tag = Long.toHexString(System.nanoTime());
        Response provisional = response(behaviour.earlyMedia() ? Response.SESSION_PROGRESS : Response.RINGING, invite);
        ((ToHeader) provisional.getHeader(ToHeader.NAME)).setTag(tag);
        provisional.addHeader(contact());
        transaction.sendResponse(behaviour.earlyMedia() ? withSdp(provisional) : provisional);
        if (behaviour.finalStatus() == 0) {
            unanswered.put(callId(invite), new Unanswered(transaction, tag));
            return;
        }
        if (behaviour.earlyMedia()) {
            // Answer as a person would, a while after the 183: sent back to back over UDP, the 200 may be
            // handled first by the B2BUA's thread pool, and a 1xx after the final response is rightly dropped.
            pause(EARLY_MEDIA_MILLIS);
        }
        Response last = response(behaviour.finalStatus(), invite);
        ((ToHeader) last.getHeader(ToHeader.NAME)).setTag(tag);
        if (behaviour.finalStatus() / 100 == 2) {
            last.addHeader(contact());
            withSdp(last);
            timed(last);
            lastAnswered = transaction.getDialog();
        }
        transaction.sendResponse(last);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Response timed(Response response) throws ParseException {
        String value = sessionExpires;
        if (value != null) {
            response.addHeader(SipFactories.headers().createHeader("Session-Expires", value));
            response.addHeader(SipFactories.headers().createRequireHeader("timer"));
        }
        return response;
    }

    private static Response withSdp(Response response) throws ParseException {
        response.setContent(SDP_ANSWER, SipFactories.headers().createContentTypeHeader("application", "sdp"));
        return response;
    }

    /** The SDP this phone answers with, as sent. */
    public static String sdpAnswer() {
        return SDP_ANSWER;
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
