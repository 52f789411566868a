package org.openipma.routing;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The IPMA proxy-line routing decision for a call that reached the route point for a manager's line: a pure
 * function of the caller, the manager line dialed, the manager's settings and which assistants are
 * available. The rules, in order (REFERENCE §3):
 * <ol>
 * <li>No assistant of this manager is available: the call goes to the manager.</li>
 * <li>The caller is one of the manager's assistants' proxy lines, or the manager's own assistant on the
 * intercom: no filtering, straight to the manager.</li>
 * <li>Filter off: to the manager. Inclusive: callers on the inclusive list go to the manager, all others to
 * the assistant. Exclusive: callers on the exclusive list go to the assistant, all others to the manager.
 * (Default: on, inclusive, empty list, so every call goes to the assistant.)</li>
 * <li>Divert All applies to the calls filtering sent to the manager: they go to the divert target (default:
 * the active assistant's proxy line).</li>
 * <li>DND never reroutes: the manager's phone is alerted silently.</li>
 * </ol>
 * The <em>active assistant</em> is, of the assistants that are usable (available, not excluded, and with a
 * proxy line for the dialed manager line), the first of: the one the manager selected with "next assistant"
 * ({@link ManagerSettings#selectedAssistant()}); the default set at run time
 * ({@link ManagerSettings#defaultAssistant()}); the one the configuration marks {@code default: true}; the
 * first in configuration order. So the default becomes active again as soon as it is back, unless the manager
 * chose another. A name in the settings that is no longer an assistant of the manager is skipped.
 */
public final class RoutingDecision {
    private RoutingDecision() {
    }

    /** Where the call goes. */
    public enum Outcome {
        /** The manager's own line (reached through the route point's CSS). */
        MANAGER,
        /** The active assistant's proxy line for the dialed manager line. */
        ASSISTANT,
        /** The divert target (Divert All). */
        DIVERT
    }

    /**
     * The decision.
     *
     * @param destination the number to dial through the route point's CSS
     * @param assistant the assistant whose proxy line rings (or is the divert target), or null
     * @param reason why, in words, for logs and the analyzer
     * @param silentAlert the manager has DND on: alert without ringing
     */
    public record Decision(Outcome outcome, String destination, String assistant, String reason, boolean silentAlert) {
    }

    /**
     * A call to decide.
     *
     * @param callingNumber the caller's number (the DN it called from)
     * @param viaIntercom the caller used an intercom line
     * @param managerLine the manager line dialed, e.g. {@code 1001}
     */
    public record Call(String callingNumber, boolean viaIntercom, String managerLine) {
    }

    /**
     * Decides where a call to the manager's line goes.
     *
     * @param available whether an assistant (by user) is available (logged in / registered)
     * @param excluded assistants already tried for this call (ring no answer: "next assistant"); may be empty
     */
    public static Decision decide(Call call, IpmaConfig.Manager manager, ManagerSettings settings,
                                  Predicate<String> available, Collection<String> excluded) {
        String managerLine = call.managerLine();
        IpmaConfig.Assistant active = activeAssistant(manager, settings, managerLine, available, excluded);
        if (active == null) {
            return toManager(managerLine, settings, "no assistant of " + manager.user() + " is available");
        }
        for (IpmaConfig.Assistant assistant : manager.assistants()) {
            if (assistant.proxyLines().containsValue(call.callingNumber())) {
                return toManager(managerLine, settings, "the caller is " + assistant.user() + "'s proxy line");
            }
            if (call.viaIntercom() && call.callingNumber().equals(assistant.intercom())) {
                return toManager(managerLine, settings, "the caller is " + assistant.user() + " on the intercom");
            }
        }
        String proxyLine = active.proxyLines().get(managerLine);
        boolean toManager;
        String why;
        if (!settings.filterEnabled()) {
            toManager = true;
            why = "the filter is off";
        } else if (settings.filterMode() == IpmaConfig.FilterMode.INCLUSIVE) {
            toManager = CallerFilter.anyMatches(settings.inclusive(), call.callingNumber());
            why = toManager ? "inclusive filter: the caller is on the list" : "inclusive filter: the caller is not on the list";
        } else {
            toManager = !CallerFilter.anyMatches(settings.exclusive(), call.callingNumber());
            why = toManager ? "exclusive filter: the caller is not on the list" : "exclusive filter: the caller is on the list";
        }
        if (!toManager) {
            return new Decision(Outcome.ASSISTANT, proxyLine, active.user(), why + "; to " + active.user() + "'s proxy line",
                    false);
        }
        if (settings.divertAll()) {
            String target = settings.divertTarget() != null ? settings.divertTarget() : proxyLine;
            return new Decision(Outcome.DIVERT, target, settings.divertTarget() != null ? null : active.user(),
                    why + "; Divert All is on", false);
        }
        return toManager(managerLine, settings, why);
    }

    /** As {@link #decide(Call, IpmaConfig.Manager, ManagerSettings, Predicate, Collection)} with nothing excluded. */
    public static Decision decide(Call call, IpmaConfig.Manager manager, ManagerSettings settings,
                                  Predicate<String> available) {
        return decide(call, manager, settings, available, Set.of());
    }

    /**
     * The active assistant for {@code managerLine} by the configuration alone (no run-time selection or
     * default): as {@link #activeAssistant(IpmaConfig.Manager, ManagerSettings, String, Predicate, Collection)}
     * with the settings the manager starts with. Null if none is usable.
     */
    public static IpmaConfig.Assistant activeAssistant(IpmaConfig.Manager manager, String managerLine,
                                                       Predicate<String> available, Collection<String> excluded) {
        return activeAssistant(manager, ManagerSettings.of(manager), managerLine, available, excluded);
    }

    /**
     * The active assistant for {@code managerLine}, in the order of the class comment; only assistants with a
     * proxy line for that manager line, available and not excluded count. Null if none.
     */
    public static IpmaConfig.Assistant activeAssistant(IpmaConfig.Manager manager, ManagerSettings settings,
                                                       String managerLine, Predicate<String> available,
                                                       Collection<String> excluded) {
        return pick(manager, settings, assistant -> assistant.proxyLines().containsKey(managerLine)
                && !excluded.contains(assistant.user()) && available.test(assistant.user()));
    }

    /**
     * The manager's active assistant whichever line is called (feature codes and the console show this one):
     * the order of the class comment over the available assistants. Null if none is available.
     */
    public static IpmaConfig.Assistant activeAssistant(IpmaConfig.Manager manager, ManagerSettings settings,
                                                       Predicate<String> available) {
        return pick(manager, settings, assistant -> available.test(assistant.user()));
    }

    private static IpmaConfig.Assistant pick(IpmaConfig.Manager manager, ManagerSettings settings,
                                             Predicate<IpmaConfig.Assistant> usable) {
        for (String chosen : new String[] {settings.selectedAssistant(), settings.defaultAssistant()}) {
            IpmaConfig.Assistant assistant = named(manager, chosen);
            if (assistant != null && usable.test(assistant)) {
                return assistant;
            }
        }
        List<IpmaConfig.Assistant> assistants = manager.assistants();
        for (IpmaConfig.Assistant assistant : assistants) {
            if (assistant.isDefault() && usable.test(assistant)) {
                return assistant;
            }
        }
        for (IpmaConfig.Assistant assistant : assistants) {
            if (usable.test(assistant)) {
                return assistant;
            }
        }
        return null;
    }

    /** The manager's assistant whose user is {@code user}; null for null or a user who is not one. */
    private static IpmaConfig.Assistant named(IpmaConfig.Manager manager, String user) {
        if (user == null) {
            return null;
        }
        for (IpmaConfig.Assistant assistant : manager.assistants()) {
            if (assistant.user().equals(user)) {
                return assistant;
            }
        }
        return null;
    }

    private static Decision toManager(String managerLine, ManagerSettings settings, String why) {
        return new Decision(Outcome.MANAGER, managerLine, null, why + "; to the manager", settings.dnd());
    }
}
