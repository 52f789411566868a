package org.openipma.b2bua.sipp;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openipma.b2bua.ExternalTools;

/**
 * Runs SIPp 3.6 (Debian sip-tester) on 127.0.0.1 over UDP or TCP, one scenario of {@code sipp-scenarios/} per
 * process and one call per process ({@code -m 1}), each bounded by SIPp's own {@code -timeout} and by
 * {@link Instance#await}. Every instance leaves, in the log directory, {@code NAME.messages.log} (every SIP
 * message, {@code -trace_msg}), {@code NAME.errors.log} ({@code -trace_err}) and {@code NAME.out} (its
 * screen): the evidence when a fixture fails.
 */
public final class Sipp {
    /** How long one SIPp instance may live, enforced by SIPp itself ({@code -timeout}, failing). */
    static final Duration LIFETIME = Duration.ofSeconds(30);

    private final Path scenarios;
    private final Path logs;

    /**
     * @param scenarios the {@code sipp-scenarios} directory
     * @param logs where each instance writes its traces (created)
     */
    public Sipp(Path scenarios, Path logs) {
        this.scenarios = scenarios;
        this.logs = logs.toAbsolutePath();
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + logs, e);
        }
    }

    /** Whether a {@code sipp} executable is on the PATH. */
    public static boolean isInstalled() {
        return ExternalTools.isOnPath("sipp");
    }

    /** The {@code sipp-scenarios} directory of the checkout the tests run in (found from the working directory up). */
    public static Path scenarioDirectory() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("sipp-scenarios"))) {
                return dir.resolve("sipp-scenarios");
            }
        }
        throw new IllegalStateException("no sipp-scenarios directory in " + Path.of("").toAbsolutePath()
                + " or any parent");
    }

    /** How a SIPp instance talks to the server: one socket, UDP or TCP ({@code -t u1}, {@code -t t1}). */
    public enum Transport {
        UDP("u1"), TCP("t1");

        private final String mode;

        Transport(String mode) {
            this.mode = mode;
        }

        /** A free local port for this transport. */
        int freePort() {
            return this == UDP ? LoopbackPorts.freeUdp() : LoopbackPorts.freeUdpAndTcp();
        }

        /** Waits until a server-mode instance listens on {@code port}; false if not within {@code timeout}. */
        boolean awaitListening(int port, Duration timeout) throws InterruptedException {
            return this == UDP ? LoopbackPorts.awaitUdpBound(port, timeout) : LoopbackPorts.awaitTcpBound(port, timeout);
        }
    }

    /** A phone waiting for calls to {@code line} on {@code port} with a server-mode (uas-*) scenario. */
    public Instance listen(String name, String scenario, Line line, int port, Transport transport) {
        return listen(name, scenario, line, port, transport, 1);
    }

    /** As {@link #listen(String, String, Line, int, Transport)}, exiting after {@code calls} calls. */
    public Instance listen(String name, String scenario, Line line, int port, Transport transport, int calls) {
        return start(name, scenario, transport, List.of("-p", Integer.toString(port), "-key", "line", line.dn()),
                calls);
    }

    /**
     * Registers {@code line} at {@code server} with a contact on {@code contactPort}, with a
     * {@code uac-register-*} scenario.
     */
    public Instance register(String name, String scenario, Line line, int server, int contactPort, Transport transport) {
        return start(name, scenario, transport, List.of("127.0.0.1:" + server, "-p", Integer.toString(transport.freePort()),
                "-key", "line", line.dn(), "-key", "contact_port", Integer.toString(contactPort),
                "-au", line.user(), "-ap", line.password()));
    }

    /**
     * Calls {@code dialed} from {@code line} through {@code server} with a {@code uac-*} scenario. The digest
     * URI is forced to the Request-URI ({@code -auth_uri}): SIPp 3.6 otherwise answers with
     * {@code sip:host:port}, which a server checking it against the Request-URI would refuse.
     */
    public Instance call(String name, String scenario, Line line, String dialed, int server, Transport transport) {
        return call(name, scenario, line, dialed, server, transport, 1);
    }

    /**
     * As {@link #call(String, String, Line, String, int, Transport)}, placing {@code calls} calls at SIPp's
     * default rate (10 a second); the instance still dies at {@link #LIFETIME}, so keep {@code calls} small.
     */
    public Instance call(String name, String scenario, Line line, String dialed, int server, Transport transport,
                         int calls) {
        return start(name, scenario, transport, List.of("127.0.0.1:" + server, "-p", Integer.toString(transport.freePort()),
                "-s", dialed, "-key", "line", line.dn(), "-au", line.user(), "-ap", line.password(),
                "-auth_uri", dialed + "@127.0.0.1:" + server), calls);
    }

    /**
     * A load: calls from {@code line} to {@code dialed} through {@code server} over UDP with a {@code uac-*}
     * scenario, {@code rate} new calls a second, until {@code calls} were placed or {@code lifetime} ends (SIPp's
     * {@code -timeout}: the calls still in progress then are abandoned, as by phones that vanish). The digest
     * URI is SIPp's own ({@code sip:HOST:PORT}, no {@code -auth_uri}). No message trace (a load's would be
     * hundreds of megabytes): the errors log and the screen, with SIPp's final statistics, remain.
     */
    public Instance load(String name, String scenario, Line line, String dialed, int server, int rate, int calls,
                         Duration lifetime) {
        return start(name, scenario, Transport.UDP, List.of("127.0.0.1:" + server,
                "-p", Integer.toString(Transport.UDP.freePort()), "-s", dialed, "-key", "line", line.dn(),
                "-au", line.user(), "-ap", line.password(), "-r", Integer.toString(rate)), calls, lifetime, false);
    }

    /**
     * A phone answering up to {@code calls} calls to {@code line} on UDP {@code port} for {@code lifetime}, with
     * a server-mode scenario and no message trace: the callee of a {@link #load}.
     */
    public Instance answerLoad(String name, String scenario, Line line, int port, int calls, Duration lifetime) {
        return start(name, scenario, Transport.UDP, List.of("-p", Integer.toString(port), "-key", "line", line.dn()),
                calls, lifetime, false);
    }

    private Instance start(String name, String scenario, Transport transport, List<String> arguments) {
        return start(name, scenario, transport, arguments, 1);
    }

    private Instance start(String name, String scenario, Transport transport, List<String> arguments, int calls) {
        return start(name, scenario, transport, arguments, calls, LIFETIME, true);
    }

    private Instance start(String name, String scenario, Transport transport, List<String> arguments, int calls,
                           Duration lifetime, boolean traceMessages) {
        Path scenarioFile = scenarios.resolve(scenario);
        if (!Files.isRegularFile(scenarioFile)) {
            throw new IllegalArgumentException("no SIPp scenario " + scenarioFile);
        }
        List<String> command = new ArrayList<>(List.of("sipp", "-sf", scenarioFile.toString()));
        command.addAll(arguments);
        // [contact_transport]: the Contact's transport parameter, upper case as many phones write it (the
        // registrar must not care); a key of our own so the tests control it.
        command.addAll(List.of("-t", transport.mode, "-key", "contact_transport", transport.name(),"-i", "127.0.0.1", "-mi", "127.0.0.1", "-mp", Integer.toString(LoopbackPorts.freeUdp()),
                "-m", Integer.toString(calls), "-nostdin",
                "-timeout", lifetime.toSeconds() + "s", "-timeout_error",
                "-trace_err", "-error_file", logs.resolve(name + ".errors.log").toString()));
        if (traceMessages) {
            command.addAll(List.of("-trace_msg", "-message_file", logs.resolve(name + ".messages.log").toString()));
        } else {
            command.addAll(List.of("-max_log_size", "20000000"));
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(logs.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(logs.resolve(name + ".out").toFile());
        try {
            return new Instance(name, String.join(" ", command), builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
    }

    /** One running SIPp. */
    public final class Instance implements AutoCloseable {
        private final String name;
        private final String command;
        private final Process process;

        private Instance(String name, String command, Process process) {
            this.name = name;
            this.command = command;
            this.process = process;
        }

        /**
         * Waits for the scenario to end.
         *
         * @return SIPp's exit code: 0 when the call succeeded, 1 when it failed, 255 on a timeout; -1 when it
         *         was still running after {@code timeout} (it is then killed)
         */
        public int await(Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                close();
                return -1;
            }
            return process.exitValue();
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        /** The SIP messages it received so far. */
        public SippTrace trace() {
            return SippTrace.read(logs.resolve(name + ".messages.log"));
        }

        /** The command line, its error log and the end of its screen, for an assertion message. */
        public String describe() {
            return name + ": " + command + "\n  errors: " + tail(logs.resolve(name + ".errors.log"), 15)
                    + "\n  screen: " + tail(logs.resolve(name + ".out"), 6)
                    + "\n  messages: " + logs.resolve(name + ".messages.log");
        }

        @Override
        public void close() {
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String tail(Path file, int lines) {
        if (!Files.exists(file)) {
            return "(none)";
        }
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
            List<String> kept = all.subList(Math.max(0, all.size() - lines), all.size());
            return kept.isEmpty() ? "(empty)" : "\n    " + String.join("\n    ", kept);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
