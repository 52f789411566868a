package org.openipma.b2bua.sip.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.ParseException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sip.address.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openipma.b2bua.TestConfigs;
import org.openipma.b2bua.sip.SipFactories;
import org.openipma.routing.Cluster;
import org.openipma.routing.LineAppearance;
import org.openipma.routing.ManagerSettings;

/**
 * The call router on the shipped lab, without SIP: digit analysis, the route point's decision, and the
 * Call Forward No Answer fallback for each way the decision can fail (REFERENCE §3). Registrations are a
 * set of (user, line) pairs standing in for the registrar.
 */
@Timeout(10)
class CallRouterTest {
    private static final Cluster LAB = TestConfigs.cluster(TestConfigs.LAB);
    private static final Cluster ROUTING_DISABLED = TestConfigs.cluster("routing-service-disabled.yaml");
    private static final LineAppearance PHONE3 = LAB.appearance("phone3", "1003").orElseThrow();

    private final ExecutorService decisions = Executors.newSingleThreadExecutor();
    /** Released at the end of each test, so a decision made to hang never outlives it. */
    private final CountDownLatch endOfTest = new CountDownLatch(1);

    @AfterEach
    void stopDecisions() {
        endOfTest.countDown();
        decisions.shutdownNow();
    }

    private CallRouter router(Cluster cluster, Set<String> registeredLines, CallRouter.ManagerSettingsSource settings) {
        Locations locations = (user, dn) -> registeredLines.contains(user + "/" + dn) ? List.of(contact(dn)) : List.of();
        return new CallRouter(cluster, locations, settings, decisions);
    }

    private CallRouter lab(Set<String> registeredLines) {
        return router(LAB, registeredLines, ManagerSettings::of);
    }

    @Test
    void phone3DialingTheManagerRingsTheRegisteredProxyLineOnTheManagersBehalf() {
        Destination destination = lab(Set.of("assistant/1112")).route(PHONE3, "1001").destination();

        assertEquals("1112", destination.number().dn());
        assertEquals("1001", destination.divertedFrom());
        assertEquals("assistant", destination.assistant().user());
        assertTrue(destination.ringsAssistant());
        assertFalse(destination.forwardNoAnswer());
    }

    @Test
    void withNoProxyLineRegisteredTheManagerRingsUndiverted() {
        Destination destination = lab(Set.of()).route(PHONE3, "1001").destination();

        assertEquals("1001", destination.number().dn());
        assertEquals("PT_MANAGER", destination.number().partition());
        assertNull(destination.divertedFrom());
        assertFalse(destination.ringsAssistant());
    }

    @Test
    void aDecisionThatThrowsTakesTheCfnaDestination() {
        CallRouter router = router(LAB, Set.of("assistant/1112"), manager -> {
            throw new IllegalStateException("settings store unreachable");
        });

        assertForwardedNoAnswer(router.route(PHONE3, "1001"), "failed");
    }

    @Test
    void aDecisionThatMissesItsDeadlineTakesTheCfnaDestination() {
        CallRouter router = router(LAB, Set.of("assistant/1112"), manager -> {
            awaitEndOfTest();
            return ManagerSettings.of(manager);
        });

        assertForwardedNoAnswer(router.route(PHONE3, "1001"), "200 ms deadline");
    }

    @Test
    void aDisabledRoutingServiceTakesTheCfnaDestination() {
        CallRouter router = router(ROUTING_DISABLED, Set.of("assistant/1112"), ManagerSettings::of);

        assertForwardedNoAnswer(router.route(ROUTING_DISABLED.appearance("phone3", "1003").orElseThrow(), "1001"),
                "disabled");
    }

    @Test
    void anOrdinaryLineIsReachedDirectlyAndAnUnknownNumberIsNotFound() {
        CallRouter router = lab(Set.of());

        Destination direct = router.route(PHONE3, "1002").destination();
        assertEquals("1002", direct.number().dn());
        assertNull(direct.routePoint());
        assertEquals(404, router.route(PHONE3, "1999").status());
    }

    @Test
    void aRedirectGrantIsResolvedThroughTheCssItWasChosenThrough() {
        CallRouter router = lab(Set.of("assistant/1112"));

        Destination toProxyLine = router.redirected(
                new RedirectTokens.Grant("1112", "1003", "1001", "1001", "assistant", 0, false)).destination();
        assertEquals("1112", toProxyLine.number().dn());
        assertEquals("assistant", toProxyLine.assistant().user(), "ring-no-answer still applies after a 302");
        assertEquals("1001", toProxyLine.divertedFrom());

        Destination byCfna = router.redirected(
                new RedirectTokens.Grant("1001", "1003", "1001", null, null, 0, true)).destination();
        assertEquals("PT_MANAGER", byCfna.number().partition());
        assertTrue(byCfna.forwardNoAnswer());
    }

    @Test
    void aDecisionThatFindsTheQueueFullTakesTheCfnaDestinationAtOnce() {
        ExecutorService full = new java.util.concurrent.ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new java.util.concurrent.ArrayBlockingQueue<>(1));
        try {
            full.execute(this::awaitEndOfTest); // the one decision thread is busy
            full.execute(this::awaitEndOfTest); // and the one queue slot taken
            Locations registered = (user, dn) -> List.of(contact(dn));
            CallRouter router = new CallRouter(LAB, registered, ManagerSettings::of, full);

            assertForwardedNoAnswer(router.route(PHONE3, "1001"), "queue is full");
        } finally {
            endOfTest.countDown();
            full.shutdownNow();
        }
    }

    @Test
    void aLoggedOutAssistantIsNotAvailableEvenWithItsProxyLineRegistered() {
        CallRouter router = new CallRouter(LAB, (user, dn) -> List.of(contact(dn)), ManagerSettings::of,
                (assistant, manager) -> false, decisions);

        Destination destination = router.route(PHONE3, "1001").destination();

        assertEquals("1001", destination.number().dn());
        assertTrue(destination.reason().contains("no assistant of manager is available"), destination::reason);
    }

    private static void assertForwardedNoAnswer(RoutingResult result, String why) {
        assertTrue(result.isRouted(), () -> "not routed: " + result);
        Destination destination = result.destination();
        assertEquals("1001", destination.number().dn(), "CFNA 100X through CSS_IPMA masks 1001 to the manager");
        assertEquals("PT_MANAGER", destination.number().partition());
        assertTrue(destination.forwardNoAnswer());
        assertFalse(destination.ringsAssistant(), "CFNA never rings the assistant");
        assertTrue(destination.reason().contains(why), () -> destination.reason() + " should say '" + why + "'");
    }

    private void awaitEndOfTest() {
        try {
            endOfTest.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static URI contact(String dn) {
        try {
            return SipFactories.addresses().createURI("sip:" + dn + "@127.0.0.1:5099");
        } catch (ParseException e) {
            throw new IllegalArgumentException(dn, e);
        }
    }
}
