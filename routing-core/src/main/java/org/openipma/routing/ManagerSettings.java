package org.openipma.routing;

import java.util.List;

/**
 * A manager's current IPMA settings: filter, Divert All, divert target and DND. Starts from the
 * configuration ({@link #of(IpmaConfig.Manager)}); the manager and assistants change it at run time, each
 * change producing a new immutable value.
 *
 * @param divertTarget explicit divert target, or null for the active assistant's proxy line
 */
public record ManagerSettings(boolean filterEnabled, IpmaConfig.FilterMode filterMode, List<String> inclusive,
                              List<String> exclusive, boolean divertAll, String divertTarget, boolean dnd) {

    public ManagerSettings {
        inclusive = List.copyOf(inclusive);
        exclusive = List.copyOf(exclusive);
    }

    /** The settings a manager starts with, as configured. */
    public static ManagerSettings of(IpmaConfig.Manager manager) {
        IpmaConfig.Filter filter = manager.filter();
        return new ManagerSettings(filter.enabled(), filter.mode(), filter.inclusive(), filter.exclusive(),
                manager.divertAll(), manager.divertTarget(), manager.dnd());
    }
}
