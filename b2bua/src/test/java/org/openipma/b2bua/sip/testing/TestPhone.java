package org.openipma.b2bua.sip.testing;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.InvalidArgumentException;
import javax.sip.ListeningPoint;
import javax.sip.ResponseEvent;
import javax.sip.TimeoutEvent;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.ContactHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openipma.b2bua.sip.SipFactories;
import org.openipma.b2bua.sip.auth.ChallengeKind;
import org.openipma.b2bua.sip.auth.DigestAlgorithm;
import org.openipma.b2bua.sip.stack.SipEndpoint;
import org.openipma.b2bua.sip.stack.SipStackFactory;
import org.openipma.b2bua.sipp.LoopbackPorts;

/**
 * A phone on its own in-process JAIN-SIP stack on 127.0.0.1: sends REGISTER (and OPTIONS) to a server,
 * answers a 401 by computing the digest itself, and reports every response it got. One Call-ID and a
 * growing CSeq for all its REGISTERs, as RFC 3261 §10.2 asks of a UA.
 *
 * <p>It answers the first challenge of an exchange and any later one marked {@code stale=true}, at most
 * twice, so a server that keeps challenging shows up as two 401s instead of a hang. Every wait is bounded
 * ({@value #TIMEOUT_SECONDS} s).
 */
public final class TestPhone implements AutoCloseable {
    static final long TIMEOUT_SECONDS = 5;
    /** Where the server under test listens. */
    private static final String HOST = "127.0.0.1";

    private final String user;
    /** The phone's own address: 127.0.0.1 unless started {@link #at} another. */
    private final String ownHost;
    private volatile String password;
    private final SipEndpoint endpoint;
    private final String callId;
    private final String fromTag = Long.toHexString(System.nanoTime());
    private final AtomicLong cseq = new AtomicLong();
    private final FinalResponses responses = new FinalResponses();
    private volatile DigestAlgorithm preferred = DigestAlgorithm.SHA_256;
    private volatile DigestClient.Challenge lastChallenge;
    private final AtomicLong nonceCount = new AtomicLong();

    private TestPhone(String user, String password, String ownHost) {
        this.user = user;
        this.password = password;
        this.ownHost = ownHost;
        // No TCP post-parsing pool: JAIN-SIP keeps it static, and it belongs to the server under test.
        SipStackFactory.Settings settings = SipStackFactory.Settings.defaults("phone-" + user).withTcpPostParsingThreads(0);
        this.endpoint = SipEndpoint.open(settings, ownHost, LoopbackPorts.freeUdpAndTcp(), new ResponseCollector());
        this.callId = endpoint.provider().getNewCallId().getCallId();
    }

    /** A phone authenticating as {@code user} with {@code password}. */
    public static TestPhone start(String user, String password) {
        return new TestPhone(user, password, HOST);
    }

    /**
     * A phone sending from {@code ownHost}, e.g. {@code 127.0.0.2} (Linux answers the whole of 127/8 on the
     * loopback interface), to the server on 127.0.0.1: another source address for the server.
     */
    public static TestPhone at(String ownHost, String user, String password) {
        return new TestPhone(user, password, ownHost);
    }

    /** Answers the challenges from now on with {@code password}. */
    public TestPhone password(String password) {
        this.password = password;
        return this;
    }

    /** Which offered algorithm to answer challenges with (default SHA-256). */
    public TestPhone preferring(DigestAlgorithm algorithm) {
        this.preferred = algorithm;
        return this;
    }

    /** The algorithm of the last challenge answered. */
    public DigestAlgorithm lastAlgorithm() {
        return lastChallenge == null ? null : lastChallenge.algorithm();
    }

    /** This phone's own contact: {@code sip:<user>@127.0.0.1:<port>}. */
    public String contactUri() {
        return "sip:" + user + "@" + ownHost + ":" + endpoint.port();
    }

    /** Starts a REGISTER of line {@code dn} at the registrar on 127.0.0.1:{@code registrarPort}. */
    public Register register(String dn, int registrarPort) {
        return new Register(dn, registrarPort);
    }

    /** Sends an OPTIONS to 127.0.0.1:{@code port} and returns the final response. */
    public Response options(int port) {
        Request request = newRequest(Request.OPTIONS, "1001", port, ListeningPoint.UDP);
        return transact(request);
    }

    /** A REGISTER being put together; {@link #send()} runs it. */
    public final class Register {
        private final String dn;
        private final int port;
        private final List<ContactHeader> contacts = new ArrayList<>();
        private Integer expires;
        private boolean query;
        private boolean preemptive;
        private String transport = ListeningPoint.UDP;

        private Register(String dn, int port) {
            this.dn = dn;
            this.port = port;
        }

        /** Adds an Expires header. */
        public Register expires(int seconds) {
            this.expires = seconds;
            return this;
        }

        /** Adds a Contact; without any, the phone's own contact is sent. */
        public Register contact(String uri) {
            contacts.add(contactHeader(uri));
            return this;
        }

        /** Adds a Contact with an {@code expires} parameter. */
        public Register contact(String uri, int expiresParameter) {
            ContactHeader contact = contactHeader(uri);
            try {
                contact.setExpires(expiresParameter);
            } catch (InvalidArgumentException e) {
                throw new IllegalArgumentException("expires parameter " + expiresParameter, e);
            }
            contacts.add(contact);
            return this;
        }

        /** Sends {@code Contact: *}. */
        public Register wildcard() {
            contacts.add(SipFactories.headers().createContactHeader());
            return this;
        }

        /** Sends no Contact at all: a query of the current bindings. */
        public Register query() {
            this.query = true;
            return this;
        }

        /** Sends over TCP instead of UDP. */
        public Register overTcp() {
            this.transport = ListeningPoint.TCP;
            return this;
        }

        /** Signs the first request with the last challenge received (next nonce count), as phones do. */
        public Register preemptive() {
            this.preemptive = true;
            return this;
        }

        /** Sends, answers challenges as described on {@link TestPhone}, and returns every response. */
        public Exchange send() {
            List<Response> responses = new ArrayList<>();
            Request request = build(preemptive ? lastChallenge : null);
            for (int attempt = 0; ; attempt++) {
                Response response = transact(request);
                responses.add(response);
                DigestClient.Challenge challenge = challengeIn(response);
                boolean answer = challenge != null && attempt < 2 && (attempt == 0 && !preemptive || challenge.stale());
                if (!answer) {
                    return new Exchange(responses);
                }
                lastChallenge = challenge;
                nonceCount.set(0);
                request = build(challenge);
            }
        }

        private Request build(DigestClient.Challenge challenge) {
            Request request = newRequest(Request.REGISTER, dn, port, transport);
            if (!query) {
                List<ContactHeader> sent = contacts.isEmpty() ? List.of(contactHeader(contactUri())) : contacts;
                // Copies: a header object belongs to one message, and a retry builds a second one.
                sent.forEach(contact -> request.addHeader((ContactHeader) contact.clone()));
            }
            try {
                if (expires != null) {
                    request.addHeader(SipFactories.headers().createExpiresHeader(expires));
                }
            } catch (InvalidArgumentException e) {
                throw new IllegalArgumentException("Expires " + expires, e);
            }
            if (challenge != null) {
                request.addHeader(DigestClient.sign(request, ChallengeKind.USER_AGENT_401, challenge, user, password,
                        nonceCount.incrementAndGet()));
            }
            return request;
        }
    }

    /** The preferred challenge of a 401, or null if {@code response} is none. */
    private DigestClient.Challenge challengeIn(Response response) {
        if (response.getStatusCode() != Response.UNAUTHORIZED) {
            return null;
        }
        DigestClient.Challenge first = null;
        for (ListIterator<?> it = response.getHeaders(WWWAuthenticateHeader.NAME); it.hasNext(); ) {
            DigestClient.Challenge challenge = DigestClient.Challenge.of((WWWAuthenticateHeader) it.next());
            if (challenge.algorithm() == preferred) {
                return challenge;
            }
            first = first == null ? challenge : first;
        }
        return first;
    }

    private Request newRequest(String method, String dn, int port, String transport) {
        AddressFactory addresses = SipFactories.addresses();
        HeaderFactory headers = SipFactories.headers();
        try {
            SipURI requestUri = addresses.createSipURI(null, HOST);
            requestUri.setPort(port);
            if (ListeningPoint.TCP.equals(transport)) {
                requestUri.setTransportParam("tcp");
            }
            Address aor = addresses.createAddress(addresses.createSipURI(dn, HOST));
            return SipFactories.messages().createRequest(requestUri, method,
                    headers.createCallIdHeader(callId),
                    headers.createCSeqHeader(cseq.incrementAndGet(), method),
                    headers.createFromHeader(aor, fromTag),
                    headers.createToHeader(aor, null),
                    List.of(headers.createViaHeader(ownHost, endpoint.port(), transport, null)),
                    headers.createMaxForwardsHeader(70));
        } catch (ParseException | InvalidArgumentException e) {
            throw new IllegalStateException("cannot build " + method + ": " + e.getMessage(), e);
        }
    }

    private static ContactHeader contactHeader(String uri) {
        try {
            AddressFactory addresses = SipFactories.addresses();
            return SipFactories.headers().createContactHeader(addresses.createAddress(addresses.createURI(uri)));
        } catch (ParseException e) {
            throw new IllegalArgumentException("contact " + uri, e);
        }
    }

    private Response transact(Request request) {
        return responses.transact(endpoint.provider(), request);
    }

    /** Stops the phone's stack. */
    @Override
    public void close() {
        endpoint.close();
    }

    @Override
    public String toString() {
        return "TestPhone[" + user + " at " + contactUri() + "]";
    }

    /** Completes the pending transaction's future with its final response. */
    private final class ResponseCollector extends SipListenerAdapter {
        @Override
        public void processResponse(ResponseEvent event) {
            responses.onResponse(event);
        }

        @Override
        public void processTimeout(TimeoutEvent event) {
            responses.onTimeout(event);
        }
    }

    /** Every response of one exchange, in order. */
    public record Exchange(List<Response> responses) {
        /** The last response. */
        public Response last() {
            return responses.get(responses.size() - 1);
        }

        /** The status codes, e.g. {@code [401, 200]}. */
        public List<Integer> statuses() {
            return responses.stream().map(Response::getStatusCode).toList();
        }

        /** The Contacts of the last response as {@code uri;expires=N}, in order. */
        public List<String> contacts() {
            List<String> contacts = new ArrayList<>();
            for (ListIterator<?> it = last().getHeaders(ContactHeader.NAME); it.hasNext(); ) {
                ContactHeader contact = (ContactHeader) it.next();
                contacts.add(contact.getAddress().getURI() + ";expires=" + contact.getExpires());
            }
            return contacts;
        }

        @Override
        public String toString() {
            return statuses() + " " + last().getReasonPhrase().toLowerCase(Locale.ROOT);
        }
    }
}
