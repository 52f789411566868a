package org.openipma.state;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.openipma.routing.ManagerSettings;

/**
 * The settings and presence the B2BUA routes with, kept usable when the database is lost.
 *
 * <ul>
 *   <li>Embedded database (SQLite, one node): reads are served from memory, loaded at the start and reloaded
 *       whenever the database's change counter has moved ({@link SqliteChanges}: triggers count every change
 *       to settings and presence, whoever makes it, and a read asks the counter first, a few microseconds on
 *       the caller's thread). So a change made through another process on the same file, or by hand in SQL,
 *       is seen by the next call, and a routing decision costs no query and no hand-off.
 *   <li>PostgreSQL (several nodes): reads go to the database while it answers (one-row queries), so a change
 *       made on one node is seen by the others' next call; each answer is remembered.
 *   <li>When the database fails, reads return the last known values (nothing known: empty, i.e. the file's
 *       values) without asking the database again.
 *   <li>A read of one manager's settings or one log-in state (the call path's reads) waits no longer than
 *       {@code readPatience} (default 100 ms, under the routing decision's 200 ms deadline): a database that
 *       does not answer in time, as when it has just gone away and the pool waits out its connect timeout, gets
 *       the last known value too, so even the call that meets the loss routes on the last known settings
 *       rather than missing its deadline and taking Call Forward No Answer. The price: a change made on another
 *       node is missed by a call whose read came too late. {@code loadAll} waits for the database.
 *   <li>Writes are never acknowledged and lost: while the database is down they throw
 *       {@link StateUnavailableException} naming the reason, and nothing is changed.
 *   <li>The loss is logged once (WARN, one line) and the recovery once (INFO): a background probe asks the
 *       database every {@code probeInterval} (default 1 s) until it answers, so it recovers by itself.
 * </ul>
 *
 * Thread-safe.
 */
public final class LiveState implements AutoCloseable {
    /** How often a lost database is probed. */
    public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofSeconds(1);
    /**
     * How long a read waits for the database before it is answered with the last known value: half the
     * routing decision's default deadline (a one-row query takes about a millisecond on a LAN).
     */
    public static final Duration DEFAULT_READ_PATIENCE = Duration.ofMillis(100);

    private final OutageGuard guard;
    private final LiveSettings settings;
    private final LivePresence presence;
    /** The change counter reads are checked against, or null to read through to the database. */
    private final LongSupplier versions;
    /** The counter's value when the remembered values were last loaded whole; {@code Long.MIN_VALUE}: never. */
    private volatile long loadedVersion = Long.MIN_VALUE;
    private final Object reloading = new Object();

    /**
     * Over {@code database}'s stores, with {@link #DEFAULT_PROBE_INTERVAL} and {@link #DEFAULT_READ_PATIENCE}:
     * served from memory when it is the embedded database, read through when it is PostgreSQL.
     */
    public LiveState(StateDatabase database) {
        this(database.settings(), database.presence(), DEFAULT_PROBE_INTERVAL, DEFAULT_READ_PATIENCE,
                changeCounter(database.changes()));
    }

    /** Over the given stores, with {@link #DEFAULT_READ_PATIENCE}. */
    public LiveState(SettingsStore settings, PresenceStore presence, Duration probeInterval) {
        this(settings, presence, probeInterval, DEFAULT_READ_PATIENCE);
    }

    /** Over the given stores, read through; loads everything once to start with the last known values (if it can). */
    public LiveState(SettingsStore settings, PresenceStore presence, Duration probeInterval, Duration readPatience) {
        this(settings, presence, probeInterval, readPatience, null);
    }

    /**
     * Over the given stores; with {@code versions}, a change counter of the stores' database (equal answers:
     * nothing changed in between; may throw {@link StateUnavailableException}), reads are served from memory and
     * reloaded when it moves; without, they read through.
     */
    LiveState(SettingsStore settings, PresenceStore presence, Duration probeInterval, Duration readPatience,
              LongSupplier versions) {
        // A one-row query for a manager no configuration has: cheap, and it fails while the database is down.
        this.guard = new OutageGuard(probeInterval, readPatience, () -> settings.load(""));
        this.versions = versions;
        this.settings = new LiveSettings(settings, guard, this);
        this.presence = new LivePresence(presence, guard, this);
        if (versions == null) {
            this.settings.loadAll();
            this.presence.loadAll();
        } else {
            synchronized (reloading) {
                reloadIfChanged(true);
            }
        }
    }

    private static LongSupplier changeCounter(SqliteChanges changes) {
        return changes == null ? null : changes::version;
    }

    /** Whether reads are served from memory (checked against the change counter) rather than read through. */
    public boolean servedFromMemory() {
        return versions != null;
    }

    /**
     * Before a read from memory: reloads settings and presence whole when the change counter has moved since
     * they were loaded. A counter that cannot be read, or a reload that fails or outlasts the read patience,
     * leaves the last known values (and the guard reports the outage).
     */
    private void refresh() {
        long now;
        try {
            now = versions.getAsLong();
        } catch (StateUnavailableException e) {
            return;
        }
        if (now != loadedVersion) {
            synchronized (reloading) {
                reloadIfChanged(false);
            }
        }
    }

    /** Under {@code reloading}: at the start, waits for the database; afterwards, as any read, with patience. */
    private void reloadIfChanged(boolean starting) {
        long now;
        try {
            now = versions.getAsLong();
        } catch (StateUnavailableException e) {
            return;
        }
        if (now == loadedVersion) {
            return; // another thread reloaded meanwhile
        }
        Supplier<Boolean> reload = () -> {
            settings.reload();
            presence.reload();
            loadedVersion = now; // a change after 'now' moves the counter again: reloaded on the next read
            return true;
        };
        if (starting) {
            guard.readWaiting(reload, () -> false);
        } else {
            guard.read(reload, () -> false);
        }
    }

    /** The settings, with last-known reads and refused writes during an outage. */
    public SettingsStore settings() {
        return settings;
    }

    /** The presence, with last-known reads and refused writes during an outage. */
    public PresenceStore presence() {
        return presence;
    }

    /** Stops the background probe and the reads still running; the stores stay readable (last known values). */
    @Override
    public void close() {
        guard.close();
    }

    /** The reason of the current outage, or empty when the database answered last. */
    public Optional<String> outage() {
        return Optional.ofNullable(guard.outage());
    }

    /** Last known values by key: the database's answer while it answers, the remembered one while it does not. */
    private static final class LastKnown<K, V> {
        private final OutageGuard guard;
        private final Map<K, V> values = new ConcurrentHashMap<>();

        LastKnown(OutageGuard guard) {
            this.guard = guard;
        }

        Optional<V> get(K key, Supplier<Optional<V>> database) {
            return guard.read(() -> {
                Optional<V> value = database.get();
                value.ifPresentOrElse(v -> values.put(key, v), () -> values.remove(key));
                return value;
            }, () -> Optional.ofNullable(values.get(key)));
        }

        /** Waits for the database: loading everything is for the start, not for a call with a deadline. */
        Map<K, V> all(Supplier<Map<K, V>> database) {
            return guard.readWaiting(() -> {
                Map<K, V> all = database.get();
                values.keySet().retainAll(all.keySet());
                values.putAll(all);
                return all;
            }, () -> Map.copyOf(values));
        }

        /** The remembered value, without asking the database. */
        Optional<V> remembered(K key) {
            return Optional.ofNullable(values.get(key));
        }

        /** Replaces the remembered values with {@code all}, the database's whole answer. */
        void replaceAll(Map<K, V> all) {
            values.keySet().retainAll(all.keySet());
            values.putAll(all);
        }

        void put(K key, V value, Runnable write) {
            guard.write(write);
            values.put(key, value);
        }

        void remove(K key, Runnable write) {
            guard.write(write);
            values.remove(key);
        }
    }

    private static final class LiveSettings implements SettingsStore {
        private final SettingsStore store;
        private final LastKnown<String, ManagerSettings> lastKnown;
        private final LiveState state;

        LiveSettings(SettingsStore store, OutageGuard guard, LiveState state) {
            this.store = store;
            this.lastKnown = new LastKnown<>(guard);
            this.state = state;
        }

        @Override
        public Optional<ManagerSettings> load(String manager) {
            if (state.servedFromMemory()) {
                state.refresh();
                return lastKnown.remembered(manager);
            }
            return lastKnown.get(manager, () -> store.load(manager));
        }

        /** Reloads every manager's settings from the database; throws when it cannot. */
        void reload() {
            lastKnown.replaceAll(store.loadAll());
        }

        @Override
        public Map<String, ManagerSettings> loadAll() {
            return lastKnown.all(store::loadAll);
        }

        @Override
        public void save(String manager, ManagerSettings value) {
            lastKnown.put(manager, value, () -> store.save(manager, value));
        }

        @Override
        public void reset(String manager) {
            lastKnown.remove(manager, () -> store.reset(manager));
        }
    }

    private static final class LivePresence implements PresenceStore {
        private final PresenceStore store;
        private final LastKnown<Key, Boolean> lastKnown;
        private final LiveState state;

        LivePresence(PresenceStore store, OutageGuard guard, LiveState state) {
            this.store = store;
            this.lastKnown = new LastKnown<>(guard);
            this.state = state;
        }

        @Override
        public Optional<Boolean> loggedIn(String assistant, String manager) {
            if (state.servedFromMemory()) {
                state.refresh();
                return lastKnown.remembered(new Key(assistant, manager));
            }
            return lastKnown.get(new Key(assistant, manager), () -> store.loggedIn(assistant, manager));
        }

        /** Reloads every log-in state from the database; throws when it cannot. */
        void reload() {
            lastKnown.replaceAll(store.loadAll());
        }

        @Override
        public Map<Key, Boolean> loadAll() {
            return lastKnown.all(store::loadAll);
        }

        @Override
        public void setLoggedIn(String assistant, String manager, boolean loggedIn) {
            lastKnown.put(new Key(assistant, manager), loggedIn, () -> store.setLoggedIn(assistant, manager, loggedIn));
        }

        @Override
        public void reset(String assistant, String manager) {
            lastKnown.remove(new Key(assistant, manager), () -> store.reset(assistant, manager));
        }
    }
}
