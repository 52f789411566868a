package org.openipma.b2bua.softphone;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openipma.b2bua.ExternalTools;
import org.openipma.b2bua.sipp.LoopbackPorts;

/**
 * One baresip 1.0 softphone (Debian package baresip-core) registering one line at the B2BUA, with its own
 * configuration directory ({@code baresip -f DIR}) and no sound card: {@code aubridge} is both the audio
 * source and player. Commands go to its {@code stdio} console as {@code /command} lines; what it prints goes
 * to {@code DIR/baresip.out}, which the test reads.
 *
 * <p>baresip binds its {@code sip_listen} port on UDP and TCP, and the next port for TLS: the caller passes
 * a port whose successor is free too (see {@link #freeListenPort()}).
 */
final class Baresip implements AutoCloseable {
    private final String name;
    private final Path dir;
    private final Process process;
    private final OutputStream console;

    private Baresip(String name, Path dir, Process process) {
        this.name = name;
        this.dir = dir;
        this.process = process;
        this.console = process.getOutputStream();
    }

    /** Whether a {@code baresip} executable is on the PATH. */
    static boolean isInstalled() {
        return ExternalTools.isOnPath("baresip");
    }

    /**
     * Starts a softphone for line {@code dn} registering at {@code 127.0.0.1:serverPort} as {@code user}.
     *
     * @param autoAnswer whether it answers incoming calls at once ({@code answermode=auto})
     */
    static Baresip start(Path dir, String dn, String user, String password, int serverPort, int listenPort,
                         boolean autoAnswer) throws IOException {
        return start(dir, dn, user, password, serverPort, "udp", null, listenPort, autoAnswer);
    }

    /**
     * As {@link #start(Path, String, String, String, int, int, boolean)}, registering over {@code transport}
     * ({@code udp}, {@code tcp} or {@code tls}), trusting the PEM certificates of {@code caFile} for TLS (null:
     * baresip's default).
     */
    static Baresip start(Path dir, String dn, String user, String password, int serverPort, String transport,
                         Path caFile, int listenPort, boolean autoAnswer) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config"), String.join("\n",
                "poll_method\t\tepoll",
                "sip_listen\t\t127.0.0.1:" + listenPort,
                // The interface's address, so that Contact and SDP say 127.0.0.1 and not a LAN address.
                "net_interface\t\t127.0.0.1",
                "call_local_timeout\t30",
                "audio_player\t\taubridge,nil",
                "audio_source\t\taubridge,nil",
                "audio_alert\t\taubridge,nil",
                "module_path\t\t/usr/lib/baresip/modules",
                "module\t\t\tstdio.so",
                "module\t\t\tg711.so",
                "module\t\t\taubridge.so",
                "module_app\t\taccount.so",
                "module_app\t\tmenu.so",
                caFile == null ? "" : "sip_cafile\t\t" + caFile,
                ""), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("accounts"), "<sip:" + dn + "@127.0.0.1:" + serverPort + ";transport=" + transport
                + ">"
                + ";auth_user=" + user + ";auth_pass=" + password + ";regint=600"
                + ";answermode=" + (autoAnswer ? "auto" : "manual") + "\n", StandardCharsets.UTF_8);
        Path out = dir.resolve("baresip.out");
        Files.deleteIfExists(out);
        // -s: baresip prints every SIP message it sends and receives, the evidence when a test fails.
        Process process = new ProcessBuilder("baresip", "-s", "-f", dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        return new Baresip(dn, dir, process);
    }

    /** A port free on UDP and TCP whose successor is free on TCP (baresip's TLS listener). */
    static int freeListenPort() {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port = LoopbackPorts.freeUdpAndTcp();
            try (ServerSocket tls = new ServerSocket()) {
                tls.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port + 1));
                return port;
            } catch (IOException nextPortTaken) {
                // draw another
            }
        }
        throw new IllegalStateException("no pair of free ports on 127.0.0.1 after 20 attempts");
    }

    /** Types {@code /command} on its console. */
    void command(String command) throws IOException {
        console.write(("/" + command + "\n").getBytes(StandardCharsets.UTF_8));
        console.flush();
    }

    /** Everything it printed so far (its status lines rewrite themselves with a carriage return). */
    String output() {
        try {
            Path out = dir.resolve("baresip.out");
            return Files.exists(out) ? Files.readString(out, StandardCharsets.ISO_8859_1).replace('\r', '\n') : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until it has printed {@code text}; false if it has not within {@code timeout} or it exited. */
    boolean awaitOutput(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!output().contains(text)) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                return output().contains(text);
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** Its name, its output directory and the last lines it printed, for an assertion message. */
    String describe() {
        String[] lines = output().lines().filter(line -> !line.isBlank() && !line.startsWith("//")
                && !line.startsWith("[0:")).toArray(String[]::new);
        int from = Math.max(0, lines.length - 25);
        return name + " (" + dir + "):\n    " + String.join("\n    ", Arrays.copyOfRange(lines, from, lines.length));
    }

    /** Quits through its console, and kills it if it has not exited 3 s later. */
    @Override
    public void close() {
        try {
            command("quit");
            process.waitFor(3, TimeUnit.SECONDS);
        } catch (IOException consoleAlreadyClosed) {
            // it has exited
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            process.destroyForcibly();
        }
    }
}
