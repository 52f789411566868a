package org.openipma.b2bua.sip.limits;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openipma.b2bua.IpmaServer;
import org.openipma.b2bua.TestConfigs;
import org.openipma.b2bua.sipp.LoopbackPorts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM's threads with 2,000 idle TCP connections from 127.0.0.1 open to the server, per configuration: the
 * caps out of reach (the server before TCP limits), the defaults (loopback trusted: the total cap of 1,000),
 * and loopback untrusted (32 per source). Not part of the build; run with
 * {@code mvn -B -o -pl routing-core,state,b2bua -am verify -Dtest='TcpThreadsMeasurement*'
 * -Dsurefire.failIfNoSpecifiedTests=false -Dmeasure=true}; results in docs/security.md.
 */
@EnabledIfSystemProperty(named = "measure", matches = "true")
@Timeout(120)
class TcpThreadsMeasurement {
    private static final Logger log = LoggerFactory.getLogger(TcpThreadsMeasurement.class);
    private static final int CONNECTIONS = 2000;

    @ParameterizedTest
    @ValueSource(strings = {"tcp-uncapped.yaml", "lab.yaml", "nothing-trusted.yaml"})
    void threadsWith2000IdleConnections(String config) throws Exception {
        int port = LoopbackPorts.freeUdpAndTcp();
        List<Socket> sockets = new ArrayList<>();
        try (IpmaServer server = IpmaServer.start(TestConfigs.cluster(config), "127.0.0.1", port)) {
            Thread.sleep(500);
            int before = ManagementFactory.getThreadMXBean().getThreadCount();
            int refused = 0;
            for (int i = 0; i < CONNECTIONS; i++) {
                Socket socket = new Socket();
                sockets.add(socket);
                try {
                    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
                } catch (java.io.IOException reset) {
                    refused++; // a connection over a cap may be reset before connect() returns
                }
            }
            Thread.sleep(2000);
            int after = ManagementFactory.getThreadMXBean().getThreadCount();
            long open = sockets.stream().filter(socket -> {
                if (!socket.isConnected()) {
                    return false;
                }
                try {
                    socket.setSoTimeout(1);
                    return socket.getInputStream().read() != -1;
                } catch (java.net.SocketTimeoutException stillOpen) {
                    return true;
                } catch (java.io.IOException closed) {
                    return false;
                }
            }).count();
            log.info("MEASURE {}: threads {} before, {} with {} connections attempted, {} reset at once, {} still open",
                    config, before, after, CONNECTIONS, refused, open);
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }
}
