package org.openipma.b2bua.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openipma.b2bua.ExternalTools;
import org.openipma.b2bua.IpmaServer;
import org.openipma.b2bua.TestConfigs;
import org.openipma.b2bua.metrics.PrometheusTextParser.Scrape;
import org.openipma.b2bua.sipp.Line;
import org.openipma.b2bua.sipp.LoopbackPorts;
import org.openipma.b2bua.sipp.Sipp;

/**
 * The counters move with a SIPp run: phone3 places {@value #CALLS} calls to 1001, the proxy line 1112 answers
 * each (a SIPp server-mode phone registered by a second SIPp), and the scrape, parsed by the reference Python
 * parser, shows exactly {@value #CALLS} more answered calls, each routed by the filter to the assistant and timed
 * by the decision histogram, and the SIP requests and responses of those calls. Traces in
 * {@code target/sipp-logs/metrics/}.
 */
class MetricsSippTest {
    private static final int CALLS = 20;

    @BeforeAll
    static void toolsAreInstalled() {
        ExternalTools.requireInstalled(Sipp.isInstalled(), "sipp is not on the PATH (Debian: apt-get install sip-tester)");
        PrometheusTextParser.requireInstalled();
    }

    @Test
    @Timeout(90)
    void twentySippCallsMoveTheCallAndSipCountersByTwentyCallsWorth() throws Exception {
        Sipp sipp = new Sipp(Sipp.scenarioDirectory(), Path.of("target", "sipp-logs", "metrics"));
        int serverPort = LoopbackPorts.freeUdpAndTcp();
        List<Sipp.Instance> started = new ArrayList<>();
        try (IpmaServer server = IpmaServer.start(TestConfigs.cluster(TestConfigs.LAB), "127.0.0.1", serverPort)) {
            int phonePort = LoopbackPorts.freeUdp();
            Sipp.Instance proxyLine = sipp.listen("uas-1112", "uas-answer.xml", Line.PROXY_LINE, phonePort,
                    Sipp.Transport.UDP, CALLS);
            started.add(proxyLine);
            assertTrue(LoopbackPorts.awaitUdpBound(phonePort, Duration.ofSeconds(5)), proxyLine::describe);
            Sipp.Instance registration = sipp.register("register-1112", "uac-register-expect-200.xml",
                    Line.PROXY_LINE, serverPort, phonePort, Sipp.Transport.UDP);
            started.add(registration);
            assertEquals(0, registration.await(Duration.ofSeconds(10)), registration::describe);
            Scrape before = PrometheusTextParser.scrape(server.metrics());

            Sipp.Instance phone3 = sipp.call("uac", "uac-call-expect-200.xml", Line.PHONE3, "1001", serverPort,
                    Sipp.Transport.UDP, CALLS);
            started.add(phone3);
            assertEquals(0, phone3.await(Duration.ofSeconds(60)), phone3::describe);
            assertEquals(0, proxyLine.await(Duration.ofSeconds(10)), proxyLine::describe);
            awaitNoLiveCall(server);

            Map<String, Double> expected = new TreeMap<>();
            expected.put("ipma_calls_total{outcome=\"answered\"}", (double) CALLS);
            expected.put("ipma_calls_total{outcome=\"failed\"}", 0.0);
            expected.put("ipma_calls_routed_total{reason=\"filter_to_assistant\"}", (double) CALLS);
            expected.put("ipma_routing_decision_seconds_count{}", (double) CALLS);
            // Each call: an INVITE challenged (407), the INVITE again with credentials (200), and the BYE.
            expected.put("ipma_sip_requests_received_total{method=\"INVITE\"}", 2.0 * CALLS);
            expected.put("ipma_sip_requests_received_total{method=\"BYE\"}", (double) CALLS);
            expected.put("ipma_sip_responses_sent_total{class=\"4xx\",method=\"INVITE\"}", (double) CALLS);
            expected.put("ipma_sip_responses_sent_total{class=\"2xx\",method=\"INVITE\"}", (double) CALLS);
            expected.put("ipma_sip_responses_sent_total{class=\"2xx\",method=\"BYE\"}", (double) CALLS);
            Scrape after = PrometheusTextParser.awaitDeltas(server.metrics(), before, expected);
            double acks = after.value("ipma_sip_requests_received_total{method=\"ACK\"}")
                    - before.value("ipma_sip_requests_received_total{method=\"ACK\"}");
            assertTrue(acks >= CALLS, "at least the ACK of each 2xx reached the application: " + acks);
        } finally {
            started.forEach(Sipp.Instance::close);
        }
    }

    private static void awaitNoLiveCall(IpmaServer server) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (server.liveCallCount() != 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, server.liveCallCount(), "live calls");
    }
}
