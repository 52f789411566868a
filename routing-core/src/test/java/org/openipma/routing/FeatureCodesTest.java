package org.openipma.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openipma.routing.FeatureCodes.Cause;
import org.openipma.routing.FeatureCodes.PresenceChanged;
import org.openipma.routing.FeatureCodes.Refused;
import org.openipma.routing.FeatureCodes.Result;
import org.openipma.routing.FeatureCodes.SettingsChanged;
import org.openipma.routing.IpmaConfig.FilterMode;

class FeatureCodesTest {
    private final Cluster cluster = FeatureCodeLab.cluster();
    /** Stored settings by manager; absent = as configured. */
    private final Map<String, ManagerSettings> stored = new HashMap<>();
    /** Assistant/manager pairs logged out, as "assistant/manager". */
    private final Set<String> loggedOut = new java.util.HashSet<>();
    private Predicate<String> registered = assistant -> true;

    private ManagerSettings settings(String manager) {
        return stored.getOrDefault(manager, ManagerSettings.of(FeatureCodeLab.manager(cluster, manager)));
    }

    /** {@code user} dials {@code digits} from the first line of its phone; a change is stored, as the B2BUA would. */
    private Result dial(String user, String digits) {
        LineAppearance caller = FeatureCodeLab.line(cluster, user);
        FeatureCode code = (FeatureCode) cluster.route(caller, digits).target();
        Result result = FeatureCodes.apply(cluster, caller, code, digits, this::settings,
                (assistant, manager) -> !loggedOut.contains(assistant + "/" + manager), registered);
        if (result instanceof SettingsChanged changed) {
            stored.put(changed.manager(), changed.settings());
        }
        return result;
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "*71, Divert All on",
            "*72, Divert All off",
            "*73, DND on",
            "*74, DND off",
            "*75, filter on",
            "*76, filter off",
            "*77, filter mode inclusive",
            "*78, filter mode exclusive"})
    void eachManagerCodeSaysTheNewState(String digits, String text) {
        SettingsChanged changed = (SettingsChanged) dial("manager", digits);
        assertEquals("manager", changed.manager());
        assertEquals(text, changed.text());
    }

    @Test
    void managerCodesChangeOnlyTheirOwnSetting() {
        ManagerSettings before = settings("manager");
        dial("manager", "*71");
        assertEquals(before.withDivertAll(true), settings("manager"));
        dial("manager", "*73");
        dial("manager", "*76");
        dial("manager", "*78");
        assertEquals(before.withDivertAll(true).withDnd(true).withFilterEnabled(false)
                .withFilterMode(FilterMode.EXCLUSIVE), settings("manager"));
        dial("manager", "*72");
        dial("manager", "*74");
        dial("manager", "*75");
        dial("manager", "*77");
        assertEquals(before, settings("manager"));
        assertEquals(ManagerSettings.of(FeatureCodeLab.manager(cluster, "boss")), settings("boss"));
    }

    @Test
    void onAndOffCodesAreIdempotent() {
        dial("manager", "*71");
        assertEquals(new SettingsChanged("manager", settings("manager"), "Divert All on"), dial("manager", "*71"));
    }

    @Test
    void theFilterToggleFlipsTheFilterAndSaysTheNewStateEachTime() {
        boolean before = settings("manager").filterEnabled();
        SettingsChanged first = (SettingsChanged) dial("manager", "*86");
        assertEquals(before ? "filter off" : "filter on", first.text());
        assertEquals(!before, settings("manager").filterEnabled());
        SettingsChanged second = (SettingsChanged) dial("manager", "*86");
        assertEquals(before ? "filter on" : "filter off", second.text());
        assertEquals(ManagerSettings.of(FeatureCodeLab.manager(cluster, "manager")), settings("manager"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"*71", "*74", "*77", "*79", "*80", "*86"})
    void aUserWhoIsNotAManagerIsRefusedManagerCodes(String digits) {
        assertEquals(new Refused(Cause.NOT_A_MANAGER, "phone3 is not a manager"), dial("phone3", digits));
        assertEquals(new Refused(Cause.NOT_A_MANAGER, "assistant is not a manager"), dial("assistant", digits));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"*81", "*82", "*811001", "*821001"})
    void aUserWhoIsNotAnAssistantIsRefusedAssistantCodes(String digits) {
        assertEquals(new Refused(Cause.NOT_AN_ASSISTANT, "phone3 is not an assistant"), dial("phone3", digits));
        assertEquals(new Refused(Cause.NOT_AN_ASSISTANT, "manager is not an assistant"), dial("manager", digits));
    }

    @Test
    void logOutAndLogInActForEveryManagerOfTheAssistant() {
        assertEquals(new PresenceChanged("assistant2", List.of("manager", "boss"), false,
                "assistant2 logged out for manager, boss"), dial("assistant2", "*82"));
        assertEquals(new PresenceChanged("assistant2", List.of("manager", "boss"), true,
                "assistant2 logged in for manager, boss"), dial("assistant2", "*81"));
        assertEquals(new PresenceChanged("assistant", List.of("manager"), false, "assistant logged out for manager"),
                dial("assistant", "*82"));
    }

    @Test
    void theCodeFollowedByAManagerLineActsForThatManagerOnly() {
        assertEquals(new PresenceChanged("assistant2", List.of("boss"), false, "assistant2 logged out for boss"),
                dial("assistant2", "*822002"));
        assertEquals(new PresenceChanged("assistant2", List.of("manager"), true, "assistant2 logged in for manager"),
                dial("assistant2", "*811001"));
    }

    @Test
    void aManagerLineOfSomeoneTheCallerDoesNotAssistIsRefused() {
        assertEquals(new Refused(Cause.NOT_YOUR_MANAGER, "assistant is not an assistant of boss (line 2001)"),
                dial("assistant", "*822001"));
    }

    @Test
    void digitsThatAreNoManagersLineAreRefused() {
        assertEquals(new Refused(Cause.UNKNOWN_MANAGER_LINE, "1003 is not a manager's line"),
                dial("assistant", "*821003"));
        assertEquals(new Refused(Cause.UNKNOWN_MANAGER_LINE, "9 is not a manager's line"), dial("assistant", "*819"));
    }

    @Test
    void nextAssistantCyclesThroughTheAvailableOnesInConfigurationOrder() {
        assertEquals("next assistant: assistant2", dial("manager", "*79").text());
        assertEquals("assistant2", settings("manager").selectedAssistant());
        assertEquals("next assistant: assistant3", dial("manager", "*79").text());
        assertEquals("next assistant: assistant", dial("manager", "*79").text(), "wraps around");
        assertEquals("assistant", settings("manager").selectedAssistant());
    }

    @Test
    void nextAssistantSkipsAssistantsLoggedOutOrNotRegistered() {
        loggedOut.add("assistant2/manager");
        assertEquals("next assistant: assistant3", dial("manager", "*79").text());
        registered = assistant -> !assistant.equals("assistant");
        assertEquals(new Refused(Cause.NO_OTHER_ASSISTANT_AVAILABLE,
                "no other assistant of manager is available (active: assistant3)"), dial("manager", "*79"));
        assertEquals("assistant3", settings("manager").selectedAssistant(), "a refusal changes nothing");
    }

    @Test
    void nextAssistantStartsAfterTheActiveOneWhenTheSelectedOneIsGone() {
        dial("manager", "*79"); // assistant2 selected
        loggedOut.add("assistant2/manager");
        // Active is the default (assistant) again; next after it, skipping assistant2, is assistant3.
        assertEquals("next assistant: assistant3", dial("manager", "*79").text());
    }

    @Test
    void nextAssistantWithNoOtherAvailableIsRefused() {
        assertEquals(new Refused(Cause.NO_OTHER_ASSISTANT_AVAILABLE, "no other assistant of boss is available"
                + " (active: assistant2)"), dial("boss", "*79"));
        registered = assistant -> false;
        assertEquals(new Refused(Cause.NO_OTHER_ASSISTANT_AVAILABLE, "no other assistant of manager is available"),
                dial("manager", "*79"));
    }

    @Test
    void defaultAssistantClearsTheSelection() {
        dial("manager", "*79");
        assertEquals("default assistant: assistant", dial("manager", "*80").text());
        assertEquals(null, settings("manager").selectedAssistant());
        assertEquals(ManagerSettings.of(FeatureCodeLab.manager(cluster, "manager")), settings("manager"));
    }

    @Test
    void defaultAssistantSaysWhoIsActiveWhenTheDefaultIsAway() {
        loggedOut.add("assistant/manager");
        assertEquals("default assistant: assistant2", dial("manager", "*80").text());
        registered = assistant -> false;
        assertEquals("default assistant: none available", dial("manager", "*80").text());
    }

    @Test
    void logInStateIsPerManager_routingSeesItThroughAvailableFor() {
        AssistantPresence presence = (assistant, manager) -> !(assistant.equals("assistant2") && manager.equals("boss"));
        Predicate<String> registeredAll = assistant -> true;
        Predicate<String> forBoss = presence.availableFor(FeatureCodeLab.manager(cluster, "boss"), registeredAll);
        Predicate<String> forManager = presence.availableFor(FeatureCodeLab.manager(cluster, "manager"), registeredAll);
        assertEquals(false, forBoss.test("assistant2"));
        assertEquals(true, forManager.test("assistant2"));
        assertEquals(false, presence.availableFor(FeatureCodeLab.manager(cluster, "manager"), a -> false)
                .test("assistant"));
        assertEquals(true, AssistantPresence.allLoggedIn().isLoggedIn("anyone", "anybody"));
    }
}
