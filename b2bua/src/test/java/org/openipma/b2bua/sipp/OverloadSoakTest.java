package org.openipma.b2bua.sipp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openipma.b2bua.ExternalTools;
import org.openipma.b2bua.IpmaServer;
import org.openipma.b2bua.TestConfigs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * No call outlives its parties, under overload: SIPp drives the server (lab configuration) above what it carries
 * — phone3 dialling 1001, the route point choosing the assistant's proxy line 1112, one SIPp
 * {@code uas-answer.xml} registered as 1112 answering — while a twentieth as many callers vanish the moment they
 * are answered ({@code uac-call-expect-200-never-ack.xml}: no ACK, no BYE), and every call still in progress when
 * the load's lifetime ends is abandoned by SIPp as it exits. Once the load has stopped, live calls and live
 * dialogs must be back to zero within the ACK timeout plus a margin ({@value #DRAIN_SECONDS} s), and the stack's
 * transactions within their own timers after that ({@value #TRANSACTION_DRAIN_SECONDS} s more).
 *
 * <p>It fails without {@code CallGuards}' ACK timeout (checked by disabling it: the vanished callers' calls stay).
 * Its size: {@code -Dsoak.rate} new answered-call attempts a second (default {@value #DEFAULT_RATE}, above the
 * ~600 a 2-core machine carries, see docs/benchmarks.md) and {@code -Dsoak.calls} of them (default
 * {@value #DEFAULT_CALLS}: 30 s); {@code benchmarks/soak/run.sh CALLS RATE} runs it at any size. SIPp's screens
 * and error logs are in {@code target/sipp-logs/soak/}.
 */
class OverloadSoakTest {
    private static final Logger log = LoggerFactory.getLogger(OverloadSoakTest.class);
    static final int DEFAULT_RATE = 800;
    static final int DEFAULT_CALLS = 24_000;
    /** The ACK timeout (32 s) plus a margin for the server's backlog and the BYEs. */
    static final int DRAIN_SECONDS = 45;
    /** A BYE to a vanished phone is retransmitted until its Timer F (32 s), then leaves the table. */
    static final int TRANSACTION_DRAIN_SECONDS = 40;
    /** How often the proxy line renews its registration (uac-register-expect-200.xml asks for 600 s). */
    static final Duration REREGISTER = Duration.ofSeconds(300);

    @BeforeAll
    static void sippIsInstalled() {
        ExternalTools.requireInstalled(Sipp.isInstalled(), "sipp is not on the PATH (Debian: apt-get install sip-tester)");
    }

    @Test
    void afterAnOverloadedRunLiveCallsDialogsAndTransactionsReturnToZero() throws Exception {
        int rate = Integer.getInteger("soak.rate", DEFAULT_RATE);
        int calls = Integer.getInteger("soak.calls", DEFAULT_CALLS);
        int vanishingRate = Math.max(1, rate / 20);
        int vanishing = Math.max(1, calls / 20);
        Duration lifetime = Duration.ofSeconds(calls / rate + 5);
        Sipp sipp = new Sipp(Sipp.scenarioDirectory(), Path.of("target", "sipp-logs", "soak"));
        int serverPort = LoopbackPorts.freeUdpAndTcp();
        List<Sipp.Instance> started = new ArrayList<>();
        try (IpmaServer server = IpmaServer.start(TestConfigs.cluster(TestConfigs.LAB), "127.0.0.1", serverPort)) {
            int phonePort = LoopbackPorts.freeUdp();
            Sipp.Instance proxyLine = sipp.answerLoad("uas-1112", "uas-answer.xml", Line.PROXY_LINE, phonePort,
                    2 * (calls + vanishing), lifetime.plusSeconds(DRAIN_SECONDS + TRANSACTION_DRAIN_SECONDS));
            started.add(proxyLine);
            assertTrue(LoopbackPorts.awaitUdpBound(phonePort, Duration.ofSeconds(5)), proxyLine::describe);
            Sipp.Instance registration = sipp.register("register-1112", "uac-register-expect-200.xml",
                    Line.PROXY_LINE, serverPort, phonePort, Sipp.Transport.UDP);
            started.add(registration);
            assertEquals(0, registration.await(Duration.ofSeconds(10)), registration::describe);

            log.info("soak: {} calls at {}/s and {} vanishing callers at {}/s, for at most {} s", calls, rate,
                    vanishing, vanishingRate, lifetime.toSeconds());
            Sipp.Instance load = sipp.load("uac-load", "uac-call-expect-200.xml", Line.PHONE3, "1001", serverPort,
                    rate, calls, lifetime);
            started.add(load);
            Sipp.Instance vanish = sipp.load("uac-vanish", "uac-call-expect-200-never-ack.xml", Line.PHONE3, "1001",
                    serverPort, vanishingRate, vanishing, lifetime);
            started.add(vanish);
            AtomicInteger peak = new AtomicInteger();
            long registered = System.nanoTime();
            int refreshes = 0;
            while (load.isAlive() || vanish.isAlive()) {
                peak.accumulateAndGet(server.liveCallCount(), Math::max);
                if (System.nanoTime() - registered > REREGISTER.toNanos()) {
                    // The proxy line re-registers as a phone does, or a run longer than its 600 s registration
                    // would route the rest of its calls to a line no longer registered.
                    Sipp.Instance refresh = sipp.register("register-1112-" + ++refreshes,
                            "uac-register-expect-200.xml", Line.PROXY_LINE, serverPort, phonePort, Sipp.Transport.UDP);
                    started.add(refresh);
                    registered = System.nanoTime();
                }
                Thread.sleep(200);
            }
            long stopped = System.nanoTime();
            String metrics = scrape(server);
            log.info("soak: load stopped; peak {} live calls; now {} calls, {} dialogs, {} transactions; answered {}, "
                    + "failed {}, refused for load {}", peak.get(), server.liveCallCount(), server.liveDialogCount(),
                    server.liveTransactionCount(), sum(metrics, "ipma_calls_total{outcome=\"answered\""),
                    sum(metrics, "ipma_calls_total{outcome=\"failed\""), sum(metrics, "ipma_overload_refusals_total"));
            assertTrue(sum(metrics, "ipma_calls_total{outcome=\"answered\"") > 0, () -> "no call was answered\n"
                    + load.describe());
            assertTrue(sum(metrics, "ipma_overload_refusals_total") + sum(metrics, "ipma_calls_total{outcome=\"failed\"")
                    > 0, () -> "the load did not overload the server: no call refused or failed\n" + load.describe());

            awaitZero("live calls and dialogs", stopped, DRAIN_SECONDS,
                    () -> server.liveCallCount() + server.liveDialogCount(),
                    () -> server.liveCallCount() + " calls, " + server.liveDialogCount() + " dialogs");
            awaitZero("live transactions", stopped, DRAIN_SECONDS + TRANSACTION_DRAIN_SECONDS,
                    server::liveTransactionCount, () -> server.liveTransactionCount() + " transactions");
        } finally {
            started.forEach(Sipp.Instance::close);
        }
    }

    private static void awaitZero(String what, long since, int seconds, java.util.function.IntSupplier count,
                                  java.util.function.Supplier<String> describe) throws InterruptedException {
        long deadline = since + Duration.ofSeconds(seconds).toNanos();
        while (count.getAsInt() != 0 && System.nanoTime() - deadline < 0) {
            Thread.sleep(250);
        }
        long took = Duration.ofNanos(System.nanoTime() - since).toMillis();
        assertEquals(0, count.getAsInt(), () -> what + " still held " + seconds + " s after the load stopped: "
                + describe.get());
        log.info("soak: {} back to zero {} ms after the load stopped", what, took);
    }

    private static String scrape(IpmaServer server) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        server.metrics().writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The sum of the samples whose line starts with {@code prefix} in a Prometheus text scrape. */
    private static double sum(String scrape, String prefix) {
        double total = 0;
        for (String line : scrape.split("\n")) {
            if (line.startsWith(prefix)) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }
}
