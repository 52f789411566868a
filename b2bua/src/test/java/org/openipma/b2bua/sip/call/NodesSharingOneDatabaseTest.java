package org.openipma.b2bua.sip.call;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.openipma.b2bua.sip.call.CallFixture.rang;
import static org.openipma.b2bua.sipp.Line.MANAGER;
import static org.openipma.b2bua.sipp.Line.PROXY_LINE;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openipma.b2bua.TestConfigs;
import org.openipma.b2bua.sip.testing.AnsweringPhone;
import org.openipma.state.PostgresServer;
import org.openipma.state.StateDatabase;
import org.openipma.state.StorageConfig;

/**
 * Two servers (nodes A and B, each on its own port, each with its own {@link StateDatabase} opened on the same
 * database) route with each other's changes: a feature code dialled through one node decides the next call
 * through the other. Registrations stay per node, so the phones that ring register at node B.
 */
@Timeout(90)
class NodesSharingOneDatabaseTest {
    private PostgresServer postgres;
    private CallFixture nodeA;
    private CallFixture nodeB;

    @AfterEach
    void stop() throws Exception {
        for (CallFixture node : new CallFixture[] {nodeA, nodeB}) {
            if (node != null) {
                node.close();
            }
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void nodesOnOnePostgresqlDatabaseRouteWithTheChangesDialledThroughEachOther() throws Exception {
        postgres = PostgresServer.start();
        StorageConfig database = postgres.newDatabase();
        startNodes(database);

        filterChangesDialledThroughOneNodeRouteCallsThroughTheOther();
    }

    /** SQLite is one node only (state/README.md); two servers in one JVM over one file still see each other. */
    @Test
    void twoServersOnOneSqliteFileRouteWithTheChangesDialledThroughEachOther(@TempDir Path dataDir)
            throws Exception {
        startNodes(StorageConfig.embedded(dataDir));

        filterChangesDialledThroughOneNodeRouteCallsThroughTheOther();
    }

    private void startNodes(StorageConfig database) {
        nodeA = CallFixture.start(TestConfigs.LAB, StateDatabase.open(database));
        nodeB = CallFixture.start(TestConfigs.LAB, StateDatabase.open(database));
    }

    private void filterChangesDialledThroughOneNodeRouteCallsThroughTheOther() throws InterruptedException {
        AnsweringPhone proxyLine = nodeB.answering(PROXY_LINE);
        AnsweringPhone manager = nodeB.answering(MANAGER);

        nodeA.dialCode(MANAGER, "*76", "filter off");
        nodeB.callTheManagerAndExpect(manager);
        assertFalse(rang(proxyLine), "the proxy line rang at node B with the filter off at node A");

        nodeB.dialCode(MANAGER, "*75", "filter on");
        nodeB.callTheManagerAndExpect(proxyLine);
        assertFalse(rang(manager), "the manager rang with the filter on");
    }
}
