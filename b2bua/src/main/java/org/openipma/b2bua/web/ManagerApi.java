package org.openipma.b2bua.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openipma.b2bua.control.ManagerControls;
import org.openipma.routing.AssistantPresence;
import org.openipma.routing.Cluster;
import org.openipma.routing.IpmaConfig;

/**
 * Managers, their settings and their assistants' availability: {@code GET /api/managers},
 * {@code GET|PUT /api/managers/{user}/settings}, {@code GET /api/assistants/{user}},
 * {@code PUT /api/assistants/{user}/presence}. Every change goes through {@link ManagerControls}, the code the
 * feature codes use, so it applies to the next call and reaches every listener (lamps, consoles).
 */
final class ManagerApi {
    private final WebContext context;

    ManagerApi(WebContext context) {
        this.context = context;
    }

    ApiResponse managers(ApiRequest request) {
        Cluster cluster = context.snapshots().get();
        List<Object> managers = new ArrayList<>();
        for (IpmaConfig.Manager manager : cluster.config().managers()) {
            if (request.principal().sees(manager.user())) {
                managers.add(describe(manager));
            }
        }
        return ApiResponse.ok(managers);
    }

    private Map<String, Object> describe(IpmaConfig.Manager manager) {
        AssistantPresence presence = context.controls().presence();
        List<Object> assistants = new ArrayList<>();
        for (IpmaConfig.Assistant assistant : manager.assistants()) {
            assistants.add(Json.object("user", assistant.user(), "default", assistant.isDefault(),
                    "online", presence.isLoggedIn(assistant.user(), manager.user()),
                    "proxyLines", assistant.proxyLines()));
        }
        return Json.object("user", manager.user(), "lines", manager.lines(), "intercom", manager.intercom(),
                "assistants", assistants, "settings", SettingsJson.of(context.controls().settingsOf(manager)));
    }

    ApiResponse settings(ApiRequest request) {
        IpmaConfig.Manager manager = visibleManager(request);
        return ApiResponse.ok(SettingsJson.of(context.controls().settingsOf(manager)));
    }

    ApiResponse changeSettings(ApiRequest request) {
        IpmaConfig.Manager manager = visibleManager(request);
        JsonNode body = request.json();
        // Validated inside the change, against the settings it replaces; a refusal stores nothing.
        return ApiResponse.ok(SettingsJson.of(context.controls().change(manager,
                current -> SettingsJson.apply(current, body, manager))));
    }

    /** The manager of the path, if this user may see them: 404 for an administrator asking for no one, else 403. */
    private IpmaConfig.Manager visibleManager(ApiRequest request) {
        String user = request.pathParameter(0);
        IpmaConfig.Manager manager = manager(context.snapshots().get(), user);
        if (manager == null || !request.principal().sees(user)) {
            if (request.principal().isAdmin()) {
                throw ApiException.notFound("no manager " + user);
            }
            throw ApiException.forbidden(request.principal().user() + " may not see the settings of " + user);
        }
        return manager;
    }

    ApiResponse assistant(ApiRequest request) {
        String user = request.pathParameter(0);
        List<IpmaConfig.Manager> managers = managersOf(user, request);
        return ApiResponse.ok(describeAssistant(user, managers));
    }

    ApiResponse changePresence(ApiRequest request) {
        String user = request.pathParameter(0);
        List<IpmaConfig.Manager> managers = managersOf(user, request);
        if (!request.principal().user().equals(user) && !request.principal().isAdmin()) {
            throw ApiException.forbidden(request.principal().user() + " may not change the availability of " + user);
        }
        boolean online = Json.bool(request.json(), "online");
        for (IpmaConfig.Manager manager : managers) {
            context.controls().logIn(user, manager.user(), online);
        }
        return ApiResponse.ok(describeAssistant(user, managers));
    }

    /** The managers {@code assistant} assists; 404 (administrator) or 403 when this user may not see them. */
    private List<IpmaConfig.Manager> managersOf(String assistant, ApiRequest request) {
        Principal principal = request.principal();
        List<IpmaConfig.Manager> managers = context.snapshots().get().config().managers().stream()
                .filter(m -> m.assistants().stream().anyMatch(a -> a.user().equals(assistant))).toList();
        boolean allowed = principal.isAdmin() || principal.user().equals(assistant)
                || managers.stream().anyMatch(m -> principal.sees(m.user()));
        if (managers.isEmpty() || !allowed) {
            if (principal.isAdmin()) {
                throw ApiException.notFound("no assistant " + assistant);
            }
            throw ApiException.forbidden(principal.user() + " may not see assistant " + assistant);
        }
        return managers;
    }

    /** Online: logged in for at least one of their managers (a log-out for one manager is {@code *82!}). */
    private Map<String, Object> describeAssistant(String user, List<IpmaConfig.Manager> managers) {
        AssistantPresence presence = context.controls().presence();
        boolean online = managers.stream().anyMatch(m -> presence.isLoggedIn(user, m.user()));
        return Json.object("user", user, "online", online,
                "managers", managers.stream().map(IpmaConfig.Manager::user).toList());
    }

    static IpmaConfig.Manager manager(Cluster cluster, String user) {
        return cluster.config().managers().stream().filter(m -> m.user().equals(user)).findFirst().orElse(null);
    }
}
