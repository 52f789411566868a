package org.openipma.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The active assistant: selected, then the run-time default, then the configured default, then the first usable. */
class RoutingDecisionTest {
    private static final Predicate<String> EVERYONE = assistant -> true;

    private final Cluster cluster = FeatureCodeLab.cluster();
    /** assistant (configured default), assistant2, assistant3; all cover 1001. */
    private final IpmaConfig.Manager manager = FeatureCodeLab.manager(cluster, "manager");
    private final ManagerSettings configured = ManagerSettings.of(manager);

    private static ManagerSettings withDefault(ManagerSettings settings, String assistant) {
        return new ManagerSettings(settings.filterEnabled(), settings.filterMode(), settings.inclusive(),
                settings.exclusive(), settings.divertAll(), settings.divertTarget(), settings.dnd(), assistant,
                settings.selectedAssistant());
    }

    private String active(ManagerSettings settings, Predicate<String> available, String... excluded) {
        IpmaConfig.Assistant assistant = RoutingDecision.activeAssistant(manager, settings, "1001", available,
                Set.of(excluded));
        return assistant == null ? null : assistant.user();
    }

    private static Predicate<String> allBut(String... away) {
        return assistant -> !List.of(away).contains(assistant);
    }

    @Test
    void withNoRunTimeChoiceTheConfiguredDefaultIsActive() {
        assertEquals("assistant", active(configured, EVERYONE));
    }

    @Test
    void theSelectedAssistantComesFirst() {
        assertEquals("assistant3", active(withDefault(configured, "assistant2").withSelectedAssistant("assistant3"),
                EVERYONE));
    }

    @Test
    void anUnavailableOrExcludedSelectionFallsBackToTheRunTimeDefault() {
        ManagerSettings settings = withDefault(configured, "assistant2").withSelectedAssistant("assistant3");
        assertEquals("assistant2", active(settings, allBut("assistant3")));
        assertEquals("assistant2", active(settings, EVERYONE, "assistant3"));
    }

    @Test
    void theRunTimeDefaultBeatsTheConfiguredOne_whichComesBackWhenItIsAway() {
        ManagerSettings settings = withDefault(configured, "assistant3");
        assertEquals("assistant3", active(settings, EVERYONE));
        assertEquals("assistant", active(settings, allBut("assistant3")));
    }

    @Test
    void withEveryDefaultAwayTheFirstUsableInConfigurationOrderIsActive() {
        ManagerSettings settings = withDefault(configured, "assistant3").withSelectedAssistant("assistant3");
        assertEquals("assistant2", active(settings, allBut("assistant", "assistant3")));
        assertNull(active(settings, assistant -> false));
    }

    @Test
    void aNameThatIsNoLongerAnAssistantOfTheManagerIsSkipped() {
        assertEquals("assistant", active(withDefault(configured, "gone").withSelectedAssistant("left"), EVERYONE));
    }

    @Test
    void onlyAssistantsWithAProxyLineForTheDialedLineCount_exceptForTheManagerAsAWhole() {
        IpmaConfig.Manager boss = FeatureCodeLab.manager(cluster, "boss"); // assistant2 covers 2001, not 2002
        ManagerSettings settings = ManagerSettings.of(boss);
        assertEquals("assistant2", RoutingDecision.activeAssistant(boss, settings, "2001", EVERYONE, Set.of()).user());
        assertNull(RoutingDecision.activeAssistant(boss, settings, "2002", EVERYONE, Set.of()));
        assertEquals("assistant2", RoutingDecision.activeAssistant(boss, settings, EVERYONE).user());
    }

    @Test
    void theSignatureWithoutSettingsKeepsTheConfiguredOrder() {
        assertEquals("assistant", RoutingDecision.activeAssistant(manager, "1001", EVERYONE, Set.of()).user());
        assertEquals("assistant2", RoutingDecision.activeAssistant(manager, "1001", EVERYONE, Set.of("assistant")).user());
    }

    @Test
    void decideSendsFilteredCallsToTheSelectedAssistantsProxyLine() {
        RoutingDecision.Call call = new RoutingDecision.Call("1003", false, "1001");
        RoutingDecision.Decision decision = RoutingDecision.decide(call, manager,
                configured.withSelectedAssistant("assistant3"), EVERYONE);
        assertEquals(new RoutingDecision.Decision(RoutingDecision.Outcome.ASSISTANT, "1115", "assistant3",
                "inclusive filter: the caller is not on the list; to assistant3's proxy line", false), decision);
    }

    @Test
    void decideWithTheSelectedAssistantLoggedOutUsesTheDefault() {
        RoutingDecision.Call call = new RoutingDecision.Call("1003", false, "1001");
        Predicate<String> available = AssistantPresence.allLoggedIn().availableFor(manager, allBut("assistant3"));
        assertEquals("1112", RoutingDecision.decide(call, manager, configured.withSelectedAssistant("assistant3"),
                available).destination());
    }
}
