package org.openipma.b2bua.web;

import java.util.ArrayList;
import java.util.List;
import org.openipma.routing.Cluster;
import org.openipma.routing.IpmaConfig;

/**
 * Who a logged-in user is in the configuration in force: their roles and the managers they may see. Computed
 * again for every request from the current snapshot, so a reload that removes a manager or an assistant takes
 * effect at once.
 *
 * @param roles {@code manager}, {@code assistant}, {@code admin}, in that order; empty when the user has none
 * @param managers the managers (by user) whose settings and calls this user sees: their own, those they assist,
 *     or every one for an administrator
 */
record Principal(String user, List<String> roles, List<String> managers) {
    static final String MANAGER = "manager";
    static final String ASSISTANT = "assistant";
    static final String ADMIN = "admin";

    static Principal of(String user, Cluster cluster) {
        IpmaConfig config = cluster.config();
        List<String> roles = new ArrayList<>();
        List<String> managers = new ArrayList<>();
        boolean admin = config.http().administrators().stream().anyMatch(a -> a.user().equals(user));
        for (IpmaConfig.Manager manager : config.managers()) {
            boolean self = manager.user().equals(user);
            boolean assists = manager.assistants().stream().anyMatch(a -> a.user().equals(user));
            if (self && !roles.contains(MANAGER)) {
                roles.add(MANAGER);
            }
            if (assists && !roles.contains(ASSISTANT)) {
                roles.add(ASSISTANT);
            }
            if (admin || self || assists) {
                managers.add(manager.user());
            }
        }
        roles.sort(java.util.Comparator.comparing(List.of(MANAGER, ASSISTANT, ADMIN)::indexOf));
        if (admin) {
            roles.add(ADMIN);
        }
        return new Principal(user, List.copyOf(roles), List.copyOf(managers));
    }

    boolean isAdmin() {
        return roles.contains(ADMIN);
    }

    boolean sees(String manager) {
        return managers.contains(manager);
    }

    /** Refuses with 403 unless this user is an administrator. */
    void requireAdmin() {
        if (!isAdmin()) {
            throw ApiException.forbidden(user + " is not an administrator");
        }
    }
}
