package org.openipma.b2bua.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openipma.b2bua.ConfigSnapshots;
import org.openipma.b2bua.TestConfigs;
import org.openipma.b2bua.control.CallControls;
import org.openipma.b2bua.control.ManagerControls;
import org.openipma.routing.Cluster;
import org.openipma.routing.ConfigException;
import org.openipma.routing.ConfigLoader;
import org.openipma.state.LiveState;
import org.openipma.state.StateDatabase;
import org.openipma.state.StorageConfig;

/** Roles and passwords come from the configuration in force: a reload applies to the next request. */
@Timeout(30)
class WebReloadTest {
    @TempDir
    Path dir;

    private Cluster labWith(String from, String to) throws IOException {
        Path file = dir.resolve("lab-" + Math.abs((from + to).hashCode()) + ".yaml");
        Files.writeString(file, Files.readString(TestConfigs.path(TestConfigs.LAB)).replace(from, to));
        return ConfigLoader.loadCluster(file);
    }

    @Test
    void aReloadThatRemovesAnAdministratorEndsTheirSessionsAndOneThatMovesHttpIsRefused() throws IOException {
        ConfigSnapshots snapshots = new ConfigSnapshots(TestConfigs.cluster(TestConfigs.LAB));
        try (StateDatabase database = StateDatabase.open(StorageConfig.embedded(dir.resolve("data")));
             LiveState live = new LiveState(database.settings(), database.presence(), Duration.ofMinutes(1))) {
            WebContext context = new WebContext(snapshots, new ManagerControls(live.settings(), live.presence()),
                    CallControls.NONE, live, database.callRecords(), database.registrations(),
                    (dn, on) -> Optional.empty(), () -> true, null);
            try (WebServer web = WebServer.start(context, "127.0.0.1", 0)) {
                ApiClient api = new ApiClient(web.port());
                ApiClient.Login admin = api.login("admin", "lab-admin");
                assertEquals(200, api.bearerGet(admin, "/api/lint").status());

                snapshots.swap(labWith("    - { user: admin, password: lab-admin }", "    - { user: root, password: lab-root-1 }"));

                assertEquals(401, api.bearerGet(admin, "/api/lint").status());
                assertEquals(401, api.send("POST", "/api/login", Map.of("user", "admin", "password", "lab-admin"))
                        .status());
                ApiClient.Login root = api.login("root", "lab-root-1");
                assertEquals(200, api.bearerGet(root, "/api/lint").status());
            }
        }
        ConfigException moved = assertThrows(ConfigException.class,
                () -> snapshots.swap(labWith("  port: 8080", "  port: 8081")));
        assertEquals(dir.resolve("lab-" + Math.abs(("  port: 8080" + "  port: 8081").hashCode()) + ".yaml")
                + ": http.port: '8081' differs from the running '8080' (a reload cannot change it: restart the server)",
                moved.getMessage());
    }
}
