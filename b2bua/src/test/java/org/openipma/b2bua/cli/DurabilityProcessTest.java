package org.openipma.b2bua.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openipma.b2bua.sip.testing.CallingPhone;
import org.openipma.b2bua.sipp.Line;
import org.openipma.b2bua.sipp.LoopbackPorts;
import org.openipma.routing.ManagerSettings;
import org.openipma.state.StateDatabase;
import org.openipma.state.StorageConfig;

/**
 * An acknowledged change is never lost, not even by {@code kill -9}: {@code ipma run} as its own JVM on the
 * embedded database; 100 managers each switch Divert All on from their phone (each change acknowledged by the
 * server's 603), the assistant logs out, the JVM is killed with SIGKILL right after the last acknowledgement,
 * and the database the next start would open holds all 101 changes.
 */
@Timeout(120)
class DurabilityProcessTest {
    private static final int MANAGERS = 100;
    private static final Duration START = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private Process process;

    @AfterEach
    void stopEverything() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aHundredAcknowledgedChangesAndALogOutSurviveKillDashNine() throws Exception {
        Path config = dir.resolve("hundred-managers.yaml");
        Files.writeString(config, hundredManagers(Files.readString(CliRun.LAB)));
        Path dataDir = dir.resolve("data");
        Path stderr = dir.resolve("stderr.log");
        int port = LoopbackPorts.freeUdpAndTcp();
        process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                IpmaCommand.class.getName(), "run", "--config", config.toString(), "--sip-port", Integer.toString(port), "--http-port", Integer.toString(LoopbackPorts.freeUdpAndTcp()),
                "--data-dir", dataDir.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(stderr.toFile()).start();
        awaitLine(stderr, "SIP listening on 127.0.0.1:" + port + "/tcp");

        // Ten phones at a time: starting a phone's SIP stack, not the server, is what takes the time here.
        ExecutorService dialers = Executors.newFixedThreadPool(10);
        try {
            List<Future<?>> acks = new ArrayList<>();
            for (int i = 1; i <= MANAGERS; i++) {
                Line manager = new Line(user(i), "pw-" + user(i), dn(i));
                acks.add(dialers.submit(() -> acknowledged(manager, "*71", "Divert All on", port)));
            }
            acks.add(dialers.submit(() -> acknowledged(Line.ASSISTANT, "*82", "assistant logged out for manager", port)));
            for (Future<?> ack : acks) {
                ack.get();
            }
        } finally {
            dialers.shutdownNow();
        }
        process.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
        assertTrue(process.waitFor(10, TimeUnit.SECONDS));

        try (StateDatabase database = StateDatabase.openExisting(StorageConfig.embedded(dataDir))) {
            Map<String, ManagerSettings> stored = database.settings().loadAll();
            for (int i = 1; i <= MANAGERS; i++) {
                ManagerSettings settings = stored.get(user(i));
                String manager = user(i);
                assertTrue(settings != null && settings.divertAll(), () -> manager + " lost its acknowledged Divert All");
            }
            assertEquals(Optional.of(false), database.presence().loggedIn("assistant", "manager"),
                    "the assistant's acknowledged log-out");
        }
    }

    private static void acknowledged(Line line, String code, String newState, int port) {
        try (CallingPhone phone = CallingPhone.start(line)) {
            CallingPhone.Attempt attempt = phone.dial(CallingPhone.uri(code, port));
            assertEquals(603, attempt.last().getStatusCode(), attempt::toString);
            assertEquals(newState, attempt.last().getReasonPhrase());
        }
    }

    private static String user(int i) {
        return String.format("m%03d", i);
    }

    private static String dn(int i) {
        return Integer.toString(3000 + i);
    }

    /** The lab with 100 more managers, each with a phone whose line is intercepted, and no assistant. */
    private static String hundredManagers(String lab) {
        StringBuilder phones = new StringBuilder("phones:\n");
        StringBuilder managers = new StringBuilder("managers:\n");
        for (int i = 1; i <= MANAGERS; i++) {
            phones.append("  - { name: SEP-").append(user(i)).append(", user: ").append(user(i))
                    .append(", password: pw-").append(user(i)).append(", css: CSS_DEFAULT, lines: [ { dn: \"")
                    .append(dn(i)).append("\", partition: PT_MANAGER } ] }\n");
            managers.append("  - { user: ").append(user(i)).append(", lines: [\"").append(dn(i)).append("\"] }\n");
        }
        return lab.replace("phones:\n", phones.toString()).replace("managers:\n", managers.toString());
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
