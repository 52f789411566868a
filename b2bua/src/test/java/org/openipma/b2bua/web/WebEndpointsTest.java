package org.openipma.b2bua.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openipma.b2bua.TestConfigs;
import org.openipma.b2bua.sip.call.CallFixture;
import org.openipma.b2bua.sip.testing.AnsweringPhone;
import org.openipma.b2bua.sip.testing.CallingPhone;
import org.openipma.b2bua.sipp.Line;

/**
 * Every endpoint of docs/api.md but the live calls (see {@link WebCallsTest}), and every role boundary, on the
 * lab with a second manager ({@code configs/two-managers.yaml}: manager2 at 1005 with assistant2).
 */
@Timeout(60)
class WebEndpointsTest {
    private static CallFixture lab;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        lab = CallFixture.startWithHttp("two-managers.yaml", null);
        api = new ApiClient(lab.server().httpPort());
    }

    @AfterAll
    static void stop() {
        lab.close();
    }

    @Test
    void anAssistantSeesOnlyTheirManagersWithAssistantsAndSettings() {
        ApiClient.Login assistant = api.login("assistant", "lab-assistant");

        JsonNode managers = api.bearerGet(assistant, "/api/managers").json();

        assertEquals(1, managers.size(), managers::toString);
        JsonNode manager = managers.get(0);
        assertEquals("manager", manager.get("user").asText());
        assertEquals("[\"1001\"]", manager.get("lines").toString());
        assertEquals("*1001", manager.get("intercom").asText());
        assertEquals("{\"user\":\"assistant\",\"default\":true,\"online\":true,\"proxyLines\":{\"1001\":\"1112\"}}",
                manager.get("assistants").get(0).toString());
        assertEquals("inclusive", manager.get("settings").get("filterMode").asText());
    }

    @Test
    void anAdministratorSeesEveryManager() {
        ApiClient.Login admin = api.login("admin", "lab-admin");

        JsonNode managers = api.bearerGet(admin, "/api/managers").json();

        assertEquals(List.of("manager", "manager2"), List.of(managers.get(0).get("user").asText(),
                managers.get(1).get("user").asText()));
    }

    @Test
    void settingsReadAsDocumented() {
        ApiClient.Login manager = api.login("manager2", "lab-manager2");

        ApiClient.Answer settings = api.bearerGet(manager, "/api/managers/manager2/settings");

        assertEquals(200, settings.status());
        assertEquals("{\"filterEnabled\":true,\"filterMode\":\"inclusive\",\"inclusive\":[],\"exclusive\":[],"
                + "\"divertAll\":false,\"divertTarget\":null,\"dnd\":false,\"defaultAssistant\":null,"
                + "\"selectedAssistant\":null}", settings.body());
    }

    @Test
    void anAssistantReadingAnotherManagersSettingsGets403() {
        ApiClient.Login assistant = api.login("assistant", "lab-assistant");

        ApiClient.Answer read = api.bearerGet(assistant, "/api/managers/manager2/settings");
        ApiClient.Answer write = api.bearer(assistant, "PUT", "/api/managers/manager2/settings", Map.of("dnd", true));

        assertEquals(403, read.status());
        assertEquals("assistant may not see the settings of manager2", read.error());
        assertEquals(403, write.status());
    }

    @Test
    void aManagerCannotReadAnotherManagersSettingsNorTheirCallsOrRecords() {
        ApiClient.Login manager = api.login("manager", "lab-manager");

        assertEquals(403, api.bearerGet(manager, "/api/managers/manager2/settings").status());
        assertEquals(403, api.bearerGet(manager, "/api/calls?manager=manager2").status());
        assertEquals(403, api.bearerGet(manager, "/api/records?user=manager2").status());
        assertEquals(403, api.bearerGet(manager, "/api/assistants/assistant2").status());
    }

    @Test
    void anAdministratorAskingForNoSuchManagerGets404() {
        ApiClient.Login admin = api.login("admin", "lab-admin");

        assertEquals(404, api.bearerGet(admin, "/api/managers/nobody/settings").status());
        assertEquals(404, api.bearerGet(admin, "/api/assistants/nobody").status());
    }

    @Test
    void anAssistantChangesTheirManagersSettingsKeepingTheFieldsNotSent() {
        ApiClient.Login assistant = api.login("assistant2", "lab-assistant2");

        ApiClient.Answer changed = api.bearer(assistant, "PUT", "/api/managers/manager2/settings",
                Map.of("filterMode", "exclusive", "exclusive", List.of("1003", "20XX"), "divertTarget", "1003"));

        assertEquals(200, changed.status(), changed::body);
        JsonNode settings = api.bearerGet(assistant, "/api/managers/manager2/settings").json();
        assertEquals("exclusive", settings.get("filterMode").asText());
        assertEquals("[\"1003\",\"20XX\"]", settings.get("exclusive").toString());
        assertEquals("1003", settings.get("divertTarget").asText());
        assertTrue(settings.get("filterEnabled").asBoolean(), "a field not sent kept its value");
        api.bearer(assistant, "PUT", "/api/managers/manager2/settings",
                "{\"filterMode\": \"inclusive\", \"exclusive\": [], \"divertTarget\": null}");
    }

    @Test
    void badSettingsAreRefusedNamingTheFieldTheValueAndTheRule() {
        ApiClient.Login manager = api.login("manager", "lab-manager");
        String path = "/api/managers/manager/settings";

        ApiClient.Answer mode = api.bearer(manager, "PUT", path, Map.of("filterMode", "sideways"));
        ApiClient.Answer entry = api.bearer(manager, "PUT", path, Map.of("inclusive", List.of("1003", "1*3")));
        ApiClient.Answer target = api.bearer(manager, "PUT", path, Map.of("divertTarget", "abc"));
        ApiClient.Answer assistant = api.bearer(manager, "PUT", path, Map.of("selectedAssistant", "assistant2"));
        ApiClient.Answer unknown = api.bearer(manager, "PUT", path, Map.of("volume", 11));
        ApiClient.Answer notBoolean = api.bearer(manager, "PUT", path, Map.of("dnd", "yes"));
        ApiClient.Answer notJson = api.bearer(manager, "PUT", path, "{dnd: ");

        assertEquals(400, mode.status());
        assertEquals("{\"error\":\"filterMode: \\\"sideways\\\" is not inclusive or exclusive\",\"field\":\"filterMode\","
                + "\"value\":\"sideways\",\"rule\":\"is not inclusive or exclusive\"}", mode.body());
        assertEquals("inclusive[1]", entry.json().get("field").asText());
        assertEquals("inclusive[1]: \"1*3\" is not a filter entry: '*' is allowed only at the start or the end",
                entry.error());
        assertEquals("divertTarget", target.json().get("field").asText());
        assertEquals("selectedAssistant: \"assistant2\" is not an assistant of manager (assistants: assistant)",
                assistant.error());
        assertEquals("volume", unknown.json().get("field").asText());
        assertEquals("dnd", notBoolean.json().get("field").asText());
        assertEquals(400, notJson.status());
        assertEquals("inclusive", api.bearerGet(manager, path).json().get("filterMode").asText(),
                "a refused change stored nothing");
    }

    @Test
    void aSettingsChangeTakesEffectForTheNextCallAsAFeatureCodeWould() throws Exception {
        ApiClient.Login manager = api.login("manager2", "lab-manager2");
        AnsweringPhone boss = lab.answering(new Line("manager2", "lab-manager2", "1005"));
        api.bearer(manager, "PUT", "/api/managers/manager2/settings", Map.of("filterEnabled", false));
        try {
            CallingPhone phone3 = lab.calling(Line.PHONE3);
            CallingPhone.Attempt call = phone3.dial(lab.uri("1005"));

            assertEquals(200, call.last().getStatusCode(), call::toString);
            assertTrue(boss.awaitRequest(javax.sip.message.Request.INVITE) != null, "the manager's phone did not ring");
            phone3.hangUp(call);
        } finally {
            api.bearer(manager, "PUT", "/api/managers/manager2/settings", Map.of("filterEnabled", true));
        }
    }

    @Test
    void anAssistantReadsAndChangesTheirOwnAvailabilityButNotAnothers() {
        ApiClient.Login assistant = api.login("assistant2", "lab-assistant2");
        ApiClient.Login manager = api.login("manager2", "lab-manager2");

        ApiClient.Answer offline = api.bearer(assistant, "PUT", "/api/assistants/assistant2/presence",
                Map.of("online", false));
        ApiClient.Answer seenByManager = api.bearerGet(manager, "/api/assistants/assistant2");
        ApiClient.Answer byManager = api.bearer(manager, "PUT", "/api/assistants/assistant2/presence",
                Map.of("online", true));
        ApiClient.Answer other = api.bearer(assistant, "PUT", "/api/assistants/assistant/presence",
                Map.of("online", false));
        ApiClient.Answer bad = api.bearer(assistant, "PUT", "/api/assistants/assistant2/presence",
                Map.of("online", "no"));
        ApiClient.Answer online = api.bearer(assistant, "PUT", "/api/assistants/assistant2/presence",
                Map.of("online", true));

        assertEquals("{\"user\":\"assistant2\",\"online\":false,\"managers\":[\"manager2\"]}", offline.body());
        assertEquals(offline.body(), seenByManager.body());
        assertEquals(403, byManager.status());
        assertEquals(403, other.status());
        assertEquals("online", bad.json().get("field").asText());
        assertTrue(online.json().get("online").asBoolean());
    }

    @Test
    void healthSaysSipListeningAndDatabaseReachableToAnyLogin() {
        ApiClient.Login assistant = api.login("assistant", "lab-assistant");

        ApiClient.Answer health = api.bearerGet(assistant, "/api/health");

        assertEquals(200, health.status());
        assertEquals("{\"sip\":\"listening\",\"database\":\"reachable\"}", health.body());
    }

    @Test
    void administrationEndpointsAreRefusedToManagersAndAssistants() {
        for (ApiClient.Login user : List.of(api.login("manager", "lab-manager"), api.login("assistant", "lab-assistant"))) {
            for (String path : List.of("/api/registrations", "/api/analyze?from=1003&digits=1001", "/api/lint")) {
                ApiClient.Answer answer = api.bearerGet(user, path);
                assertEquals(403, answer.status(), path);
                assertEquals(user.user() + " is not an administrator", answer.error());
            }
            assertEquals(403, api.bearer(user, "POST", "/api/mwi/1001", Map.of("on", true)).status());
        }
    }

    @Test
    void analyzeAnswersWhatIpmaAnalyzeComputes() {
        ApiClient.Login admin = api.login("admin", "lab-admin");

        JsonNode analysis = api.bearerGet(admin, "/api/analyze?from=1003&digits=1001").json();
        ApiClient.Answer badLine = api.bearerGet(admin, "/api/analyze?from=9999&digits=1001");
        ApiClient.Answer badDigits = api.bearerGet(admin, "/api/analyze?from=1003&digits=10a1");

        assertTrue(analysis.get("routed").asBoolean());
        assertEquals("100X", analysis.get("winner").get("pattern").asText());
        assertEquals("RP_IPMA", analysis.get("onward").get("routePoint").asText());
        assertTrue(analysis.get("candidates").size() >= 2, analysis::toString);
        assertEquals("from: \"9999\" is not a phone line of the configuration", badLine.error());
        assertEquals("digits", badDigits.json().get("field").asText());
    }

    @Test
    void lintAnswersTheFindingsWithTheirFixes() {
        ApiClient.Login admin = api.login("admin", "lab-admin");

        ApiClient.Answer lint = api.bearerGet(admin, "/api/lint");

        assertEquals(200, lint.status());
        assertTrue(lint.json().isArray());
        for (JsonNode finding : lint.json()) {
            assertTrue(finding.has("code") && finding.has("path") && finding.has("message") && finding.has("fix"),
                    finding::toString);
        }
    }

    @Test
    void registrationsListTheLiveBindingsWithTheirNode() {
        ApiClient.Login admin = api.login("admin", "lab-admin");
        lab.answering(Line.PHONE3);

        JsonNode registrations = api.bearerGet(admin, "/api/registrations").json();

        JsonNode phone3 = null;
        for (JsonNode registration : registrations) {
            if (registration.get("line").asText().equals("1003")) {
                phone3 = registration;
            }
        }
        assertTrue(phone3 != null, registrations::toString);
        assertEquals("phone3", phone3.get("user").asText());
        assertTrue(phone3.get("contact").asText().startsWith("sip:"), phone3::toString);
        assertTrue(phone3.get("expiresInSeconds").asInt() > 0);
        assertTrue(phone3.get("node").asText().startsWith("127.0.0.1:"));
    }

    @Test
    void messageWaitingLightsALineTheMwiCssReachesAndRefusesOneItDoesNot() {
        ApiClient.Login admin = api.login("admin", "lab-admin");

        ApiClient.Answer lit = api.bearer(admin, "POST", "/api/mwi/1001", Map.of("on", true));
        ApiClient.Answer unreachable = api.bearer(admin, "POST", "/api/mwi/8000", Map.of("on", true));
        ApiClient.Answer cleared = api.bearer(admin, "POST", "/api/mwi/1001", Map.of("on", false));

        assertEquals("{\"dn\":\"1001\",\"on\":true}", lit.body());
        assertEquals(400, unreachable.status());
        assertEquals("dn", unreachable.json().get("field").asText());
        assertTrue(unreachable.error().contains("CSS_MWI"), unreachable.body());
        assertEquals(200, cleared.status());
    }

    @Test
    void recordsAreFilteredByUserAndTimeAndRestrictedToTheCallersManagers() throws Exception {
        lab.answering(Line.ASSISTANT);
        CallingPhone phone3 = lab.calling(Line.PHONE3);
        phone3.hangUp(phone3.dial(lab.uri("1002")));
        ApiClient.Login admin = api.login("admin", "lab-admin");
        ApiClient.Login assistant = api.login("assistant2", "lab-assistant2");
        JsonNode records = null;
        for (int i = 0; i < 50; i++) { // the record writer batches
            records = api.bearerGet(admin, "/api/records?user=phone3&limit=10").json();
            if (records.size() > 0) {
                break;
            }
            Thread.sleep(100);
        }

        assertTrue(records.size() > 0, "no record of phone3's call");
        assertEquals("1003", records.get(0).get("caller").asText());
        assertEquals(0, api.bearerGet(admin, "/api/records?user=phone3&until=2000-01-01T00:00:00Z").json().size());
        for (JsonNode seen : api.bearerGet(assistant, "/api/records").json()) {
            assertTrue(seen.toString().contains("1005"), () -> "assistant2 saw a call not for manager2: " + seen);
        }
        assertEquals(403, api.bearerGet(assistant, "/api/records?user=phone3").status());
        assertEquals("since", api.bearerGet(admin, "/api/records?since=yesterday").json().get("field").asText());
        assertEquals("limit", api.bearerGet(admin, "/api/records?limit=0").json().get("field").asText());
    }

    @Test
    void anUnknownEndpointIs404AndAWrongMethod405() {
        ApiClient.Login admin = api.login("admin", "lab-admin");

        assertEquals(404, api.bearerGet(admin, "/api/nothing").status());
        assertEquals(405, api.bearer(admin, "DELETE", "/api/managers", null).status());
    }
}
