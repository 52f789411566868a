package org.openipma.b2bua.sip.testing;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.InvalidArgumentException;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.TimeoutEvent;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openipma.b2bua.sip.SipFactories;
import org.openipma.b2bua.sip.auth.ChallengeKind;
import org.openipma.b2bua.sip.stack.SipEndpoint;
import org.openipma.b2bua.sip.stack.SipStackFactory;
import org.openipma.b2bua.sipp.Line;
import org.openipma.b2bua.sipp.LoopbackPorts;

/**
 * A phone that places calls as a softphone does, on its own in-process JAIN-SIP stack on 127.0.0.1: an
 * INVITE with an SDP offer, the 407 answered once with digest credentials signed over the Request-URI
 * actually sent, a 302 followed by dialing its Contact (same Call-ID, From and To, as RFC 3261 §8.1.3.4
 * allows), a 2xx acknowledged, requests inside the call (INFO, UPDATE, BYE) sent and answered with 200.
 * It keeps every request it received.
 *
 * <p>Unlike SIPp, which signs a fixed digest {@code uri}, it signs whatever Request-URI it sends, so it
 * can follow a redirect whose Contact carries parameters. Every wait is bounded
 * ({@value TestPhone#TIMEOUT_SECONDS} s).
 */
public final class CallingPhone implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private static final String SDP_OFFER = TestSdp.audio("caller", 40000);

    /** The display name every CallingPhone puts in its From. */
    public static final String SELF_CHOSEN_NAME = "Self Chosen Name";

    private final Line line;
    private final SipEndpoint endpoint;
    private final Map<ClientTransaction, BlockingQueue<Response>> responses = new ConcurrentHashMap<>();
    private final AtomicLong cseq = new AtomicLong();
    private final AtomicLong nonceCount = new AtomicLong();
    private final ReceivedRequests received = new ReceivedRequests();
    /** False for a phone that never ACKs a 2xx (it crashed, or its network went away). */
    private volatile boolean acksAnswers = true;
    /** Headers ({@code Name: value}) every INVITE of this phone carries besides the usual ones. */
    private volatile List<String> inviteHeaders = List.of();

    private CallingPhone(Line line) {
        this.line = line;
        SipStackFactory.Settings settings = SipStackFactory.Settings.defaults("calling-" + line.dn())
                .withTcpPostParsingThreads(0);
        this.endpoint = SipEndpoint.open(settings, HOST, LoopbackPorts.freeUdpAndTcp(), new Collector());
    }

    /** A phone calling from {@code line} with its credentials (it need not be registered to call). */
    public static CallingPhone start(Line line) {
        return new CallingPhone(line);
    }

    /** From now on this phone never ACKs the answer to its INVITEs, as one that crashed the moment it dialled. */
    public CallingPhone withoutAck() {
        acksAnswers = false;
        return this;
    }

    /** From now on every INVITE of this phone carries {@code headers}, each {@code Name: value}. */
    public CallingPhone withInviteHeaders(String... headers) {
        inviteHeaders = List.of(headers);
        return this;
    }

    /** {@code sip:<dialed>@127.0.0.1:<serverPort>}: what a phone dials through the server. */
    public static SipURI uri(String dialed, int serverPort) {
        try {
            SipURI uri = SipFactories.addresses().createSipURI(dialed, HOST);
            uri.setPort(serverPort);
            return uri;
        } catch (ParseException e) {
            throw new IllegalArgumentException("cannot dial " + dialed, e);
        }
    }

    /** Dials {@code requestUri} in a new call (new Call-ID), answering one 407. */
    public Attempt dial(SipURI requestUri) {
        Address to = address(requestUri.getUser());
        return invite(requestUri, endpoint.provider().getNewCallId().getCallId(), Long.toHexString(System.nanoTime()), to);
    }

    /**
     * Follows {@code redirected}'s 302: dials the URI of its first Contact, with the same Call-ID, From
     * and To, answering one 407.
     *
     * @throws AssertionError if {@code redirected} did not end in a 3xx with a Contact
     */
    public Attempt follow(Attempt redirected) {
        Response moved = redirected.last();
        ContactHeader contact = (ContactHeader) moved.getHeader(ContactHeader.NAME);
        if (moved.getStatusCode() / 100 != 3 || contact == null) {
            throw new AssertionError("nothing to follow: " + redirected);
        }
        Request first = redirected.request();
        return invite((SipURI) contact.getAddress().getURI(), callIdOf(first), fromTagOf(first),
                ((ToHeader) first.getHeader(ToHeader.NAME)).getAddress());
    }

    /** Hangs up an answered call with a BYE; returns its final response. */
    public Response hangUp(Attempt answered) {
        return inCall(answered, Request.BYE, null);
    }

    /** Transfers the answered call (REFER with {@code Refer-To: referTo}); the REFER's final response. */
    public Response refer(Attempt answered, String referTo) {
        try {
            Request refer = answered.dialog().createRequest(Request.REFER);
            refer.addHeader(SipFactories.headers().createReferToHeader(SipFactories.addresses().createAddress(referTo)));
            refer.setHeader(SipFactories.headers().createContactHeader(SipFactories.addresses().createAddress(
                    "sip:" + line.dn() + "@" + HOST + ":" + endpoint.port())));
            ClientTransaction transaction = endpoint.provider().getNewClientTransaction(refer);
            BlockingQueue<Response> queue = track(transaction);
            answered.dialog().sendRequest(transaction);
            List<Response> got = finalResponse(queue, refer);
            return got.get(got.size() - 1);
        } catch (SipException | ParseException e) {
            throw new AssertionError("cannot send REFER: " + e, e);
        }
    }

    /**
     * Sends {@code method} (INFO, UPDATE, BYE) inside an answered call, with {@code sdp} as its body if not
     * null; returns its final response.
     */
    public Response inCall(Attempt answered, String method, String sdp) {
        return inCall(answered, method, sdp, new String[0]);
    }

    /** As {@link #inCall(Attempt, String, String)}, the request carrying {@code headers} ({@code Name: value}). */
    public Response inCall(Attempt answered, String method, String sdp, String... headers) {
        if (answered.dialog() == null) {
            throw new AssertionError("no call to send " + method + " in: " + answered);
        }
        try {
            Request request = answered.dialog().createRequest(method);
            if (sdp != null) {
                request.setContent(sdp, SipFactories.headers().createContentTypeHeader("application", "sdp"));
            }
            for (String header : headers) {
                request.addHeader(header(header));
            }
            ClientTransaction transaction = endpoint.provider().getNewClientTransaction(request);
            BlockingQueue<Response> queue = track(transaction);
            answered.dialog().sendRequest(transaction);
            List<Response> got = finalResponse(queue, request);
            return got.get(got.size() - 1);
        } catch (SipException | ParseException e) {
            throw new AssertionError("cannot send " + method + ": " + e, e);
        }
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

    private Attempt invite(SipURI requestUri, String callId, String fromTag, Address to) {
        List<Response> all = new ArrayList<>();
        DigestClient.Challenge challenge = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            Request invite = newInvite(requestUri, callId, fromTag, to, challenge);
            try {
                ClientTransaction transaction = endpoint.provider().getNewClientTransaction(invite);
                Dialog dialog = endpoint.provider().getNewDialog(transaction);
                BlockingQueue<Response> queue = track(transaction);
                transaction.sendRequest();
                List<Response> got = finalResponse(queue, invite);
                all.addAll(got);
                Response last = got.get(got.size() - 1);
                if (last.getStatusCode() == Response.PROXY_AUTHENTICATION_REQUIRED && challenge == null) {
                    challenge = DigestClient.Challenge.of(
                            (ProxyAuthenticateHeader) last.getHeader(ProxyAuthenticateHeader.NAME));
                    continue;
                }
                if (last.getStatusCode() / 100 == 2) {
                    long number = ((CSeqHeader) last.getHeader(CSeqHeader.NAME)).getSeqNumber();
                    if (acksAnswers) {
                        dialog.sendAck(dialog.createAck(number));
                    }
                    return new Attempt(invite, all, dialog);
                }
                return new Attempt(invite, all, null);
            } catch (SipException | InvalidArgumentException e) {
                throw new AssertionError("cannot send INVITE to " + requestUri + ": " + e, e);
            }
        }
        return new Attempt(null, all, null);
    }

    private Request newInvite(SipURI requestUri, String callId, String fromTag, Address to,
                              DigestClient.Challenge challenge) {
        AddressFactory addresses = SipFactories.addresses();
        HeaderFactory headers = SipFactories.headers();
        try {
            Address from = address(line.dn());
            // A name of its own choosing, as a softphone sends: the B2BUA must show the configured one instead.
            from.setDisplayName(SELF_CHOSEN_NAME);
            Request invite = SipFactories.messages().createRequest((SipURI) requestUri.clone(), Request.INVITE,
                    headers.createCallIdHeader(callId),
                    headers.createCSeqHeader(cseq.incrementAndGet(), Request.INVITE),
                    headers.createFromHeader(from, fromTag),
                    headers.createToHeader(to, null),
                    List.of(headers.createViaHeader(HOST, endpoint.port(), "udp", null)),
                    headers.createMaxForwardsHeader(70),
                    headers.createContentTypeHeader("application", "sdp"),
                    SDP_OFFER);
            invite.addHeader(headers.createContactHeader(addresses.createAddress(
                    addresses.createURI("sip:" + line.dn() + "@" + HOST + ":" + endpoint.port()))));
            for (String header : inviteHeaders) {
                invite.addHeader(header(header));
            }
            if (challenge != null) {
                invite.addHeader(DigestClient.sign(invite, ChallengeKind.PROXY_407, challenge, line.user(),
                        line.password(), nonceCount.incrementAndGet()));
            }
            return invite;
        } catch (ParseException | InvalidArgumentException e) {
            throw new IllegalStateException("cannot build INVITE to " + requestUri + ": " + e.getMessage(), e);
        }
    }

    /** A header from its {@code Name: value} text. */
    static javax.sip.header.Header header(String text) throws ParseException {
        int colon = text.indexOf(':');
        return SipFactories.headers().createHeader(text.substring(0, colon).trim(), text.substring(colon + 1).trim());
    }

    /** {@code sip:<user>@127.0.0.1}, for From and To. */
    static Address address(String user) {
        AddressFactory addresses = SipFactories.addresses();
        try {
            return addresses.createAddress(addresses.createSipURI(user, HOST));
        } catch (ParseException e) {
            throw new IllegalArgumentException("address of " + user, e);
        }
    }

    private BlockingQueue<Response> track(ClientTransaction transaction) {
        BlockingQueue<Response> queue = new LinkedBlockingQueue<>();
        responses.put(transaction, queue);
        return queue;
    }

    /** Every response of one transaction up to and including the final one. */
    private static List<Response> finalResponse(BlockingQueue<Response> queue, Request request) {
        List<Response> got = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TestPhone.TIMEOUT_SECONDS);
        try {
            while (true) {
                Response response = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (response == null) {
                    throw new AssertionError(request.getMethod() + " to " + request.getRequestURI()
                            + " got no final response within " + TestPhone.TIMEOUT_SECONDS + " s; got " + got);
                }
                got.add(response);
                if (response.getStatusCode() >= 200) {
                    return got;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for a response to " + request.getMethod(), e);
        }
    }

    private static String callIdOf(Request request) {
        return ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
    }

    private static String fromTagOf(Request request) {
        return ((FromHeader) request.getHeader(FromHeader.NAME)).getTag();
    }

    @Override
    public void close() {
        endpoint.close();
    }

    @Override
    public String toString() {
        return "CallingPhone[" + line + " on port " + endpoint.port() + "]";
    }

    /** Queues each response on its transaction's queue (a timeout becomes a 408); answers requests 200. */
    private final class Collector extends SipListenerAdapter {
        @Override
        public void processRequest(RequestEvent event) {
            Request request = event.getRequest();
            received.add(request);
            if (request.getMethod().equals(Request.ACK)) {
                return;
            }
            try {
                ServerTransaction transaction = event.getServerTransaction() != null ? event.getServerTransaction()
                        : endpoint.provider().getNewServerTransaction(request);
                Response ok = SipFactories.messages().createResponse(Response.OK, request);
                if (request.getMethod().equals(Request.INVITE)) {
                    // A re-INVITE (a transfer's new offer): answer it, as a phone in a call does.
                    ok.setContent(SDP_OFFER, SipFactories.headers().createContentTypeHeader("application", "sdp"));
                    ok.addHeader(SipFactories.headers().createContactHeader(SipFactories.addresses().createAddress(
                            "sip:" + line.dn() + "@" + HOST + ":" + endpoint.port())));
                }
                transaction.sendResponse(ok);
            } catch (SipException | InvalidArgumentException | ParseException e) {
                throw new IllegalStateException(CallingPhone.this + " could not answer " + request.getMethod(), e);
            }
        }

        @Override
        public void processResponse(ResponseEvent event) {
            ClientTransaction transaction = event.getClientTransaction();
            BlockingQueue<Response> queue = transaction == null ? null : responses.get(transaction);
            if (queue != null) {
                queue.add(event.getResponse());
            }
        }

        @Override
        public void processTimeout(TimeoutEvent event) {
            BlockingQueue<Response> queue = responses.get(event.getClientTransaction());
            if (queue != null) {
                try {
                    queue.add(SipFactories.messages().createResponse(Response.REQUEST_TIMEOUT,
                            event.getClientTransaction().getRequest()));
                } catch (ParseException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /**
     * One INVITE exchange: the last INVITE sent, every response received in order (the 407 included), and
     * the dialog when it was answered.
     */
    public record Attempt(Request request, List<Response> responses, Dialog dialog) {
        /** The final response. */
        public Response last() {
            return responses.get(responses.size() - 1);
        }

        /** The status codes in order, e.g. {@code [407, 100, 180, 200]}. */
        public List<Integer> statuses() {
            return responses.stream().map(Response::getStatusCode).toList();
        }

        @Override
        public String toString() {
            return statuses() + " " + last().getReasonPhrase();
        }
    }
}
