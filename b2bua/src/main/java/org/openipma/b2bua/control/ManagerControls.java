package org.openipma.b2bua.control;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.openipma.routing.AssistantPresence;
import org.openipma.routing.Cluster;
import org.openipma.routing.FeatureCode;
import org.openipma.routing.FeatureCodes;
import org.openipma.routing.IpmaConfig;
import org.openipma.routing.LineAppearance;
import org.openipma.routing.ManagerSettings;
import org.openipma.state.PresenceStore;
import org.openipma.state.SettingsStore;
import org.openipma.state.StateUnavailableException;

/**
 * The manager's and the assistant's controls over live IPMA state — Divert All, DND, filter, assistant
 * selection, assistant log-in — written once and reached every way a user can ask: a feature code from a SIP
 * phone today, the console and the API later. It reads the live state for routing too, so what a control
 * stores is what the next call is decided with.
 *
 * <p>A change is acknowledged only once the store committed it; when the store cannot, the change is refused
 * with {@link StateUnavailableException} and nothing is acknowledged. Thread-safe when the stores are.
 *
 * <p>Whoever shows a manager's settings (a busy lamp for the filter) learns of each change through
 * {@link #addSettingsListener}. Only the changes made through this instance are told: settings changed on
 * another node sharing the database are not pushed; they are read the next time someone asks
 * {@link #settingsOf}.
 */
public final class ManagerControls {
    /** Told of a manager's new settings once the store committed them. */
    @FunctionalInterface
    public interface SettingsListener {
        /**
         * {@code manager} (by user) now has {@code settings}. Called on the thread that made the change, after
         * the save and before the change is acknowledged to the user: return at once (queue the work).
         */
        void settingsChanged(String manager, ManagerSettings settings);
    }

    /** Told of an assistant's log-in change for one manager once the store committed it. */
    @FunctionalInterface
    public interface PresenceListener {
        /** Called on the thread that made the change: return at once (queue the work). */
        void presenceChanged(String assistant, String manager, boolean loggedIn);
    }

    private final SettingsStore settings;
    private final PresenceStore presence;
    private final List<SettingsListener> listeners = new CopyOnWriteArrayList<>();
    private final List<PresenceListener> presenceListeners = new CopyOnWriteArrayList<>();

    public ManagerControls(SettingsStore settings, PresenceStore presence) {
        this.settings = settings;
        this.presence = presence;
    }

    /** Adds {@code listener}, told of every settings change committed from now on, in the order added. */
    public void addSettingsListener(SettingsListener listener) {
        listeners.add(listener);
    }

    /** Adds {@code listener}, told of every log-in change committed from now on. */
    public void addPresenceListener(PresenceListener listener) {
        presenceListeners.add(listener);
    }

    /** {@code manager}'s live settings: the stored ones, else the configuration file's. */
    public ManagerSettings settingsOf(IpmaConfig.Manager manager) {
        return settings.load(manager.user()).orElseGet(() -> ManagerSettings.of(manager));
    }

    /** Who is logged in for whom: the stored state, else logged in (as the configuration starts everyone). */
    public AssistantPresence presence() {
        return (assistant, manager) -> presence.loggedIn(assistant, manager).orElse(true);
    }

    /**
     * Applies the feature code {@code code} that {@code caller} dialled as {@code dialled}, and stores the change
     * before returning it.
     *
     * @param registered whether an assistant (by user) has a registered proxy line
     * @return the change (stored) or the refusal, with its text for the caller
     * @throws StateUnavailableException when the change cannot be stored; nothing was changed
     */
    public FeatureCodes.Result dial(Cluster cluster, LineAppearance caller, FeatureCode code, String dialled,
                                    Predicate<String> registered) {
        FeatureCodes.Result result = FeatureCodes.apply(cluster, caller, code, dialled,
                user -> settingsOf(manager(cluster, user)), presence(), registered);
        if (result instanceof FeatureCodes.SettingsChanged changed) {
            commit(changed.manager(), changed.settings());
        } else if (result instanceof FeatureCodes.PresenceChanged changed) {
            for (String manager : changed.managers()) {
                logIn(changed.assistant(), manager, changed.loggedIn());
            }
        }
        return result;
    }

    /**
     * Replaces {@code manager}'s settings by {@code change} applied to the live ones, as a feature code would (the
     * console and the API come this way), and tells the listeners. Changes through this instance are applied one
     * at a time, so two concurrent edits of different fields do not lose one another.
     *
     * @return the settings now in force
     * @throws StateUnavailableException when the change cannot be stored; nothing was changed
     */
    public synchronized ManagerSettings change(IpmaConfig.Manager manager, UnaryOperator<ManagerSettings> change) {
        ManagerSettings next = change.apply(settingsOf(manager));
        commit(manager.user(), next);
        return next;
    }

    /**
     * Logs {@code assistant} in or out for {@code manager}, as {@code *81!}/{@code *82!} would, and tells the
     * listeners.
     *
     * @throws StateUnavailableException when the change cannot be stored
     */
    public void logIn(String assistant, String manager, boolean loggedIn) {
        presence.setLoggedIn(assistant, manager, loggedIn);
        for (PresenceListener listener : presenceListeners) {
            listener.presenceChanged(assistant, manager, loggedIn);
        }
    }

    private synchronized void commit(String manager, ManagerSettings next) {
        settings.save(manager, next);
        for (SettingsListener listener : listeners) {
            listener.settingsChanged(manager, next);
        }
    }

    private static IpmaConfig.Manager manager(Cluster cluster, String user) {
        return cluster.config().managers().stream().filter(manager -> manager.user().equals(user)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no manager " + user + " in " + cluster.config().source()));
    }
}
