package org.openipma.b2bua.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sip.message.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openipma.b2bua.sip.testing.AnsweringPhone;
import org.openipma.b2bua.sip.testing.CallingPhone;
import org.openipma.b2bua.sipp.Line;
import org.openipma.b2bua.sipp.LoopbackPorts;

/**
 * {@code ipma run} as its own JVM, as {@code bin/ipma} starts it: SIGTERM stops it promptly and hangs up
 * the calls in progress; a port in use or a bad configuration is one line on stderr and exit code 2.
 */
@Timeout(60)
class RunProcessTest {
    private static final Duration START = Duration.ofSeconds(20);
    private static final Duration STOP = Duration.ofSeconds(10);

    private final List<AutoCloseable> phones = new ArrayList<>();
    private Process process;

    @TempDir
    Path dir;

    @AfterEach
    void stopEverything() throws Exception {
        for (AutoCloseable phone : phones) {
            phone.close();
        }
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void sigtermHangsUpTheCallInProgressAndStops() throws Exception {
        int port = LoopbackPorts.freeUdpAndTcp();
        Path stderr = dir.resolve("stderr.log");
        process = ipma(stderr, "run", "--config", CliRun.LAB.toString(), "--sip-port", Integer.toString(port), "--http-port", Integer.toString(LoopbackPorts.freeUdpAndTcp()));
        awaitLine(stderr, "SIP listening on 127.0.0.1:" + port + "/tcp");
        AnsweringPhone assistant = AnsweringPhone.register(Line.ASSISTANT, port);
        phones.add(assistant);
        CallingPhone phone3 = CallingPhone.start(Line.PHONE3);
        phones.add(phone3);
        CallingPhone.Attempt answered = phone3.dial(CallingPhone.uri("1002", port));
        assertEquals(200, answered.last().getStatusCode(), () -> "the call was not answered: " + answered);

        process.destroy(); // SIGTERM

        assertTrue(process.waitFor(STOP.toSeconds(), TimeUnit.SECONDS), "ipma run did not stop within " + STOP);
        assertNotNull(phone3.awaitRequest(Request.BYE), "the caller was not hung up");
        assertNotNull(assistant.awaitRequest(Request.BYE), "the callee was not hung up");
        String log = Files.readString(stderr);
        assertTrue(log.contains("ended 1 call(s)"), log);
        assertTrue(log.contains("SIP stopped"), log);
        assertFalse(log.contains("\tat "), () -> "a stack trace on stop:\n" + log);
    }

    @Test
    void reloadKeepsTheCallInProgressAndABadFileIsRefusedWhileTheOldPlanStillRoutes() throws Exception {
        int port = LoopbackPorts.freeUdpAndTcp();
        Path config = dir.resolve("lab.yaml");
        Files.copy(CliRun.LAB, config);
        Path dataDir = dir.resolve("data");
        Path stderr = dir.resolve("stderr.log");
        process = ipma(stderr, "run", "--config", config.toString(), "--sip-port", Integer.toString(port), "--http-port", Integer.toString(LoopbackPorts.freeUdpAndTcp()),
                "--data-dir", dataDir.toString());
        awaitLine(stderr, "SIP listening on 127.0.0.1:" + port + "/tcp");
        AnsweringPhone assistant = AnsweringPhone.register(Line.ASSISTANT, port);
        phones.add(assistant);
        CallingPhone phone3 = CallingPhone.start(Line.PHONE3);
        phones.add(phone3);
        CallingPhone.Attempt inProgress = phone3.dial(CallingPhone.uri("1002", port));
        assertEquals(200, inProgress.last().getStatusCode(), () -> "the call was not answered: " + inProgress);
        assistant.awaitRequest(Request.INVITE);

        Files.writeString(config, Files.readString(config).replace("display: Phone 3", "display: Reloaded Three"));
        Process reload = ipma(dir.resolve("reload.log"), "reload", "--data-dir", dataDir.toString());
        assertTrue(reload.waitFor(START.toSeconds(), TimeUnit.SECONDS));
        String reloadOutput = read(dir.resolve("reload.log"));
        assertEquals(0, reload.exitValue(), reloadOutput);
        awaitLine(stderr, "reloaded " + config);

        assertEquals(200, phone3.hangUp(inProgress).getStatusCode(), "the call in progress was dropped by the reload");
        assertNotNull(assistant.awaitRequest(Request.BYE));
        CallingPhone.Attempt next = phone3.dial(CallingPhone.uri("1002", port));
        assertEquals(200, next.last().getStatusCode(), () -> "no call after the reload: " + next);
        String shownName = ((javax.sip.header.FromHeader) assistant.awaitRequest(Request.INVITE)
                .getHeader(javax.sip.header.FromHeader.NAME)).getAddress().getDisplayName();
        assertEquals("Reloaded Three", shownName, "the next call uses the reloaded file");
        phone3.hangUp(next);

        Files.writeString(config, Files.readString(config).replace("ringNoAnswerSeconds: 10", "ringNoAnswerSeconds: 0"));
        Process refused = ipma(dir.resolve("refused.log"), "reload", "--data-dir", dataDir.toString());
        assertTrue(refused.waitFor(START.toSeconds(), TimeUnit.SECONDS));
        assertEquals(2, refused.exitValue());
        String error = read(dir.resolve("refused.log")).strip();
        assertTrue(error.contains("lab.yaml") && error.contains("routingService.ringNoAnswerSeconds"), error);
        new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).start().waitFor();
        awaitLine(stderr, "reload refused, the running configuration stays: " + error);

        CallingPhone.Attempt afterRefusal = phone3.dial(CallingPhone.uri("1002", port));
        assertEquals(200, afterRefusal.last().getStatusCode(), () -> "the old plan stopped routing: " + afterRefusal);
        phone3.hangUp(afterRefusal);
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }

    /** Under nohup the JVM keeps SIGHUP ignored, so a reload cannot reach the server: it says so at start. */
    @Test
    void startedUnderNohupItWarnsThatReloadCannotReachIt() throws Exception {
        int port = LoopbackPorts.freeUdpAndTcp();
        Path stderr = dir.resolve("stderr.log");
        List<String> command = new ArrayList<>(List.of("nohup"));
        command.addAll(ipmaCommand("run", "--config", CliRun.LAB.toString(), "--sip-port", Integer.toString(port),
                "--http-port", Integer.toString(LoopbackPorts.freeTcpOtherThan(port)), "--data-dir",
                dir.resolve("data").toString()));
        process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(stderr.toFile()).start();
        awaitLine(stderr, "SIGHUP is ignored by this process (started under nohup?): ipma reload and kill -HUP "
                + "cannot reach it");
    }

    @Test
    void aPortInUseIsOneLineAndExitCode2() throws Exception {
        int port = LoopbackPorts.freeUdpAndTcp();
        Path stderr = dir.resolve("stderr.log");
        try (DatagramSocket taken = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
            process = ipma(stderr, "run", "--config", CliRun.LAB.toString(), "--sip-port", Integer.toString(port), "--http-port", Integer.toString(LoopbackPorts.freeUdpAndTcp()));
            assertTrue(process.waitFor(START.toSeconds(), TimeUnit.SECONDS), "ipma run hung on a port in use");
        }
        assertEquals(2, process.exitValue());
        List<String> lines = Files.readAllLines(stderr);
        assertEquals(List.of("SIP port " + port + "/udp on 127.0.0.1 is in use"), lines);
    }

    @Test
    void aBadConfigurationIsOneLineNamingFilePathValueAndRule() throws Exception {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, Files.readString(CliRun.LAB).replace("ringNoAnswerSeconds: 10", "ringNoAnswerSeconds: 0"));
        Path stderr = dir.resolve("stderr.log");

        process = ipma(stderr, "run", "--config", config.toString(), "--http-port", Integer.toString(LoopbackPorts.freeUdpAndTcp()));

        assertTrue(process.waitFor(START.toSeconds(), TimeUnit.SECONDS), "ipma run hung on a bad configuration");
        assertEquals(2, process.exitValue());
        List<String> lines = Files.readAllLines(stderr);
        assertEquals(1, lines.size(), () -> "not one line: " + lines);
        String line = lines.get(0);
        assertTrue(line.contains("bad.yaml") && line.contains("routingService.ringNoAnswerSeconds")
                && line.contains("0"), line);
    }

    @Test
    void anHttpPortInUseIsOneLineAndExitCode2() throws Exception {
        int port = LoopbackPorts.freeUdpAndTcp();
        Path stderr = dir.resolve("stderr.log");
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            process = ipma(stderr, "run", "--config", CliRun.LAB.toString(), "--sip-port", Integer.toString(port),
                    "--http-port", Integer.toString(taken.getLocalPort()));
            assertTrue(process.waitFor(START.toSeconds(), TimeUnit.SECONDS), "ipma run hung on an HTTP port in use");
            assertEquals(2, process.exitValue());
            List<String> lines = Files.readAllLines(stderr);
            assertEquals(List.of("cannot listen for HTTP on 127.0.0.1:" + taken.getLocalPort()
                    + ": Address already in use"), lines);
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"0", "-1", "70000"})
    void anHttpPortOutOfRangeIsOneLineAndExitCode2(String port) throws Exception {
        Path stderr = dir.resolve("stderr.log");

        process = ipma(stderr, "run", "--config", CliRun.LAB.toString(), "--http-port", port);

        assertTrue(process.waitFor(START.toSeconds(), TimeUnit.SECONDS));
        assertEquals(2, process.exitValue());
        assertEquals(List.of("--http-port: " + port + " (expected: 1-65535)"), Files.readAllLines(stderr));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"0", "-1", "70000"})
    void aSipPortOutOfRangeIsOneLineAndExitCode2(String port) throws Exception {
        Path stderr = dir.resolve("stderr.log");

        process = ipma(stderr, "run", "--config", CliRun.LAB.toString(), "--sip-port", port);

        assertTrue(process.waitFor(START.toSeconds(), TimeUnit.SECONDS));
        assertEquals(2, process.exitValue());
        assertEquals(List.of("--sip-port: " + port + " (expected: 1-65535)"), Files.readAllLines(stderr));
    }

    @Test
    void anUnreachableDatabaseIsOneLineWithTheUrlButNotThePasswordAndExitCode2() throws Exception {
        Path config = dir.resolve("unreachable-database.yaml");
        Files.writeString(config, Files.readString(CliRun.LAB)
                + "\ndatabase: { url: 'jdbc:postgresql://127.0.0.1:1/ipma', user: ipma, password: t0p-s3cret }\n");
        Path stderr = dir.resolve("stderr.log");

        process = ipma(stderr, "run", "--config", config.toString(), "--data-dir", dir.resolve("data").toString());

        assertTrue(process.waitFor(START.toSeconds(), TimeUnit.SECONDS), "ipma run hung on an unreachable database");
        assertEquals(2, process.exitValue());
        List<String> lines = Files.readAllLines(stderr);
        assertEquals(1, lines.size(), () -> "not one line: " + lines);
        assertTrue(lines.get(0).contains("jdbc:postgresql://127.0.0.1:1/ipma"), lines.get(0));
        assertFalse(lines.get(0).contains("t0p-s3cret"), lines.get(0));
    }

    /** {@code ipma ARGS} in a new JVM on this test's class path, stderr to {@code stderr}, stdout discarded. */
    private static Process ipma(Path stderr, String... args) throws IOException {
        return new ProcessBuilder(ipmaCommand(args))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(stderr.toFile())
                .start();
    }

    /** The command line of {@code ipma ARGS} in a new JVM on this test's class path. */
    private static List<String> ipmaCommand(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                IpmaCommand.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    private void awaitLine(Path file, String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.readString(file, StandardCharsets.UTF_8).contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("ipma run exited " + process.exitValue() + ":\n" + Files.readString(file));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no '" + text + "' within " + START + ":\n" + Files.readString(file));
    }
}
