package org.openipma.b2bua.sip.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.concurrent.CompletableFuture;
import javax.sip.address.SipURI;
import javax.sip.header.ContactHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.Header;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openipma.b2bua.ConfigSnapshots;
import org.openipma.b2bua.IpmaServer;
import org.openipma.b2bua.TestConfigs;
import org.openipma.b2bua.sip.testing.AnsweringPhone;
import org.openipma.b2bua.sip.testing.CallingPhone;
import org.openipma.b2bua.sipp.Line;
import org.openipma.b2bua.web.HttpListen;
import org.openipma.b2bua.web.MetricsExposition;
import org.openipma.b2bua.sipp.LoopbackPorts;
import org.openipma.routing.Cluster;
import org.openipma.state.StateDatabase;

/**
 * A real server on a free loopback port with in-process phones around it, for call tests: start it with
 * a configuration, register answering phones, start calling ones; {@link #close} stops the phones (all at
 * once: each JAIN-SIP stop sleeps 1 s), then the server. Also the small readers those tests share.
 */
public final class CallFixture implements AutoCloseable {
    private static final long RELEASE_MILLIS = 10_000;

    private final List<AutoCloseable> phones = new ArrayList<>();
    private final IpmaServer server;
    private final int port;
    private boolean serverClosed;

    private CallFixture(String config, StateDatabase database) {
        this(config, database, null);
    }

    private CallFixture(String config, StateDatabase database, HttpListen http) {
        this.port = LoopbackPorts.freeUdpAndTcp();
        Cluster cluster = TestConfigs.cluster(config);
        if (http != null && http.port() == 0) {
            http = new HttpListen(http.address(), LoopbackPorts.freeTcpOtherThan(port), http.metrics());
        }
        this.server = database == null ? IpmaServer.start(cluster, "127.0.0.1", port, http)
                : IpmaServer.start(new ConfigSnapshots(cluster), "127.0.0.1", port, database, null, http);
    }

    private CallFixture(String config, int minSessionExpiresSeconds) {
        this.port = LoopbackPorts.freeUdpAndTcp();
        this.server = IpmaServer.start(TestConfigs.cluster(config), "127.0.0.1", port, null, minSessionExpiresSeconds);
    }

    /** A server on {@code config} whose session timers accept intervals down to {@code seconds} (RFC 4028: 90). */
    static CallFixture startWithMinSessionExpires(String config, int seconds) {
        return new CallFixture(config, seconds);
    }

    /**
     * A server on {@code config} with the HTTP API on a free loopback port ({@code server().httpPort()}), its
     * {@code /metrics} served by {@code metrics} (null: 404).
     */
    public static CallFixture startWithHttp(String config, MetricsExposition metrics) {
        return new CallFixture(config, null, new HttpListen("127.0.0.1", 0, metrics));
    }

    /** A server on {@code config} (a name {@link TestConfigs#path} knows), its state in a temporary database. */
    public static CallFixture start(String config) {
        return new CallFixture(config, null);
    }

    /** A server on {@code config} with its state in {@code database}, which it closes when it stops. */
    static CallFixture start(String config, StateDatabase database) {
        return new CallFixture(config, database);
    }

    public IpmaServer server() {
        return server;
    }

    /** The server's {@code host:port}. */
    String address() {
        return "127.0.0.1:" + port;
    }

    /** {@code sip:<dialed>@127.0.0.1:<port>}. */
    public SipURI uri(String dialed) {
        return CallingPhone.uri(dialed, port);
    }

    /** A phone registered for {@code line} that answers every call. */
    public AnsweringPhone answering(Line line) {
        return answering(line, AnsweringPhone.Behaviour.ANSWERS);
    }

    /** A phone registered for {@code line} that takes calls as {@code behaviour} says. */
    public AnsweringPhone answering(Line line, AnsweringPhone.Behaviour behaviour) {
        AnsweringPhone phone = AnsweringPhone.register(line, port, behaviour);
        phones.add(phone);
        return phone;
    }

    /** A phone calling from {@code line}. */
    public CallingPhone calling(Line line) {
        CallingPhone phone = CallingPhone.start(line);
        phones.add(phone);
        return phone;
    }

    /**
     * Dials the feature code {@code code} from {@code line} and asserts the {@code 603} whose reason phrase is
     * {@code newState}.
     */
    void dialCode(Line line, String code, String newState) {
        CallingPhone.Attempt attempt = calling(line).dial(uri(code));
        assertEquals(List.of(407, 603), finals(attempt), () -> line + " dialling " + code + ": " + attempt);
        assertEquals(newState, attempt.last().getReasonPhrase());
    }

    /**
     * phone3 (1003) calls the manager's line 1001; asserts that {@code expected} rings and answers, hangs up and
     * waits for the call's release. Returns the INVITE {@code expected} received.
     */
    Request callTheManagerAndExpect(AnsweringPhone expected) throws InterruptedException {
        CallingPhone phone3 = calling(Line.PHONE3);
        CallingPhone.Attempt call = phone3.dial(uri("1001"));
        assertEquals(Response.OK, call.last().getStatusCode(), call::toString);
        Request invite = expected.awaitRequest(Request.INVITE);
        assertNotNull(invite, expected + " did not ring");
        assertEquals(Response.OK, phone3.hangUp(call).getStatusCode());
        awaitReleased();
        return invite;
    }

    /** {@code port} of the server, for phones a test starts itself. */
    public int port() {
        return port;
    }

    /** Keeps {@code phone} to stop with the others. */
    public <T extends AutoCloseable> T add(T phone) {
        phones.add(phone);
        return phone;
    }

    /** Asserts that the server releases every call, dialog and subscription within 10 s. */
    public void awaitReleased() throws InterruptedException {
        long deadline = System.currentTimeMillis() + RELEASE_MILLIS;
        while ((server.liveCallCount() != 0 || server.liveDialogCount() != 0 || server.liveSubscriptionCount() != 0)
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, server.liveCallCount(), "live calls");
        assertEquals(0, server.liveDialogCount(), "live dialogs");
        assertEquals(0, server.liveSubscriptionCount(), "live subscriptions");
    }

    /** Stops the server now, phones still running (to see what it tells them). */
    void stopServer() {
        serverClosed = true;
        server.close();
    }

    @Override
    public void close() {
        phones.stream().map(phone -> CompletableFuture.runAsync(() -> {
            try {
                phone.close();
            } catch (Exception e) {
                throw new IllegalStateException("stopping " + phone, e);
            }
        })).toList().forEach(CompletableFuture::join);
        if (!serverClosed) {
            server.close();
        }
    }

    // ---- readers

    /** Whether {@code phone} received an INVITE not yet taken by {@link AnsweringPhone#awaitRequest}. */
    static boolean rang(AnsweringPhone phone) {
        return phone.receivedSoFar().stream().anyMatch(request -> request.getMethod().equals(Request.INVITE));
    }

    /** The final responses of an attempt, provisional ones left out: e.g. {@code [407, 302]}. */
    public static List<Integer> finals(CallingPhone.Attempt attempt) {
        return attempt.statuses().stream().filter(status -> status >= 200).toList();
    }

    static SipURI contactOf(Message message) {
        ContactHeader contact = (ContactHeader) message.getHeader(ContactHeader.NAME);
        assertNotNull(contact, () -> message.getClass().getSimpleName() + " has no Contact:\n" + message);
        return (SipURI) contact.getAddress().getURI();
    }

    static FromHeader from(Request request) {
        return (FromHeader) request.getHeader(FromHeader.NAME);
    }

    static String fromUser(Request request) {
        return ((SipURI) from(request).getAddress().getURI()).getUser();
    }

    static List<String> headerValues(Message message, String name) {
        List<String> values = new ArrayList<>();
        for (ListIterator<?> it = message.getHeaders(name); it.hasNext(); ) {
            values.add(((Header) it.next()).toString().trim());
        }
        return values;
    }

    static String body(Message message) {
        byte[] raw = message.getRawContent();
        return raw == null ? null : new String(raw, StandardCharsets.UTF_8);
    }
}
