package org.openipma.state;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.openipma.routing.ManagerSettings;

/**
 * The settings and presence the B2BUA routes with, kept usable when the database is lost.
 *
 * <ul>
 *   <li>Reads go to the database while it answers (one-row queries), so a change made on one node is seen by
 *       the others' next call; each answer is remembered.
 *   <li>When the database fails, reads return the last known values (nothing known: empty, i.e. the file's
 *       values) and the database is not asked again for {@code backoff} (default 1 s), so a call waits on a
 *       dead database at most once per backoff, for at most the connect timeout.
 *   <li>Writes are never acknowledged and lost: while the database is down they throw
 *       {@link StateUnavailableException} naming the reason, and nothing is changed.
 *   <li>The loss is logged once (WARN, one line) and the recovery once (INFO); the first read or write after
 *       the backoff probes the database, so it recovers by itself.
 * </ul>
 *
 * Thread-safe.
 */
public final class LiveState {
    /** How long the database is skipped after a failure. */
    public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(1);

    private final OutageGuard guard;
    private final LiveSettings settings;
    private final LivePresence presence;

    /** Over {@code database}'s stores, with {@link #DEFAULT_BACKOFF}. */
    public LiveState(StateDatabase database) {
        this(database.settings(), database.presence(), DEFAULT_BACKOFF);
    }

    /** Over the given stores; loads everything once to start with the last known values (if it can). */
    public LiveState(SettingsStore settings, PresenceStore presence, Duration backoff) {
        this.guard = new OutageGuard(backoff);
        this.settings = new LiveSettings(settings, guard);
        this.presence = new LivePresence(presence, guard);
        this.settings.loadAll();
        this.presence.loadAll();
    }

    /** The settings, with last-known reads and refused writes during an outage. */
    public SettingsStore settings() {
        return settings;
    }

    /** The presence, with last-known reads and refused writes during an outage. */
    public PresenceStore presence() {
        return presence;
    }

    /** The reason of the current outage, or empty when the database answered last. */
    public Optional<String> outage() {
        return Optional.ofNullable(guard.outage());
    }

    private static final class LiveSettings implements SettingsStore {
        private final SettingsStore store;
        private final OutageGuard guard;
        private final Map<String, ManagerSettings> lastKnown = new ConcurrentHashMap<>();

        LiveSettings(SettingsStore store, OutageGuard guard) {
            this.store = store;
            this.guard = guard;
        }

        @Override
        public Optional<ManagerSettings> load(String manager) {
            return guard.read(() -> remember(manager, store.load(manager)),
                    () -> Optional.ofNullable(lastKnown.get(manager)));
        }

        @Override
        public Map<String, ManagerSettings> loadAll() {
            return guard.read(() -> {
                Map<String, ManagerSettings> all = store.loadAll();
                lastKnown.keySet().retainAll(all.keySet());
                lastKnown.putAll(all);
                return all;
            }, () -> Map.copyOf(lastKnown));
        }

        @Override
        public void save(String manager, ManagerSettings value) {
            guard.write(() -> store.save(manager, value));
            lastKnown.put(manager, value);
        }

        @Override
        public void reset(String manager) {
            guard.write(() -> store.reset(manager));
            lastKnown.remove(manager);
        }

        private Optional<ManagerSettings> remember(String manager, Optional<ManagerSettings> value) {
            value.ifPresentOrElse(v -> lastKnown.put(manager, v), () -> lastKnown.remove(manager));
            return value;
        }
    }

    private static final class LivePresence implements PresenceStore {
        private final PresenceStore store;
        private final OutageGuard guard;
        private final Map<Key, Boolean> lastKnown = new ConcurrentHashMap<>();

        LivePresence(PresenceStore store, OutageGuard guard) {
            this.store = store;
            this.guard = guard;
        }

        @Override
        public Optional<Boolean> loggedIn(String assistant, String manager) {
            Key key = new Key(assistant, manager);
            return guard.read(() -> {
                Optional<Boolean> value = store.loggedIn(assistant, manager);
                value.ifPresentOrElse(v -> lastKnown.put(key, v), () -> lastKnown.remove(key));
                return value;
            }, () -> Optional.ofNullable(lastKnown.get(key)));
        }

        @Override
        public Map<Key, Boolean> loadAll() {
            return guard.read(() -> {
                Map<Key, Boolean> all = store.loadAll();
                lastKnown.keySet().retainAll(all.keySet());
                lastKnown.putAll(all);
                return all;
            }, () -> new HashMap<>(lastKnown));
        }

        @Override
        public void setLoggedIn(String assistant, String manager, boolean loggedIn) {
            guard.write(() -> store.setLoggedIn(assistant, manager, loggedIn));
            lastKnown.put(new Key(assistant, manager), loggedIn);
        }

        @Override
        public void reset(String assistant, String manager) {
            guard.write(() -> store.reset(assistant, manager));
            lastKnown.remove(new Key(assistant, manager));
        }
    }
}
