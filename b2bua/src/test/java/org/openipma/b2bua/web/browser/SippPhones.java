package org.openipma.b2bua.web.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openipma.b2bua.sipp.Line;
import org.openipma.b2bua.sipp.LoopbackPorts;
import org.openipma.b2bua.sipp.Sipp;
import org.openipma.b2bua.sipp.Sipp.Transport;

/**
 * The SIP side of a browser test: SIPp phones that register a line and wait with a {@code uas-*} scenario,
 * and SIPp callers, all against one server on 127.0.0.1 over UDP, traces in {@code target/sipp-logs/NAME/}.
 * As in {@code SippFixturesTest}, a waiting phone is two SIPp runs (a server-mode instance, and a
 * registration whose Contact names its port). {@link #close} kills whatever still runs.
 */
final class SippPhones implements AutoCloseable {
    private static final Duration REGISTRATION = Duration.ofSeconds(10);

    private final Sipp sipp;
    private final int serverPort;
    private final List<Sipp.Instance> started = new ArrayList<>();

    /**
     * @param name the test's name: the directory of its traces
     * @param serverPort the server's SIP port
     */
    SippPhones(String name, int serverPort) {
        this.sipp = new Sipp(Sipp.scenarioDirectory(), Path.of("target", "sipp-logs", name));
        this.serverPort = serverPort;
    }

    /** Starts a phone for {@code line} running {@code scenario} (e.g. {@code uas-answer.xml}) and registers it. */
    Sipp.Instance waiting(Line line, String scenario) throws InterruptedException {
        int port = LoopbackPorts.freeUdp();
        Sipp.Instance uas = sipp.listen("uas-" + line.dn(), scenario, line, port, Transport.UDP);
        started.add(uas);
        Sipp.Instance registration = sipp.register("register-" + line.dn(), "uac-register-expect-200.xml", line,
                serverPort, port, Transport.UDP);
        started.add(registration);
        assertEquals(0, registration.await(REGISTRATION), () -> "registering " + line + " failed\n" + registration.describe());
        assertTrue(uas.isAlive(), () -> "the phone of " + line + " is not running\n" + uas.describe());
        return uas;
    }

    /** Starts a call from {@code line} to {@code dialed} with a {@code uac-*} scenario; does not wait for it. */
    Sipp.Instance call(String name, Line line, String dialed, String scenario) {
        Sipp.Instance uac = sipp.call(name, scenario, line, dialed, serverPort, Transport.UDP);
        started.add(uac);
        return uac;
    }

    @Override
    public void close() {
        for (Sipp.Instance instance : started) {
            instance.close();
        }
    }
}
