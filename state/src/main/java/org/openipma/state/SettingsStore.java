package org.openipma.state;

import java.util.Map;
import java.util.Optional;
import org.openipma.routing.ManagerSettings;

/**
 * The managers' live settings ({@link ManagerSettings}: filter, lists, Divert All, divert target, DND, assistant
 * choices), keyed by manager user. A stored value wins over the configuration file; no stored value means the
 * file's values apply ({@link ManagerSettings#of}).
 *
 * <p>Implementations are thread-safe. Every method may throw {@link StateUnavailableException} when the
 * database cannot answer; {@link LiveState} turns that into last-known reads and refused writes.
 */
public interface SettingsStore {

    /** The stored settings of {@code manager}, or empty when none are stored (the file's values apply). */
    Optional<ManagerSettings> load(String manager);

    /** Every stored manager's settings, by manager user; managers without a stored value are absent. */
    Map<String, ManagerSettings> loadAll();

    /**
     * Stores {@code settings} for {@code manager}, replacing any previous value. Returns only once the change
     * is committed (durable, visible to every node sharing the database).
     *
     * @throws IllegalArgumentException when a filter pattern is empty or holds a line break
     */
    void save(String manager, ManagerSettings settings);

    /**
     * Deletes the stored settings of {@code manager}: the configuration file's values apply again. This is how
     * an administrator resets a user. Committed on return; a manager with nothing stored is no error.
     */
    void reset(String manager);
}
