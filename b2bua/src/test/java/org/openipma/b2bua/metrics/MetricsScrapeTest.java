package org.openipma.b2bua.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openipma.b2bua.sip.call.CallFixture.finals;
import static org.openipma.b2bua.sipp.Line.ASSISTANT;
import static org.openipma.b2bua.sipp.Line.PHONE3;
import static org.openipma.b2bua.sipp.Line.PROXY_LINE;
import static org.openipma.b2bua.sipp.Line.VOICEMAIL;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openipma.b2bua.TestConfigs;
import org.openipma.b2bua.sip.call.CallFixture;
import org.openipma.b2bua.sip.testing.AnsweringPhone.Behaviour;
import org.openipma.b2bua.sip.testing.CallingPhone;
import org.openipma.b2bua.metrics.PrometheusTextParser.Scrape;

/**
 * {@code IpmaServer.metrics()} scraped before and after real SIP traffic from in-process JAIN-SIP phones, each
 * scrape parsed by the reference Python parser: the counters move by exactly what the calls did. Deltas, not
 * absolute values, because registering the phones already moved the SIP counters.
 */
@Timeout(60)
class MetricsScrapeTest {
    private CallFixture lab;

    @BeforeAll
    static void parserIsInstalled() {
        PrometheusTextParser.requireInstalled();
    }

    @AfterEach
    void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void anAnsweredCallABusyCalleeANumberNotFoundAndAWrongPasswordMoveExactlyTheirCounters() throws Exception {
        lab = CallFixture.start(TestConfigs.LAB);
        lab.answering(PROXY_LINE);
        lab.answering(ASSISTANT, Behaviour.rejects(Response.BUSY_HERE));
        CallingPhone phone3 = lab.calling(PHONE3);
        CallingPhone wrongPassword = lab.calling(VOICEMAIL.withPassword("not-lab-voicemail"));
        Scrape before = scrape();

        CallingPhone.Attempt answered = phone3.dial(lab.uri("1001"));
        assertEquals(List.of(407, 200), finals(answered));
        assertEquals(Response.OK, phone3.hangUp(answered).getStatusCode());
        assertEquals(List.of(407, 486), finals(phone3.dial(lab.uri("1002"))));
        assertEquals(List.of(407, 404), finals(phone3.dial(lab.uri("1999"))));
        assertEquals(List.of(407, 403), finals(wrongPassword.dial(lab.uri("1002"))));
        lab.awaitReleased();

        Map<String, Double> moved = new TreeMap<>(Map.of(
                "ipma_calls_total{outcome=\"answered\"}", 1.0,
                "ipma_calls_total{outcome=\"busy\"}", 1.0,
                "ipma_calls_routed_total{reason=\"filter_to_assistant\"}", 1.0,
                "ipma_calls_routed_total{reason=\"direct\"}", 1.0,
                "ipma_routing_decision_seconds_count{}", 1.0,
                "ipma_sip_requests_received_total{method=\"INVITE\"}", 8.0,
                "ipma_sip_requests_received_total{method=\"BYE\"}", 1.0,
                "ipma_sip_responses_sent_total{class=\"4xx\",method=\"INVITE\"}", 7.0,
                "ipma_sip_responses_sent_total{class=\"2xx\",method=\"INVITE\"}", 1.0,
                "ipma_auth_failures_total{reason=\"wrong_credentials\"}", 1.0));
        moved.put("ipma_sip_responses_sent_total{class=\"2xx\",method=\"BYE\"}", 1.0);
        for (String unmoved : List.of("ipma_calls_total{outcome=\"no_answer\"}", "ipma_calls_total{outcome=\"failed\"}",
                "ipma_calls_total{outcome=\"cancelled\"}", "ipma_cfna_fallbacks_total{cause=\"timeout\"}",
                "ipma_overload_refusals_total{reason=\"max_calls\"}", "ipma_auth_bans_total{}",
                "ipma_sip_requests_received_total{method=\"REGISTER\"}",
                "ipma_sip_responses_sent_total{class=\"5xx\",method=\"INVITE\"}")) {
            moved.put(unmoved, 0.0);
        }
        Scrape after = awaitDeltas(before, moved);
        assertEquals(0.0, after.value("ipma_calls_active{}"));
        assertEquals(2.0, after.value("ipma_registrations{}"));
        assertEquals(0.0, after.value("ipma_subscriptions{}"));
        assertEquals("counter", after.types().get("ipma_calls"));
        assertEquals("histogram", after.types().get("ipma_routing_decision_seconds"));
        assertTrue(after.samples().keySet().stream().anyMatch(key -> key.startsWith("jvm_memory_used_bytes{")),
                "JVM metrics are registered on the server's registry");
    }

    @Test
    void aCallBeyondMaxCallsIsCountedAsAnOverloadRefusal() throws Exception {
        lab = CallFixture.start("max-calls-1.yaml");
        lab.answering(ASSISTANT);
        CallingPhone phone3 = lab.calling(PHONE3);
        CallingPhone voicemail = lab.calling(VOICEMAIL);
        Scrape before = scrape();

        CallingPhone.Attempt first = phone3.dial(lab.uri("1002"));
        assertEquals(List.of(407, 200), finals(first));
        assertEquals(1.0, scrape().value("ipma_calls_active{}"), "the gauge reads the live call");
        assertEquals(List.of(503), finals(voicemail.dial(lab.uri("1002"))));
        assertEquals(Response.OK, phone3.hangUp(first).getStatusCode());
        lab.awaitReleased();

        awaitDeltas(before, Map.of("ipma_overload_refusals_total{reason=\"max_calls\"}", 1.0,
                "ipma_sip_responses_sent_total{class=\"5xx\",method=\"INVITE\"}", 1.0,
                "ipma_calls_total{outcome=\"answered\"}", 1.0));
    }

    @Test
    void aDisabledRoutingServiceIsCountedAsACfnaFallbackAndTheCallAsRoutedByCfna() throws Exception {
        lab = CallFixture.start("routing-service-disabled.yaml");
        lab.answering(org.openipma.b2bua.sipp.Line.MANAGER);
        CallingPhone phone3 = lab.calling(PHONE3);
        Scrape before = scrape();

        CallingPhone.Attempt answered = phone3.dial(lab.uri("1001"));
        assertEquals(List.of(407, 200), finals(answered));
        assertEquals(Response.OK, phone3.hangUp(answered).getStatusCode());
        lab.awaitReleased();

        // A disabled service makes no decision to time.
        awaitDeltas(before, Map.of("ipma_cfna_fallbacks_total{cause=\"disabled\"}", 1.0,
                "ipma_calls_routed_total{reason=\"cfna\"}", 1.0, "ipma_routing_decision_seconds_count{}", 0.0));
    }

    private Scrape scrape() throws Exception {
        return PrometheusTextParser.scrape(lab.server().metrics());
    }

    private Scrape awaitDeltas(Scrape before, Map<String, Double> expected) throws Exception {
        return PrometheusTextParser.awaitDeltas(lab.server().metrics(), before, expected);
    }
}
