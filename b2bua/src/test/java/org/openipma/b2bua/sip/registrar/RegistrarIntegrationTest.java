package org.openipma.b2bua.sip.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openipma.b2bua.sip.testing.RegistrarFixture.PHONE1_PASSWORD;
import static org.openipma.b2bua.sip.testing.RegistrarFixture.PHONE2_PASSWORD;
import static org.openipma.b2bua.sip.testing.RegistrarFixture.PHONE3_PASSWORD;

import java.time.Duration;
import java.util.List;
import java.util.ListIterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.sip.header.MinExpiresHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.openipma.b2bua.sip.auth.DigestAlgorithm;
import org.openipma.b2bua.sip.stack.SipStackFactory;
import org.openipma.b2bua.sip.testing.RegistrarFixture;
import org.openipma.b2bua.sip.testing.TestPhone;

/**
 * The registrar on a real stack, registered with by in-process phones over UDP (and once TCP). Each test
 * gets its own server on a free port and stops it, with its phones, afterwards.
 */
@Timeout(30)
class RegistrarIntegrationTest {
    private RegistrarFixture server;

    @AfterEach
    void stopServerAndPhones() {
        if (server != null) {
            server.close();
        }
    }

    private RegistrarFixture server() {
        server = RegistrarFixture.start();
        return server;
    }

    @ParameterizedTest
    @EnumSource(DigestAlgorithm.class)
    void registeringSucceedsWithEitherAlgorithm(DigestAlgorithm algorithm) {
        RegistrarFixture server = server();
        TestPhone phone = server.phone("phone1", PHONE1_PASSWORD).preferring(algorithm);

        TestPhone.Exchange exchange = phone.register("1001", server.port()).send();

        assertEquals(List.of(401, 200), exchange.statuses());
        assertEquals(algorithm, phone.lastAlgorithm());
        assertEquals(List.of(phone.contactUri() + ";expires=3600"), exchange.contacts());
        assertEquals(1, server.bindings().contactsFor(new PhoneLine("phone1", "1001")).size());
    }

    @Test
    void theChallengeOffersSha256ThenMd5WithQopAuthAndOneNonce() {
        RegistrarFixture server = server();
        TestPhone phone = server.phone("phone1", PHONE1_PASSWORD);

        Response challenge = phone.register("1001", server.port()).send().responses().get(0);

        ListIterator<?> headers = challenge.getHeaders(WWWAuthenticateHeader.NAME);
        WWWAuthenticateHeader first = (WWWAuthenticateHeader) headers.next();
        WWWAuthenticateHeader second = (WWWAuthenticateHeader) headers.next();
        assertFalse(headers.hasNext());
        assertEquals(List.of("SHA-256", "MD5"), List.of(first.getAlgorithm(), second.getAlgorithm()));
        assertEquals(List.of("auth", "auth"), List.of(first.getQop(), second.getQop()));
        assertEquals("127.0.0.1", first.getRealm());
        assertEquals(first.getNonce(), second.getNonce());
        assertFalse(first.isStale());
        assertTrue(challenge.getHeader("To").toString().contains("tag="), "a 401 carries a To tag");
    }

    @Test
    void precomputedHa1CredentialsWorkWithBothAlgorithms() {
        RegistrarFixture server = server();
        for (DigestAlgorithm algorithm : DigestAlgorithm.values()) {
            TestPhone phone = server.phone("phone2", PHONE2_PASSWORD).preferring(algorithm);

            assertEquals(List.of(401, 200), phone.register("1002", server.port()).send().statuses(), algorithm.token());
        }
    }

    /**
     * Refusals, one row each: who registers which line how, the responses expected (one challenge, then the
     * refusal: never a second challenge) and the reason phrase. No row may leave a binding behind.
     */
    static Stream<Arguments> refusals() {
        return Stream.of(
            refusal("a wrong password is forbidden after one challenge, not challenged again",
                "phone1", "not-the-password", "1001", r -> r, 403, "Forbidden (wrong user name or password)"),
            refusal("an unknown user gets the same 403 as a wrong password",
                "nobody", "whatever", "1001", r -> r, 403, "Forbidden (wrong user name or password)"),
            refusal("registering a line owned by another user is forbidden",
                "phone3", PHONE3_PASSWORD, "1001", r -> r, 403, "Forbidden (line 1001 does not belong to user phone3)"),
            refusal("registering a line that does not exist is forbidden like another user's, not to reveal which exist",
                "phone1", PHONE1_PASSWORD, "1009", r -> r, 403, "Forbidden (line 1009 does not belong to user phone1)"),
            refusal("a wildcard with a non-zero Expires is a bad request",
                "phone1", PHONE1_PASSWORD, "1001", r -> r.wildcard().expires(60), 400,
                "Bad Request (Contact: * needs Expires: 0 and no other Contact)"),
            refusal("an interval below Min-Expires is too brief",
                "phone1", PHONE1_PASSWORD, "1001", r -> r.expires(30), 423,
                "Interval Too Brief (30 s, expected: 0 or at least 60 s)"));
    }

    private static Arguments refusal(String name, String user, String password, String dn,
                                     UnaryOperator<TestPhone.Register> request, int status, String reason) {
        return Arguments.of(name, user, password, dn, request, status, reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusedRegistrations(String name, String user, String password, String dn,
                              UnaryOperator<TestPhone.Register> request, int status, String reason) {
        RegistrarFixture server = server();
        TestPhone phone = server.phone(user, password);

        TestPhone.Exchange exchange = request.apply(phone.register(dn, server.port())).send();

        assertEquals(List.of(401, status), exchange.statuses());
        assertEquals(reason, exchange.last().getReasonPhrase());
        assertEquals(0, server.bindings().bindingCount());
    }

    @Test
    void anExpiredNonceIsChallengedAgainWithStaleTrue() {
        RegistrarFixture server = server();
        TestPhone phone = server.phone("phone1", PHONE1_PASSWORD);
        phone.register("1001", server.port()).send();
        server.clock().advance(Duration.ofSeconds(301));

        TestPhone.Exchange exchange = phone.register("1001", server.port()).preemptive().send();

        assertEquals(List.of(401, 200), exchange.statuses());
        WWWAuthenticateHeader challenge =
                (WWWAuthenticateHeader) exchange.responses().get(0).getHeader(WWWAuthenticateHeader.NAME);
        assertTrue(challenge.isStale());
    }

    @Test
    void aNonceStillFreshIsAcceptedWithTheNextNonceCount() {
        RegistrarFixture server = server();
        TestPhone phone = server.phone("phone1", PHONE1_PASSWORD);
        phone.register("1001", server.port()).send();
        server.clock().advance(Duration.ofSeconds(299));

        assertEquals(List.of(200), phone.register("1001", server.port()).preemptive().send().statuses());
    }

    @Test
    void expiresZeroRemovesTheContact() {
        RegistrarFixture server = server();
        TestPhone phone = server.phone("phone1", PHONE1_PASSWORD);
        phone.register("1001", server.port()).send();

        TestPhone.Exchange exchange = phone.register("1001", server.port()).expires(0).send();

        assertEquals(200, exchange.last().getStatusCode());
        assertEquals(List.of(), exchange.contacts());
        assertEquals(0, server.bindings().bindingCount());
    }

    @Test
    void aWildcardWithExpiresZeroRemovesEveryContactOfTheLine() {
        RegistrarFixture server = server();
        TestPhone desk = server.phone("phone1", PHONE1_PASSWORD);
        TestPhone soft = server.phone("phone1", PHONE1_PASSWORD);
        desk.register("1001", server.port()).send();
        soft.register("1001", server.port()).send();

        TestPhone.Exchange exchange = desk.register("1001", server.port()).wildcard().expires(0).send();

        assertEquals(200, exchange.last().getStatusCode());
        assertEquals(List.of(), exchange.contacts());
        assertEquals(List.of(), server.bindings().contactsFor(new PhoneLine("phone1", "1001")));
    }

    @Test
    void aLineTakesAtMostTenContactsAndAnEleventhChangesNothing() {
        RegistrarFixture server = server();
        TestPhone phone = server.phone("phone1", PHONE1_PASSWORD);
        for (int i = 1; i <= Registrar.MAX_CONTACTS_PER_LINE; i++) {
            assertEquals(List.of(401, 200), phone.register("1001", server.port())
                    .contact("sip:1001-" + i + "@127.0.0.1:5999").send().statuses(), "contact " + i);
        }

        Response eleventh = phone.register("1001", server.port()).contact("sip:1001-11@127.0.0.1:5999").send().last();

        assertEquals(403, eleventh.getStatusCode());
        assertEquals("Forbidden (line 1001 would have 11 contacts; at most 10)", eleventh.getReasonPhrase());
        assertEquals(10, server.bindings().contactsFor(new PhoneLine("phone1", "1001")).size());
        // Refreshing or removing one of the ten is still fine.
        assertEquals(200, phone.register("1001", server.port()).contact("sip:1001-3@127.0.0.1:5999").send()
                .last().getStatusCode());
        assertEquals(200, phone.register("1001", server.port()).contact("sip:1001-3@127.0.0.1:5999").expires(0)
                .send().last().getStatusCode());
    }

    @Test
    void a423NamesTheMinimumInAMinExpiresHeader() {
        RegistrarFixture server = server();
        TestPhone phone = server.phone("phone1", PHONE1_PASSWORD);

        Response tooBrief = phone.register("1001", server.port()).expires(59).send().last();

        assertEquals(423, tooBrief.getStatusCode());
        assertEquals(60, ((MinExpiresHeader) tooBrief.getHeader(MinExpiresHeader.NAME)).getExpires());
    }

    @Test
    void anIntervalAboveTheMaximumIsShortenedToIt() {
        RegistrarFixture server = server();
        TestPhone phone = server.phone("phone1", PHONE1_PASSWORD);

        TestPhone.Exchange exchange = phone.register("1001", server.port()).expires(86400).send();

        assertEquals(List.of(phone.contactUri() + ";expires=7200"), exchange.contacts());
    }

    @Test
    void aContactExpiresParameterOverridesTheExpiresHeader() {
        RegistrarFixture server = server();
        TestPhone phone = server.phone("phone1", PHONE1_PASSWORD);

        TestPhone.Exchange exchange = phone.register("1001", server.port())
                .expires(600).contact("sip:phone1@127.0.0.1:5999", 120).contact("sip:phone1@127.0.0.1:5998").send();

        assertEquals(List.of("sip:phone1@127.0.0.1:5999;expires=120", "sip:phone1@127.0.0.1:5998;expires=600"),
                exchange.contacts());
    }

    @Test
    void everyContactOfALineIsListedWithItsRemainingExpires() {
        RegistrarFixture server = server();
        TestPhone desk = server.phone("phone1", PHONE1_PASSWORD);
        TestPhone soft = server.phone("phone1", PHONE1_PASSWORD);
        desk.register("1001", server.port()).expires(600).send();
        server.clock().advance(Duration.ofSeconds(100));

        TestPhone.Exchange exchange = soft.register("1001", server.port()).expires(300).send();

        assertEquals(List.of(desk.contactUri() + ";expires=500", soft.contactUri() + ";expires=300"),
                exchange.contacts());
    }

    @Test
    void aRegisterWithoutContactListsTheCurrentBindingsAndChangesNothing() {
        RegistrarFixture server = server();
        TestPhone phone = server.phone("phone1", PHONE1_PASSWORD);
        phone.register("1001", server.port()).send();

        TestPhone.Exchange exchange = phone.register("1001", server.port()).query().send();

        assertEquals(200, exchange.last().getStatusCode());
        assertEquals(List.of(phone.contactUri() + ";expires=3600"), exchange.contacts());
        assertEquals(1, server.bindings().bindingCount());
    }

    @ParameterizedTest
    @EnumSource(SipStackFactory.TcpIo.class)
    void registeringOverTcpSucceedsWhateverTheServersTcpIo(SipStackFactory.TcpIo serverIo) {
        server = RegistrarFixture.start(RegistrarConfig.defaults(), serverIo);
        TestPhone phone = server.phone("phone1", PHONE1_PASSWORD);

        assertEquals(List.of(401, 200), phone.register("1001", server.port()).overTcp().send().statuses());
    }

    @Test
    void anExpiredBindingIsPurgedAndAnnouncedWithoutAnyRequest() throws InterruptedException {
        server = RegistrarFixture.start(RegistrarConfig.defaults().withExpires(60, 1, 7200));
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        server.bindings().addListener((line, registered) -> events.add(line.dn() + (registered ? " registered" : " gone")));
        TestPhone phone = server.phone("phone1", PHONE1_PASSWORD);
        phone.register("1001", server.port()).expires(2).send();
        assertEquals("1001 registered", events.poll(5, TimeUnit.SECONDS));

        server.clock().advance(Duration.ofSeconds(3));

        assertEquals("1001 gone", events.poll(5, TimeUnit.SECONDS));
        assertEquals(0, server.bindings().bindingCount());
        assertNull(events.poll(200, TimeUnit.MILLISECONDS), "no further event");
    }
}
