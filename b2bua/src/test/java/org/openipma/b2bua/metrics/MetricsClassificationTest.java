package org.openipma.b2bua.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openipma.b2bua.TestConfigs;
import org.openipma.b2bua.sip.RoutingReasons;
import org.openipma.b2bua.sip.SipProbe.RoutingReason;
import org.openipma.b2bua.sip.call.CallEvent;
import org.openipma.routing.Cluster;
import org.openipma.routing.Interception;
import org.openipma.routing.IpmaConfig;
import org.openipma.routing.ManagerSettings;
import org.openipma.routing.RoutePointLine;
import org.openipma.routing.RoutingDecision;

/**
 * The bounded label values read from free text: routing reason categories from the reasons routing-core really
 * writes (the lab's route point deciding for 1001), call outcomes from ENDED causes, authentication failure
 * categories from the authenticator's wordings. Rewording a reason without updating the classifier fails here.
 */
class MetricsClassificationTest {
    private static final Cluster LAB = TestConfigs.cluster(TestConfigs.LAB);
    private static final Interception INTERCEPTION = new Interception(LAB);
    private static final RoutePointLine ROUTE_POINT = LAB.routePointLines().get(0);
    private static final IpmaConfig.Manager MANAGER = INTERCEPTION.managerOf("1001");
    private static final ManagerSettings DEFAULTS = ManagerSettings.of(MANAGER);
    private static final Predicate<String> EVERYONE = user -> true;

    private static RoutingReason category(Interception.Result result) {
        Interception.Ring ring = (Interception.Ring) result;
        return RoutingReasons.of(ring.routePoint() == null, ring.forwardNoAnswer(), ring.silentAlert(),
                ring.assistant() != null, ring.reason());
    }

    private static RoutingReason decided(String caller, ManagerSettings settings, Predicate<String> available) {
        return category(INTERCEPTION.atRoutePoint(ROUTE_POINT, new RoutingDecision.Call(caller, false, "1001"),
                settings, available, Set.of()));
    }

    @Test
    void theRoutePointsDecisionsFallIntoTheirCategories() {
        assertEquals(RoutingReason.FILTER_TO_ASSISTANT, decided("1003", DEFAULTS, EVERYONE));
        assertEquals(RoutingReason.FILTER_TO_MANAGER, decided("1003", DEFAULTS.withFilterEnabled(false), EVERYONE));
        assertEquals(RoutingReason.DND,
                decided("1003", DEFAULTS.withFilterEnabled(false).withDnd(true), EVERYONE));
        assertEquals(RoutingReason.DIVERT_ALL,
                decided("1003", DEFAULTS.withFilterEnabled(false).withDivertAll(true), EVERYONE));
        assertEquals(RoutingReason.ASSISTANT_UNAVAILABLE, decided("1003", DEFAULTS, user -> false));
        assertEquals(RoutingReason.FROM_ASSISTANT, decided("1112", DEFAULTS, EVERYONE));
    }

    @Test
    void fallbacksRingNoAnswerRedirectsAndCallActionsFallIntoTheirCategories() {
        assertEquals(RoutingReason.CFNA,
                category(INTERCEPTION.forwardNoAnswer(ROUTE_POINT, "1001", "the routing service is disabled")));
        assertEquals(RoutingReason.RING_NO_ANSWER, category(INTERCEPTION.toManager(ROUTE_POINT, MANAGER, "1001")));
        assertEquals(RoutingReason.REDIRECTED,
                category(INTERCEPTION.redirected(ROUTE_POINT, "1112", "1001", "1001", "assistant", false)));
        assertEquals(RoutingReason.CFNA,
                category(INTERCEPTION.redirected(ROUTE_POINT, "1001", "1001", null, null, true)));
        // The wordings of CallActions and CallRouter.divertTarget (package-private in sip.call).
        for (String why : new String[] {"intercepted by manager", "redirected by assistant; to the divert target",
                "redirected to the manager by assistant", "transferred to voicemail by manager"}) {
            assertEquals(RoutingReason.CALL_ACTION,
                    category(INTERCEPTION.divert(ROUTE_POINT, MANAGER, null, "1001", null, why)), why);
        }
    }

    @Test
    void aDirectCallIsDirectWhateverItsReasonSays() {
        assertEquals(RoutingReason.DIRECT, RoutingReasons.of(true, false, false, false, "direct: 1002 in PT_INTERNAL"));
        assertEquals(RoutingReason.PASSED_ON, RoutingReasons.of(false, false, false, false, "no manager owns 1002; 1002 in PT_INTERNAL"));
        assertEquals(RoutingReason.OTHER, RoutingReasons.of(false, false, false, false, "something new"));
        assertEquals(RoutingReason.OTHER, RoutingReasons.of(false, false, false, false, null));
    }

    @ParameterizedTest(name = "ended \"{0}\" with target {1}: {2}")
    @CsvSource(nullValues = "null", value = {
        "hung up by the caller, 1112, ANSWERED",
        "hung up by the callee, null, ANSWERED",
        "no ACK within 64*T1, 1112, ANSWERED",
        "joined into call 7 by an attended transfer, null, ANSWERED",
        "487 Request Terminated, null, CANCELLED",
        "486 Busy Here, null, BUSY",
        "600 Busy Everywhere, null, BUSY",
        "603 Decline, null, BUSY",
        "480 Temporarily Unavailable, null, NO_ANSWER",
        "408 Request Timeout, null, NO_ANSWER",
        "503 Service Unavailable (server stopping), null, FAILED",
        "500 Server Internal Error, null, FAILED",
        "the server stopped, null, FAILED",
        "4870 not a status, null, FAILED",
        "null, null, FAILED"})
    void callOutcomesComeFromTheEndedEvent(String cause, String target, CallOutcome outcome) {
        assertEquals(outcome, CallOutcome.of(new CallEvent(CallEvent.Type.ENDED, "1", "1003", "Phone 3", "1001",
                target, cause, Instant.EPOCH)));
    }

    @ParameterizedTest(name = "\"{0}\": {1}")
    @CsvSource(nullValues = "null", delimiter = '|', value = {
        "wrong user name or password | WRONG_CREDENTIALS",
        "credentials without a username | MALFORMED",
        "credentials without qop (expected: auth) | MALFORMED",
        "credentials without nonce | MALFORMED",
        "nc 1 is not a nonce count (expected: 8 hex digits) | MALFORMED",
        "algorithm SHA-512 is not supported (expected: MD5) | UNSUPPORTED",
        "qop auth-int is not supported (expected: auth) | UNSUPPORTED",
        "digest uri sip:x is not the Request-URI | URI_MISMATCH",
        "something new | OTHER",
        "null | OTHER"})
    void authenticationFailuresFallIntoTheirCategories(String reason, AuthFailureReason category) {
        assertEquals(category, AuthFailureReason.of(reason));
    }

    @Test
    void unknownMethodsAreOtherAndLabelsAreLowerCaseNames() {
        assertEquals(SipMethod.INVITE, SipMethod.of("INVITE"));
        assertEquals(SipMethod.OTHER, SipMethod.of("invite"));
        assertEquals(SipMethod.OTHER, SipMethod.of("FOO"));
        assertEquals(SipMethod.OTHER, SipMethod.of(null));
        assertEquals("other", SipMethod.OTHER.label);
        assertEquals("PUBLISH", SipMethod.PUBLISH.label);
        assertEquals("filter_to_assistant", SipMethod.label(RoutingReason.FILTER_TO_ASSISTANT));
    }
}
