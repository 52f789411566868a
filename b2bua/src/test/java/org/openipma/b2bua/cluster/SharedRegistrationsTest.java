package org.openipma.b2bua.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openipma.b2bua.ConfigSnapshots;
import org.openipma.b2bua.IpmaServer;
import org.openipma.b2bua.TestConfigs;
import org.openipma.b2bua.sip.testing.AnsweringPhone;
import org.openipma.b2bua.sip.testing.CallingPhone;
import org.openipma.b2bua.sipp.Line;
import org.openipma.b2bua.sipp.LoopbackPorts;
import org.openipma.state.StateDatabase;
import org.openipma.state.StorageConfig;

/**
 * Registrations are shared through the state: a phone registered with one node is reached, and counts as
 * available, through another; a restarted node takes its phones' registrations back.
 */
@Timeout(60)
class SharedRegistrationsTest {
    @TempDir
    Path dataDir;
    private final List<AutoCloseable> started = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }

    private IpmaServer node(int port) {
        StateDatabase database = StateDatabase.open(StorageConfig.embedded(dataDir));
        IpmaServer server = IpmaServer.start(new ConfigSnapshots(TestConfigs.cluster(TestConfigs.LAB)), "127.0.0.1",
                port, database, null);
        started.add(server);
        return server;
    }

    private <T extends AutoCloseable> T started(T phone) {
        started.add(phone);
        return phone;
    }

    @Test
    void aProxyLineRegisteredThroughOneNodeGetsTheCallsOfAnother() throws Exception {
        int nodeA = LoopbackPorts.freeUdpAndTcp();
        int nodeB = LoopbackPorts.freeUdpAndTcp();
        node(nodeA);
        node(nodeB);
        AnsweringPhone proxyLine = started(AnsweringPhone.register(Line.PROXY_LINE, nodeA));
        Thread.sleep(500); // the mirror writes on the binding store's thread, after the 200 OK

        CallingPhone phone3 = started(CallingPhone.start(Line.PHONE3));
        CallingPhone.Attempt call = phone3.dial(CallingPhone.uri("1001", nodeB));

        assertEquals(Response.OK, call.last().getStatusCode(), call::toString);
        Request invite = proxyLine.awaitRequest(Request.INVITE);
        assertNotNull(invite, "the proxy line registered at node A did not ring for node B's call");
        assertEquals(Response.OK, phone3.hangUp(call).getStatusCode());
    }

    @Test
    void aRestartedNodeReachesItsPhonesBeforeTheyRegisterAgain() throws Exception {
        int port = LoopbackPorts.freeUdpAndTcp();
        IpmaServer first = node(port);
        AnsweringPhone assistant = started(AnsweringPhone.register(Line.ASSISTANT, port));
        Thread.sleep(500);
        first.close();

        node(port);
        CallingPhone phone3 = started(CallingPhone.start(Line.PHONE3));
        CallingPhone.Attempt call = phone3.dial(CallingPhone.uri("1002", port));

        assertEquals(Response.OK, call.last().getStatusCode(), call::toString);
        assertNotNull(assistant.awaitRequest(Request.INVITE));
        assertEquals(Response.OK, phone3.hangUp(call).getStatusCode());
    }
}
