package org.openipma.b2bua.sip.testing;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.sip.InvalidArgumentException;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.TimeoutEvent;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.EventHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openipma.b2bua.sip.SipFactories;
import org.openipma.b2bua.sip.auth.ChallengeKind;
import org.openipma.b2bua.sip.stack.SipEndpoint;
import org.openipma.b2bua.sip.stack.SipStackFactory;
import org.openipma.b2bua.sipp.Line;
import org.openipma.b2bua.sipp.LoopbackPorts;

/**
 * A phone that speaks SIP events (RFC 6665) on its own in-process JAIN-SIP stack on 127.0.0.1: it subscribes
 * (answering one 407), refreshes and unsubscribes inside the subscription's dialog, answers every NOTIFY it
 * gets with 200 and keeps it for the test; or, as a voicemail system does, sends a {@code message-summary}
 * NOTIFY to the server. It can register its own contact for its line, to be told of message waiting
 * without a subscription. Every wait is bounded ({@value TestPhone#TIMEOUT_SECONDS} s).
 */
public final class EventPhone implements AutoCloseable {
    private static final String HOST = "127.0.0.1";

    private final Line line;
    private final int serverPort;
    private final SipEndpoint endpoint;
    private final FinalResponses responses = new FinalResponses();
    private final ReceivedRequests received = new ReceivedRequests();
    private final AtomicLong cseq = new AtomicLong();
    private final AtomicLong nonceCount = new AtomicLong();
    private volatile TestPhone registrar;

    private EventPhone(Line line, int serverPort) {
        this.line = line;
        this.serverPort = serverPort;
        SipStackFactory.Settings settings = SipStackFactory.Settings.defaults("events-" + line.dn())
                .withTcpPostParsingThreads(0);
        this.endpoint = SipEndpoint.open(settings, HOST, LoopbackPorts.freeUdpAndTcp(), provider -> new Listener());
    }

    /** A phone of {@code line} talking to the server on 127.0.0.1:{@code serverPort}. */
    public static EventPhone start(Line line, int serverPort) {
        return new EventPhone(line, serverPort);
    }

    /** {@code sip:<dn>@127.0.0.1:<port>}: its Contact, registered or subscribing. */
    public String contactUri() {
        return "sip:" + line.dn() + "@" + HOST + ":" + endpoint.port();
    }

    /**
     * Registers {@link #contactUri()} for its line.
     *
     * @throws AssertionError if the registration does not end in 200
     */
    public EventPhone registered() {
        TestPhone phone = TestPhone.start(line.user(), line.password());
        registrar = phone;
        TestPhone.Exchange exchange = phone.register(line.dn(), serverPort).contact(contactUri()).send();
        if (exchange.last().getStatusCode() != Response.OK) {
            throw new AssertionError("registering " + line + " got " + exchange);
        }
        return this;
    }

    /** A subscription (or an attempt at one): every response, and what a refresh needs from the 200. */
    public record Subscribed(Request request, List<Integer> statuses, Response last) {
        /** The last response's reason phrase. */
        public String reason() {
            return last.getReasonPhrase();
        }
    }

    /** SUBSCRIBEs to {@code event} of line {@code dn}, from its own line, asking for {@code expires} seconds. */
    public Subscribed subscribe(String event, String dn, int expires) {
        String callId = endpoint.provider().getNewCallId().getCallId();
        String fromTag = Long.toHexString(System.nanoTime());
        return exchange(() -> {
            Request request = newRequest(Request.SUBSCRIBE, server(dn), callId, fromTag, CallingPhone.address(dn), null);
            withEvent(request, event, expires);
            return request;
        });
    }

    /** SUBSCRIBE inside {@code subscribed}'s dialog: a refresh for {@code expires} seconds, or (0) an unsubscribe. */
    public Response refresh(Subscribed subscribed, int expires) {
        Request first = subscribed.request();
        ContactHeader contact = (ContactHeader) subscribed.last().getHeader(ContactHeader.NAME);
        ToHeader to = (ToHeader) subscribed.last().getHeader(ToHeader.NAME);
        Request request = newRequest(Request.SUBSCRIBE, contact.getAddress().getURI(),
                ((CallIdHeader) first.getHeader(CallIdHeader.NAME)).getCallId(),
                ((FromHeader) first.getHeader(FromHeader.NAME)).getTag(),
                to.getAddress(), to.getTag());
        withEvent(request, ((EventHeader) first.getHeader(EventHeader.NAME)).getEventType(), expires);
        return transact(request);
    }

    /**
     * Sends, as a voicemail system, {@code message-summary} with {@code body} for line {@code dn} (answering one
     * 407); returns every status and the last response.
     */
    public Subscribed signalMessageWaiting(String dn, String body) {
        String callId = endpoint.provider().getNewCallId().getCallId();
        String fromTag = Long.toHexString(System.nanoTime());
        return exchange(() -> {
            Request notify = newRequest(Request.NOTIFY, server(dn), callId, fromTag, CallingPhone.address(dn), null);
            HeaderFactory headers = SipFactories.headers();
            try {
                notify.addHeader(headers.createEventHeader("message-summary"));
                notify.addHeader(headers.createSubscriptionStateHeader("active"));
                notify.setContent(body, headers.createContentTypeHeader("application", "simple-message-summary"));
            } catch (ParseException e) {
                throw new IllegalStateException(e);
            }
            return notify;
        });
    }

    /** The next NOTIFY received, waiting up to {@value TestPhone#TIMEOUT_SECONDS} s; null if none came. */
    public Request awaitNotify() throws InterruptedException {
        return received.await(Request.NOTIFY);
    }

    /** Every request received and not yet taken by {@link #awaitNotify}. */
    public List<Request> receivedSoFar() {
        return received.notYetTaken();
    }

    /** The body of {@code message} as text, or null. */
    public static String body(Message message) {
        byte[] raw = message.getRawContent();
        return raw == null ? null : new String(raw, StandardCharsets.UTF_8);
    }

    /** Sends the request {@code build} makes, and once more signed when it is challenged (407). */
    private Subscribed exchange(Supplier<Request> build) {
        List<Integer> statuses = new ArrayList<>();
        DigestClient.Challenge challenge = null;
        while (true) {
            Request request = build.get();
            if (challenge != null) {
                request.addHeader(DigestClient.sign(request, ChallengeKind.PROXY_407, challenge, line.user(),
                        line.password(), nonceCount.incrementAndGet()));
            }
            Response response = transact(request);
            statuses.add(response.getStatusCode());
            if (response.getStatusCode() != Response.PROXY_AUTHENTICATION_REQUIRED || challenge != null) {
                return new Subscribed(request, List.copyOf(statuses), response);
            }
            challenge = DigestClient.Challenge.of((ProxyAuthenticateHeader) response.getHeader(ProxyAuthenticateHeader.NAME));
        }
    }

    private void withEvent(Request request, String event, int expires) {
        HeaderFactory headers = SipFactories.headers();
        try {
            request.addHeader(headers.createEventHeader(event));
            request.addHeader(headers.createExpiresHeader(expires));
            request.addHeader(headers.createAcceptHeader("application",
                    event.equals("dialog") ? "dialog-info+xml" : "simple-message-summary"));
        } catch (ParseException | InvalidArgumentException e) {
            throw new IllegalStateException(e);
        }
    }

    private SipURI server(String dn) {
        try {
            SipURI uri = SipFactories.addresses().createSipURI(dn, HOST);
            uri.setPort(serverPort);
            return uri;
        } catch (ParseException e) {
            throw new IllegalArgumentException(dn, e);
        }
    }

    private Request newRequest(String method, URI requestUri, String callId, String fromTag, Address to, String toTag) {
        AddressFactory addresses = SipFactories.addresses();
        HeaderFactory headers = SipFactories.headers();
        try {
            ToHeader toHeader = headers.createToHeader(to, toTag);
            Request request = SipFactories.messages().createRequest((URI) requestUri.clone(), method,
                    headers.createCallIdHeader(callId),
                    headers.createCSeqHeader(cseq.incrementAndGet(), method),
                    headers.createFromHeader(CallingPhone.address(line.dn()), fromTag),
                    toHeader,
                    List.of(headers.createViaHeader(HOST, endpoint.port(), "udp", null)),
                    headers.createMaxForwardsHeader(70));
            request.addHeader(headers.createContactHeader(addresses.createAddress(addresses.createURI(contactUri()))));
            return request;
        } catch (ParseException | InvalidArgumentException e) {
            throw new IllegalStateException("cannot build " + method + ": " + e.getMessage(), e);
        }
    }

    private Response transact(Request request) {
        return responses.transact(endpoint.provider(), request);
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
        return "EventPhone[" + line + " at " + contactUri() + "]";
    }

    /** Answers every request 200 and keeps it; completes each pending transaction with its final response. */
    private final class Listener extends SipListenerAdapter {
        @Override
        public void processRequest(RequestEvent event) {
            Request request = event.getRequest();
            received.add(request);
            if (request.getMethod().equals(Request.ACK)) {
                return;
            }
            try {
                ServerTransaction transaction = event.getServerTransaction() != null
                        ? event.getServerTransaction() : endpoint.provider().getNewServerTransaction(request);
                transaction.sendResponse(SipFactories.messages().createResponse(Response.OK, request));
            } catch (SipException | InvalidArgumentException | ParseException e) {
                throw new IllegalStateException(EventPhone.this + " could not answer " + request.getMethod(), e);
            }
        }

        @Override
        public void processResponse(ResponseEvent event) {
            responses.onResponse(event);
        }

        @Override
        public void processTimeout(TimeoutEvent event) {
            responses.onTimeout(event);
        }
    }
}
