package org.openipma.b2bua.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openipma.b2bua.ConfigSnapshots;
import org.openipma.b2bua.TestConfigs;
import org.openipma.b2bua.control.CallControls;
import org.openipma.b2bua.control.ManagerControls;
import org.openipma.routing.ManagerSettings;
import org.openipma.state.LiveState;
import org.openipma.state.PresenceStore;
import org.openipma.state.SettingsStore;
import org.openipma.state.StateUnavailableException;

/**
 * The web server alone, over a database that does not answer and a SIP side that does not listen: health says
 * so with 503, and a settings change is refused 503 rather than lost.
 */
@Timeout(30)
class WebOutageTest {
    private static final String DOWN = "connection refused";

    private static final SettingsStore DEAD_SETTINGS = new SettingsStore() {
        public Optional<ManagerSettings> load(String manager) {
            throw new StateUnavailableException(DOWN);
        }

        public Map<String, ManagerSettings> loadAll() {
            throw new StateUnavailableException(DOWN);
        }

        public void save(String manager, ManagerSettings settings) {
            throw new StateUnavailableException(DOWN);
        }

        public void reset(String manager) {
            throw new StateUnavailableException(DOWN);
        }
    };

    private static final PresenceStore DEAD_PRESENCE = new PresenceStore() {
        public Optional<Boolean> loggedIn(String assistant, String manager) {
            throw new StateUnavailableException(DOWN);
        }

        public Map<Key, Boolean> loadAll() {
            throw new StateUnavailableException(DOWN);
        }

        public void setLoggedIn(String assistant, String manager, boolean loggedIn) {
            throw new StateUnavailableException(DOWN);
        }

        public void reset(String assistant, String manager) {
            throw new StateUnavailableException(DOWN);
        }
    };

    @Test
    void healthIs503AndAChangeIsRefused503WhenTheDatabaseIsUnreachableAndSipDoesNotListen() {
        try (LiveState live = new LiveState(DEAD_SETTINGS, DEAD_PRESENCE, Duration.ofMinutes(1))) {
            WebContext context = new WebContext(new ConfigSnapshots(TestConfigs.cluster(TestConfigs.LAB)),
                    new ManagerControls(live.settings(), live.presence()), CallControls.NONE, live, null, null,
                    (dn, on) -> Optional.empty(), () -> false, null);
            try (WebServer web = WebServer.start(context, "127.0.0.1", 0)) {
                ApiClient api = new ApiClient(web.port());
                ApiClient.Login manager = api.login("manager", "lab-manager");

                ApiClient.Answer health = api.bearerGet(manager, "/api/health");
                ApiClient.Answer change = api.bearer(manager, "PUT", "/api/managers/manager/settings",
                        Map.of("dnd", true));

                assertEquals(503, health.status());
                assertEquals("stopped", health.json().get("sip").asText());
                assertEquals("unreachable", health.json().get("database").asText());
                assertEquals(503, change.status(), change::body);
                assertEquals("the database is unreachable: nothing was changed", change.error());
                ApiClient.Login admin = api.login("admin", "lab-admin");
                assertEquals(404, api.bearerGet(admin, "/metrics").status(), "no exposition given: no metrics");
            }
        }
    }
}
