package org.openipma.state;

import java.util.Map;
import java.util.Optional;

/**
 * Whether each assistant is logged in for each of their managers (IPMA assistant log-in). The default when
 * nothing is stored is the caller's to decide (the B2BUA treats an assistant as logged in).
 *
 * <p>Implementations are thread-safe. Every method may throw {@link StateUnavailableException}.
 */
public interface PresenceStore {

    /** An assistant serving a manager. */
    record Key(String assistant, String manager) {
    }

    /** The stored log-in state of {@code assistant} for {@code manager}, or empty when none is stored. */
    Optional<Boolean> loggedIn(String assistant, String manager);

    /** Every stored log-in state. */
    Map<Key, Boolean> loadAll();

    /** Stores the log-in state; returns once committed. */
    void setLoggedIn(String assistant, String manager, boolean loggedIn);

    /** Deletes the stored state: the caller's default applies again. Committed on return. */
    void reset(String assistant, String manager);
}
