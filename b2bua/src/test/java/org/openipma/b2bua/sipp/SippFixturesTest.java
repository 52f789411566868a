package org.openipma.b2bua.sipp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.openipma.b2bua.sipp.Line.ASSISTANT;
import static org.openipma.b2bua.sipp.Line.MANAGER;
import static org.openipma.b2bua.sipp.Line.PHONE3;
import static org.openipma.b2bua.sipp.Line.PROXY_LINE;
import static org.openipma.b2bua.sipp.Line.VOICEMAIL;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openipma.b2bua.ExternalTools;
import org.openipma.b2bua.IpmaServer;
import org.openipma.b2bua.TestConfigs;

/**
 * The B2BUA driven by SIPp, one row per call flow. A row names a configuration of
 * {@code src/test/resources/configs/}, the phones that register a line and wait (a {@code uas-*} scenario,
 * and whether they must get the call), and the calling phone (a {@code uac-*} scenario, its line and the
 * number it dials). Each row gets its own server on a free port and its own SIPp processes; the traces
 * stay in {@code target/sipp-logs/<row>/}.
 *
 * <p>A row passes when the calling SIPp exits 0 (its scenario encodes the responses it expects), every
 * phone that must get the call finishes its scenario with exit 0 and received the expected headers, every
 * other phone received no INVITE, and the server ends with no live call and no live dialog.
 *
 * <p>SIPp cannot register and answer in one scenario: an INVITE with a Call-ID it did not start is
 * discarded by a client-mode instance. So each waiting phone is two processes: a server-mode
 * {@code uas-*} instance on its port, and a {@code uac-register-expect-200.xml} run whose Contact names
 * that port.
 *
 * <p>{@code -Dsipp.row=TEXT} runs only the rows whose name contains TEXT.
 */
class SippFixturesTest {
    private static final String LAB = TestConfigs.LAB;
    private static final String INCLUSIVE_1003 = "filter-inclusive-lists-1003.yaml";
    private static final String EXCLUSIVE_1003 = "filter-exclusive-lists-1003.yaml";
    private static final String ROUTING_DISABLED = "routing-service-disabled.yaml";
    private static final String RING_NO_ANSWER_2S = "ring-no-answer-2s-to-manager.yaml";

    private static final Duration REGISTRATION = Duration.ofSeconds(10);
    private static final Duration CALL = Sipp.LIFETIME.plusSeconds(5);
    private static final Duration RELEASE = Duration.ofSeconds(15);

    static List<Fixture> fixtures() {
        return List.of(
            row("phone3 dialing 1001 rings the proxy line 1112, diverted from 1001", LAB,
                phones(answers(PROXY_LINE, "uas-answer.xml", header("Diversion", "sip:1001@"), header("From", "sip:1003@")),
                       notCalled(MANAGER)),
                call(PHONE3, "1001", "uac-call-expect-200.xml")),
            row("the proxy line 1112 dialing 1001 reaches the manager", LAB,
                phones(answers(MANAGER, "uas-answer.xml", header("From", "sip:1112@")),
                       notCalled(PROXY_LINE)),
                call(PROXY_LINE, "1001", "uac-call-expect-200.xml")),
            row("the assistant's primary line 1002 dialing 1001 is intercepted to 1112", LAB,
                phones(answers(PROXY_LINE, "uas-answer.xml", header("Diversion", "sip:1001@"), header("From", "sip:1002@")),
                       notCalled(MANAGER)),
                call(ASSISTANT, "1001", "uac-call-expect-200.xml")),
            tcpRow("over TCP: phone3 dialing 1001 rings the proxy line 1112, which answers; phone3 hangs up", LAB,
                phones(answers(PROXY_LINE, "uas-answer.xml", header("Diversion", "sip:1001@"), header("From", "sip:1003@")),
                       notCalled(MANAGER)),
                call(PHONE3, "1001", "uac-call-expect-200.xml")),
            tcpRow("over TCP: the proxy line hangs up, its BYE reaches phone3", LAB,
                phones(answers(PROXY_LINE, "uas-answer-then-hang-up.xml")),
                call(PHONE3, "1001", "uac-call-expect-bye-from-callee.xml")),
            row("phone3 dialing 1002 reaches the assistant's primary line directly", LAB,
                phones(answers(ASSISTANT, "uas-answer.xml", header("From", "sip:1003@")),
                       notCalled(PROXY_LINE)),
                call(PHONE3, "1002", "uac-call-expect-200.xml")),
            row("inclusive filter listing 1003: phone3 dialing 1001 reaches the manager", INCLUSIVE_1003,
                phones(answers(MANAGER, "uas-answer.xml", header("From", "sip:1003@")),
                       notCalled(PROXY_LINE)),
                call(PHONE3, "1001", "uac-call-expect-200.xml")),
            row("exclusive filter listing 1003: phone3 dialing 1001 rings the proxy line", EXCLUSIVE_1003,
                phones(answers(PROXY_LINE, "uas-answer.xml", header("Diversion", "sip:1001@"), header("From", "sip:1003@")),
                       notCalled(MANAGER)),
                call(PHONE3, "1001", "uac-call-expect-200.xml")),
            row("exclusive filter listing 1003: 8000, not listed, dialing 1001 reaches the manager", EXCLUSIVE_1003,
                phones(answers(MANAGER, "uas-answer.xml", header("From", "sip:8000@")),
                       notCalled(PROXY_LINE)),
                call(VOICEMAIL, "1001", "uac-call-expect-200.xml")),
            row("no assistant registered: phone3 dialing 1001 reaches the manager", LAB,
                phones(answers(MANAGER, "uas-answer.xml", header("From", "sip:1003@"))),
                call(PHONE3, "1001", "uac-call-expect-200.xml")),
            row("routing service disabled: the route point's CFNA 100X through CSS_IPMA reaches the manager",
                ROUTING_DISABLED,
                phones(answers(MANAGER, "uas-answer.xml", header("From", "sip:1003@")),
                       notCalled(PROXY_LINE)),
                call(PHONE3, "1001", "uac-call-expect-200.xml")),
            row("the assistant does not answer in 2 s: ring-no-answer policy manager rings the manager",
                RING_NO_ANSWER_2S,
                phones(answers(PROXY_LINE, "uas-ring-expect-cancel.xml", header("Diversion", "sip:1001@")),
                       answers(MANAGER, "uas-answer.xml", header("From", "sip:1003@"))),
                call(PHONE3, "1001", "uac-call-expect-200.xml")),
            row("phone3 hangs up while the proxy line rings: CANCEL reaches it", LAB,
                phones(answers(PROXY_LINE, "uas-ring-expect-cancel.xml"),
                       notCalled(MANAGER)),
                call(PHONE3, "1001", "uac-cancel-before-answer.xml")),
            row("the proxy line hangs up: its BYE reaches phone3", LAB,
                phones(answers(PROXY_LINE, "uas-answer-then-hang-up.xml")),
                call(PHONE3, "1001", "uac-call-expect-bye-from-callee.xml")),
            row("phone3 holds and resumes: both re-INVITEs and their answers cross the B2BUA", LAB,
                phones(answers(PROXY_LINE, "uas-answer.xml", reInvites("a=sendonly", "a=sendrecv"))),
                call(PHONE3, "1001", "uac-call-hold-resume.xml")),
            row("forged To, P-Asserted-Identity and Diversion do not steer a call to 1001", LAB,
                phones(answers(PROXY_LINE, "uas-answer.xml", header("Diversion", "sip:1001@"), header("From", "sip:1003@")),
                       notCalled(MANAGER)),
                call(PHONE3, "1001", "uac-call-with-forged-identity-headers-expect-200.xml")),
            row("phone3 dialing 1999, which no pattern matches, gets 404", LAB,
                phones(notCalled(PROXY_LINE)),
                call(PHONE3, "1999", "uac-call-expect-404.xml")),
            row("phone3 dialing the proxy line 1112 while it is not registered gets 480", LAB,
                phones(notCalled(MANAGER)),
                call(PHONE3, "1112", "uac-call-expect-480.xml")),
            row("phone3 answering the challenge with a wrong password gets 403", LAB,
                phones(notCalled(PROXY_LINE)),
                call(PHONE3.withPassword("not-lab-phone3"), "1001", "uac-call-expect-403.xml")),
            row("phone3 calling from 1112, a line it does not own, gets 403", LAB,
                phones(notCalled(MANAGER), notCalled(PROXY_LINE)),
                call(PHONE3.claiming("1112"), "1001", "uac-call-expect-403.xml")),
            row("an INVITE without credentials gets a qop=auth MD5 challenge (407)", LAB,
                phones(notCalled(PROXY_LINE)),
                call(PHONE3, "1001", "uac-invite-unauthenticated-expect-407.xml")),
            row("phone3 registering the manager's line 1001 gets 403", LAB,
                phones(),
                register(PHONE3.claiming("1001"), "uac-register-expect-403.xml")),
            row("registering with a wrong password gets 403", LAB,
                phones(),
                register(PHONE3.withPassword("not-lab-phone3"), "uac-register-expect-403.xml")));
    }

    @BeforeAll
    static void sippIsInstalled() {
        ExternalTools.requireInstalled(Sipp.isInstalled(), "sipp is not on the PATH (Debian: apt-get install sip-tester)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    @Timeout(120)
    void row(Fixture fixture) throws Exception {
        String only = System.getProperty("sipp.row", "");
        assumeTrue(fixture.name().contains(only), () -> "-Dsipp.row=" + only + " selects other rows");
        Path logs = Path.of("target", "sipp-logs", fixture.slug());
        deleteRecursively(logs);
        Sipp sipp = new Sipp(Sipp.scenarioDirectory(), logs);
        int serverPort = LoopbackPorts.freeUdpAndTcp();
        List<Sipp.Instance> started = new ArrayList<>();
        try (IpmaServer server = IpmaServer.start(TestConfigs.cluster(fixture.config()), "127.0.0.1", serverPort)) {
            List<Waiting> waiting = new ArrayList<>();
            for (Phone phone : fixture.phones()) {
                int port = fixture.transport().freePort();
                String name = "uas-" + phone.line().dn();
                Sipp.Instance uas = sipp.listen(name, phone.scenario(), phone.line(), port, fixture.transport());
                started.add(uas);
                assertTrue(fixture.transport().awaitListening(port, Duration.ofSeconds(5)) || uas.isAlive(),
                        () -> "the phone of " + phone.line() + " did not start\n" + uas.describe());
                Sipp.Instance registration = sipp.register("register-" + phone.line().dn(),
                        "uac-register-expect-200.xml", phone.line(), serverPort, port, fixture.transport());
                started.add(registration);
                int registered = registration.await(REGISTRATION);
                assertEquals(0, registered, () -> "registering " + phone.line() + " failed\n" + registration.describe());
                waiting.add(new Waiting(phone, uas));
            }

            Caller caller = fixture.caller();
            Sipp.Instance uac = caller.dialed() == null
                    ? sipp.register("uac", caller.scenario(), caller.line(), serverPort, fixture.transport().freePort(),
                            fixture.transport())
                    : sipp.call("uac", caller.scenario(), caller.line(), caller.dialed(), serverPort, fixture.transport());
            started.add(uac);
            int uacExit = uac.await(CALL);

            List<String> failures = new ArrayList<>();
            if (uacExit != 0) {
                failures.add("the caller's " + caller.scenario() + " exited " + uacExit + "\n" + uac.describe());
            }
            for (Waiting phone : waiting) {
                failures.addAll(phone.check(uacExit == 0 ? CALL : Duration.ofSeconds(1)));
            }
            awaitZero("live calls", server::liveCallCount, failures);
            awaitZero("live dialogs", server::liveDialogCount, failures);
            if (!failures.isEmpty()) {
                fail(fixture.name() + " (traces in " + logs.toAbsolutePath() + "):\n- " + String.join("\n- ", failures));
            }
        } finally {
            started.forEach(Sipp.Instance::close);
        }
    }

    /** A registered phone of a row, running its scenario. */
    private record Waiting(Phone phone, Sipp.Instance uas) {
        List<String> check(Duration patience) throws InterruptedException {
            List<String> failures = new ArrayList<>();
            if (!phone.called()) {
                uas.close();
                if (uas.trace().firstRequest("INVITE").isPresent()) {
                    failures.add(phone.line() + " must not be called but got an INVITE\n" + uas.describe());
                }
                return failures;
            }
            int exit = uas.await(patience);
            if (exit != 0) {
                failures.add(phone.line() + "'s " + phone.scenario() + " exited " + exit + "\n" + uas.describe());
            }
            SippTrace trace = uas.trace();
            for (Expectation expectation : phone.expectations()) {
                String problem = expectation.check(trace);
                if (problem != null) {
                    failures.add(phone.line() + ": " + problem + "\n" + uas.describe());
                }
            }
            return failures;
        }
    }

    private static void awaitZero(String what, IntSupplier count, List<String> failures) throws InterruptedException {
        long deadline = System.nanoTime() + RELEASE.toNanos();
        while (count.getAsInt() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        int left = count.getAsInt();
        if (left != 0) {
            failures.add("the server still has " + left + " " + what + " " + RELEASE.toSeconds() + " s after the call");
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    // ---- the table's vocabulary

    /** One row. {@code caller.dialed()} is null for a registration row. */
    record Fixture(String name, String config, List<Phone> phones, Caller caller, Sipp.Transport transport) {
        String slug() {
            return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A phone that registers {@code line} and runs {@code scenario}; {@code called}: whether it must get the call. */
    record Phone(Line line, String scenario, boolean called, List<Expectation> expectations) {
    }

    /** The calling phone: {@code scenario} from {@code line}, dialing {@code dialed} (null: it only registers). */
    record Caller(Line line, String dialed, String scenario) {
    }

    /** Something the called phone must have received; {@link #check} returns the problem, or null. */
    interface Expectation {
        String check(SippTrace trace);
    }

    private static Fixture row(String name, String config, List<Phone> phones, Caller caller) {
        return new Fixture(name, config, phones, caller, Sipp.Transport.UDP);
    }

    /** A row whose phones all register, call and answer over TCP. */
    private static Fixture tcpRow(String name, String config, List<Phone> phones, Caller caller) {
        return new Fixture(name, config, phones, caller, Sipp.Transport.TCP);
    }

    private static List<Phone> phones(Phone... phones) {
        return List.of(phones);
    }

    private static Phone answers(Line line, String scenario, Expectation... expectations) {
        return new Phone(line, scenario, true, List.of(expectations));
    }

    /** Registered, ready to answer with {@code uas-answer.xml}, and must get no INVITE. */
    private static Phone notCalled(Line line) {
        return new Phone(line, "uas-answer.xml", false, List.of());
    }

    private static Caller call(Line line, String dialed, String scenario) {
        return new Caller(line, dialed, scenario);
    }

    private static Caller register(Line line, String scenario) {
        return new Caller(line, null, scenario);
    }

    /** The first INVITE received has a {@code name} header containing {@code text}. */
    private static Expectation header(String name, String text) {
        return trace -> {
            var invite = trace.firstRequest("INVITE");
            if (invite.isEmpty()) {
                return "no INVITE received (wanted " + name + " containing '" + text + "')";
            }
            List<String> values = invite.get().headers(name);
            return values.stream().anyMatch(value -> value.contains(text)) ? null
                    : "the INVITE's " + name + " " + (values.isEmpty() ? "is missing" : "is " + values)
                            + ", wanted one containing '" + text + "'";
        };
    }

    /** After the first INVITE, the phone got one re-INVITE per {@code bodyTexts}, each containing its text. */
    private static Expectation reInvites(String... bodyTexts) {
        return trace -> {
            List<SippTrace.Message> invites = trace.received().stream()
                    .filter(message -> message.isRequest("INVITE")).toList();
            List<SippTrace.Message> reInvites = invites.isEmpty() ? List.of() : invites.subList(1, invites.size());
            if (reInvites.size() != bodyTexts.length) {
                return "got " + reInvites.size() + " re-INVITEs, wanted " + bodyTexts.length;
            }
            for (int i = 0; i < bodyTexts.length; i++) {
                if (!reInvites.get(i).text().contains(bodyTexts[i])) {
                    return "re-INVITE " + (i + 1) + " does not contain '" + bodyTexts[i] + "'";
                }
            }
            return null;
        };
    }
}
