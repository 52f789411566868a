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
 * The <em>active assistant</em> is the default assistant when available, otherwise the first available one
 * in configuration order; the proxy line is the one that assistant has for the dialed manager line (an
 * assistant without one for that line is skipped).
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
        IpmaConfig.Assistant active = activeAssistant(manager, managerLine, available, excluded);
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
     * The active assistant for {@code managerLine}: the default one when available, else the first available
     * in configuration order; only assistants with a proxy line for that manager line count. Null if none.
     */
    public static IpmaConfig.Assistant activeAssistant(IpmaConfig.Manager manager, String managerLine,
                                                       Predicate<String> available, Collection<String> excluded) {
        List<IpmaConfig.Assistant> assistants = manager.assistants();
        for (IpmaConfig.Assistant assistant : assistants) {
            if (assistant.isDefault() && usable(assistant, managerLine, available, excluded)) {
                return assistant;
            }
        }
        for (IpmaConfig.Assistant assistant : assistants) {
            if (usable(assistant, managerLine, available, excluded)) {
                return assistant;
            }
        }
        return null;
    }

    private static boolean usable(IpmaConfig.Assistant assistant, String managerLine, Predicate<String> available,
                                  Collection<String> excluded) {
        return assistant.proxyLines().containsKey(managerLine) && !excluded.contains(assistant.user())
                && available.test(assistant.user());
    }

    private static Decision toManager(String managerLine, ManagerSettings settings, String why) {
        return new Decision(Outcome.MANAGER, managerLine, null, why + "; to the manager", settings.dnd());
    }
}
