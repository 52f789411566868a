package org.openipma.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What a feature code does, as a pure function: given the caller, the code digit analysis landed on and the
 * current state, the change to store, or a refusal with its cause. Nothing is stored here; the B2BUA stores
 * the change and answers the call.
 *
 * <h2>Roles</h2>
 * The caller's phone user is a <em>manager</em> when {@code managers} lists that user, an <em>assistant</em>
 * when some manager lists that user among its assistants; a user may be both. A code acts only on the
 * caller's own role: manager codes change the caller's own {@link ManagerSettings}, assistant codes the
 * caller's own log-in state. So a code cannot change another manager's settings, and an assistant's log-in
 * for one manager names that manager by one of its line DNs after the code ({@code *821001}).
 *
 * <h2>Assistant selection</h2>
 * "Next assistant" picks the next <em>available</em> assistant (logged in for this manager and registered,
 * see {@link AssistantPresence#availableFor}) after the active one, in configuration order, wrapping around;
 * it becomes {@link ManagerSettings#selectedAssistant()}. "Default assistant" clears that choice, so the
 * default rule of {@link RoutingDecision} applies again.
 *
 * <p>The on/off codes are idempotent: dialling Divert All on twice leaves it on and says so twice. The filter
 * toggle is not: each dial flips the filter and says the new state.
 */
public final class FeatureCodes {
    private FeatureCodes() {
    }

    /** Why a code was refused. */
    public enum Cause {
        /** A manager code dialled by a user who is not a manager. */
        NOT_A_MANAGER,
        /** An assistant code dialled by a user who assists no manager. */
        NOT_AN_ASSISTANT,
        /** The digits after a log in/out code are not a line of any manager. */
        UNKNOWN_MANAGER_LINE,
        /** The digits after a log in/out code are a line of a manager the caller does not assist. */
        NOT_YOUR_MANAGER,
        /** "Next assistant" with no available assistant other than the active one. */
        NO_OTHER_ASSISTANT_AVAILABLE
    }

    /** The outcome of one feature code: a change to store, or a refusal. */
    public sealed interface Result permits Changed, Refused {
        /** In words, for the caller and the log: the new state ({@code Divert All on}) or the refusal's reason. */
        String text();
    }

    /** A change to store; {@link #text()} says the new state. */
    public sealed interface Changed extends Result permits SettingsChanged, PresenceChanged {
    }

    /**
     * The manager's new settings.
     *
     * @param manager the manager's user (the caller)
     * @param settings the settings to store for that manager, replacing the current ones
     * @param text e.g. {@code Divert All on}, {@code filter mode exclusive}, {@code next assistant: assistant2}
     */
    public record SettingsChanged(String manager, ManagerSettings settings, String text) implements Changed {
    }

    /**
     * An assistant's new log-in state, the same for each manager listed.
     *
     * @param assistant the assistant's user (the caller)
     * @param managers the managers (by user) whose pair with the assistant changes, in configuration order
     * @param loggedIn the state to store for each pair
     * @param text e.g. {@code assistant logged out for manager}
     */
    public record PresenceChanged(String assistant, List<String> managers, boolean loggedIn, String text)
            implements Changed {
        public PresenceChanged {
            managers = List.copyOf(managers);
        }
    }

    /**
     * The code was refused; nothing changes.
     *
     * @param text the reason, e.g. {@code phone3 is not a manager}
     */
    public record Refused(Cause cause, String text) implements Result {
    }

    /**
     * Applies {@code code}, dialled as {@code dialled}, for {@code caller}.
     *
     * @param cluster the configuration the call was routed with
     * @param caller the calling line; its phone's user is the one acting
     * @param code the feature code digit analysis landed on
     * @param dialled the digits dialled; for a log in/out code followed by a manager line, they carry the DN
     * @param currentSettings manager user → its current settings (the stored ones, or
     *     {@link ManagerSettings#of} when none are stored)
     * @param presence the assistants' current log-in state
     * @param registered whether an assistant (by user) has a live registration of one of its proxy lines
     */
    public static Result apply(Cluster cluster, LineAppearance caller, FeatureCode code, String dialled,
                               Function<String, ManagerSettings> currentSettings, AssistantPresence presence,
                               Predicate<String> registered) {
        if (code.action().actsOnACall()) {
            throw new IllegalArgumentException(code.action() + " acts on a live call: the B2BUA applies it");
        }
        String user = caller.phone().user();
        if (code.action().role() == FeatureCode.Role.MANAGER) {
            Optional<IpmaConfig.Manager> manager = cluster.config().managers().stream()
                    .filter(candidate -> candidate.user().equals(user)).findFirst();
            if (manager.isEmpty()) {
                return new Refused(Cause.NOT_A_MANAGER, user + " is not a manager");
            }
            return forManager(manager.get(), code.action(), currentSettings.apply(user),
                    presence.availableFor(manager.get(), registered));
        }
        return forAssistant(cluster, user, code, dialled);
    }

    private static Result forManager(IpmaConfig.Manager manager, FeatureCode.Action action, ManagerSettings settings,
                                     Predicate<String> available) {
        String user = manager.user();
        return switch (action) {
            case DIVERT_ALL_ON -> changed(user, settings.withDivertAll(true), "Divert All on");
            case DIVERT_ALL_OFF -> changed(user, settings.withDivertAll(false), "Divert All off");
            case DND_ON -> changed(user, settings.withDnd(true), "DND on");
            case DND_OFF -> changed(user, settings.withDnd(false), "DND off");
            case FILTER_ON -> changed(user, settings.withFilterEnabled(true), "filter on");
            case FILTER_OFF -> changed(user, settings.withFilterEnabled(false), "filter off");
            case FILTER_TOGGLE -> settings.filterEnabled()
                    ? changed(user, settings.withFilterEnabled(false), "filter off")
                    : changed(user, settings.withFilterEnabled(true), "filter on");
            case FILTER_INCLUSIVE -> changed(user, settings.withFilterMode(IpmaConfig.FilterMode.INCLUSIVE),
                    "filter mode inclusive");
            case FILTER_EXCLUSIVE -> changed(user, settings.withFilterMode(IpmaConfig.FilterMode.EXCLUSIVE),
                    "filter mode exclusive");
            case NEXT_ASSISTANT -> nextAssistant(manager, settings, available);
            case DEFAULT_ASSISTANT -> {
                ManagerSettings cleared = settings.withSelectedAssistant(null);
                IpmaConfig.Assistant active = RoutingDecision.activeAssistant(manager, cleared, available);
                yield changed(user, cleared, "default assistant: "
                        + (active == null ? "none available" : active.user()));
            }
            default -> throw new IllegalArgumentException(action + " is not a manager code");
        };
    }

    private static Result nextAssistant(IpmaConfig.Manager manager, ManagerSettings settings,
                                        Predicate<String> available) {
        List<IpmaConfig.Assistant> assistants = manager.assistants();
        IpmaConfig.Assistant active = RoutingDecision.activeAssistant(manager, settings, available);
        // Immutable lists refuse indexOf(null); with none active, start at the first.
        int from = active == null ? -1 : assistants.indexOf(active);
        for (int step = 1; step <= assistants.size(); step++) {
            IpmaConfig.Assistant candidate = assistants.get(Math.floorMod(from + step, assistants.size()));
            if (candidate != active && available.test(candidate.user())) {
                return changed(manager.user(), settings.withSelectedAssistant(candidate.user()),
                        "next assistant: " + candidate.user());
            }
        }
        return new Refused(Cause.NO_OTHER_ASSISTANT_AVAILABLE, "no other assistant of " + manager.user()
                + " is available" + (active == null ? "" : " (active: " + active.user() + ")"));
    }

    private static Result forAssistant(Cluster cluster, String user, FeatureCode code, String dialled) {
        List<IpmaConfig.Manager> assisted = new ArrayList<>();
        for (IpmaConfig.Manager manager : cluster.config().managers()) {
            if (manager.assistants().stream().anyMatch(assistant -> assistant.user().equals(user))) {
                assisted.add(manager);
            }
        }
        if (assisted.isEmpty()) {
            return new Refused(Cause.NOT_AN_ASSISTANT, user + " is not an assistant");
        }
        FeatureCode.Action action = code.action();
        boolean logIn = action == FeatureCode.Action.LOG_IN || action == FeatureCode.Action.LOG_IN_FOR_MANAGER;
        List<IpmaConfig.Manager> managers = assisted;
        if (action.takesManagerLine()) {
            String dn = code.managerLine(dialled);
            Optional<IpmaConfig.Manager> owner = cluster.managerOfLine(dn);
            if (owner.isEmpty()) {
                return new Refused(Cause.UNKNOWN_MANAGER_LINE, dn + " is not a manager's line");
            }
            if (!assisted.contains(owner.get())) {
                return new Refused(Cause.NOT_YOUR_MANAGER, user + " is not an assistant of " + owner.get().user()
                        + " (line " + dn + ")");
            }
            managers = List.of(owner.get());
        }
        List<String> names = managers.stream().map(IpmaConfig.Manager::user).toList();
        return new PresenceChanged(user, names, logIn,
                user + (logIn ? " logged in for " : " logged out for ") + String.join(", ", names));
    }

    private static SettingsChanged changed(String manager, ManagerSettings settings, String text) {
        return new SettingsChanged(manager, settings, text);
    }
}
