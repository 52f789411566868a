package org.openipma.routing;

import java.util.List;

/**
 * A manager's live IPMA settings: filter, Divert All, divert target, DND and assistant selection. Starts from
 * the configuration ({@link #of(IpmaConfig.Manager)}); the manager and assistants change it at run time (feature
 * codes, the console), each change producing a new immutable value, and the stored value wins over the file
 * from then on.
 *
 * @param divertTarget explicit divert target, or null for the active assistant's proxy line
 * @param defaultAssistant the assistant (by user) that is active whenever available; null = the one the
 *        configuration marks {@code default: true} (or, without one, the first in configuration order)
 * @param selectedAssistant the assistant the manager chose with "next assistant": active while available, ahead
 *        of the default; null = no choice (the default rule applies). "Default assistant" clears it.
 */
public record ManagerSettings(boolean filterEnabled, IpmaConfig.FilterMode filterMode, List<String> inclusive,
                              List<String> exclusive, boolean divertAll, String divertTarget, boolean dnd,
                              String defaultAssistant, String selectedAssistant) {

    public ManagerSettings {
        inclusive = List.copyOf(inclusive);
        exclusive = List.copyOf(exclusive);
    }

    /** The settings a manager starts with, as configured. */
    public static ManagerSettings of(IpmaConfig.Manager manager) {
        IpmaConfig.Filter filter = manager.filter();
        return new ManagerSettings(filter.enabled(), filter.mode(), filter.inclusive(), filter.exclusive(),
                manager.divertAll(), manager.divertTarget(), manager.dnd(), null, null);
    }

    public ManagerSettings withFilterEnabled(boolean enabled) {
        return new ManagerSettings(enabled, filterMode, inclusive, exclusive, divertAll, divertTarget, dnd,
                defaultAssistant, selectedAssistant);
    }

    public ManagerSettings withFilterMode(IpmaConfig.FilterMode mode) {
        return new ManagerSettings(filterEnabled, mode, inclusive, exclusive, divertAll, divertTarget, dnd,
                defaultAssistant, selectedAssistant);
    }

    public ManagerSettings withDivertAll(boolean on) {
        return new ManagerSettings(filterEnabled, filterMode, inclusive, exclusive, on, divertTarget, dnd,
                defaultAssistant, selectedAssistant);
    }

    public ManagerSettings withDnd(boolean on) {
        return new ManagerSettings(filterEnabled, filterMode, inclusive, exclusive, divertAll, divertTarget, on,
                defaultAssistant, selectedAssistant);
    }

    public ManagerSettings withSelectedAssistant(String assistant) {
        return new ManagerSettings(filterEnabled, filterMode, inclusive, exclusive, divertAll, divertTarget, dnd,
                defaultAssistant, assistant);
    }
}
