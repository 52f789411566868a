package org.openipma.b2bua.web.browser;

import org.openipma.b2bua.IpmaServer;
import org.openipma.b2bua.TestConfigs;
import org.openipma.b2bua.sipp.LoopbackPorts;
import org.openipma.b2bua.web.HttpListen;

/**
 * The real server a browser test drives: the shipped lab configuration, SIP on a free UDP and TCP port of
 * 127.0.0.1, HTTP (API, pages, /ws) on a free TCP port of 127.0.0.1. One per test: no state is shared.
 */
final class ConsoleServer implements AutoCloseable {
    private final IpmaServer server;
    private final int sipPort;

    private ConsoleServer(IpmaServer server, int sipPort) {
        this.server = server;
        this.sipPort = sipPort;
    }

    /** Starts the server on {@code config} ({@link TestConfigs#LAB} or a file of {@code configs/}). */
    static ConsoleServer start(String config) {
        int sipPort = LoopbackPorts.freeUdpAndTcp();
        IpmaServer server = IpmaServer.start(TestConfigs.cluster(config), "127.0.0.1", sipPort,
                new HttpListen("127.0.0.1", LoopbackPorts.freeTcpOtherThan(sipPort), null));
        return new ConsoleServer(server, sipPort);
    }

    int sipPort() {
        return sipPort;
    }

    /** {@code http://127.0.0.1:PORT} plus {@code path}, e.g. {@code /index.html}. */
    String url(String path) {
        return "http://127.0.0.1:" + server.httpPort() + path;
    }

    IpmaServer server() {
        return server;
    }

    @Override
    public void close() {
        server.close();
    }
}
