package org.openipma.b2bua.sip.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openipma.b2bua.TestConfigs;
import org.openipma.b2bua.sip.SipFactories;
import org.openipma.b2bua.sip.SipProbe;
import org.openipma.routing.AssistantPresence;
import org.openipma.routing.Cluster;
import org.openipma.routing.LineAppearance;
import org.openipma.routing.ManagerSettings;

/**
 * What {@link CallRouter} tells the metrics probe for each way a route point call is decided: the latency of
 * every decision submitted (deadline and failure included), the CFNA fallback's cause, the full queue as an
 * overload. In this package because the router is package-private.
 */
@Timeout(10)
class MetricsCallRouterTest {
    private static final Cluster LAB = TestConfigs.cluster(TestConfigs.LAB);
    private static final LineAppearance PHONE3 = LAB.appearance("phone3", "1003").orElseThrow();
    private static final Locations REGISTERED = (user, dn) -> List.of(contact(dn));

    private final ExecutorService decisions = Executors.newSingleThreadExecutor();
    private final CountDownLatch endOfTest = new CountDownLatch(1);
    private final Recorder probe = new Recorder();

    /** Records what it is told, in order. */
    private static final class Recorder implements SipProbe {
        final List<Object> events = new CopyOnWriteArrayList<>();
        final List<Long> latencies = new CopyOnWriteArrayList<>();

        @Override
        public void overloaded(Overload reason) {
            events.add(reason);
        }

        @Override
        public void decisionTook(long nanos) {
            events.add("timed");
            latencies.add(nanos);
        }

        @Override
        public void fellBack(FallbackCause cause) {
            events.add(cause);
        }
    }

    @AfterEach
    void stop() {
        endOfTest.countDown();
        decisions.shutdownNow();
    }

    private CallRouter router(Cluster cluster, CallRouter.ManagerSettingsSource settings, ExecutorService pool) {
        return new CallRouter(cluster, REGISTERED, settings, AssistantPresence.allLoggedIn(), pool, probe);
    }

    @Test
    void aDecisionMadeIsTimedAndNothingElse() {
        router(LAB, ManagerSettings::of, decisions).route(PHONE3, "1001");

        assertEquals(List.of("timed"), probe.events);
    }

    @Test
    void aDirectCallIsNotADecision() {
        router(LAB, ManagerSettings::of, decisions).route(PHONE3, "1002");

        assertEquals(List.of(), probe.events);
    }

    @Test
    void aDisabledRoutingServiceFallsBackWithoutADecisionToTime() {
        Cluster disabled = TestConfigs.cluster("routing-service-disabled.yaml");
        router(disabled, ManagerSettings::of, decisions)
                .route(disabled.appearance("phone3", "1003").orElseThrow(), "1001");

        assertEquals(List.of(SipProbe.FallbackCause.DISABLED), probe.events);
    }

    @Test
    void aDecisionPastItsDeadlineIsTimedAtTheDeadlineAndFallsBackForTimeout() {
        CallRouter router = router(LAB, manager -> {
            awaitEndOfTest();
            return ManagerSettings.of(manager);
        }, decisions);

        router.route(PHONE3, "1001");

        assertEquals(List.of(SipProbe.FallbackCause.TIMEOUT, "timed"), probe.events);
        long deadline = TimeUnit.MILLISECONDS.toNanos(LAB.config().routingService().decisionTimeoutMillis());
        assertTrue(probe.latencies.get(0) >= deadline, probe.latencies + " ns, deadline " + deadline + " ns");
    }

    @Test
    void aDecisionThatThrowsFallsBackForError() {
        router(LAB, manager -> {
            throw new IllegalStateException("settings unreadable");
        }, decisions).route(PHONE3, "1001");

        assertEquals(List.of(SipProbe.FallbackCause.ERROR, "timed"), probe.events);
    }

    @Test
    void aFullDecisionQueueIsAnOverloadAndAFallbackWithNoDecisionTimed() {
        ExecutorService full = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(1));
        try {
            full.execute(this::awaitEndOfTest);
            full.execute(this::awaitEndOfTest);

            router(LAB, ManagerSettings::of, full).route(PHONE3, "1001");

            assertEquals(List.of(SipProbe.Overload.DECISION_QUEUE_FULL, SipProbe.FallbackCause.QUEUE_FULL),
                    probe.events);
        } finally {
            endOfTest.countDown();
            full.shutdownNow();
        }
    }

    private void awaitEndOfTest() {
        try {
            endOfTest.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static javax.sip.address.URI contact(String dn) {
        try {
            return SipFactories.addresses().createURI("sip:" + dn + "@127.0.0.1:5099");
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
