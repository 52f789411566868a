package org.openipma.b2bua.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openipma.routing.CallerFilter;
import org.openipma.routing.IpmaConfig;
import org.openipma.routing.ManagerSettings;

/**
 * A manager's settings as JSON, both ways. Reading a {@code PUT} body validates every field it has, with an
 * error naming the field, the value and the rule: {@code filterMode} inclusive or exclusive; list entries in the
 * filter syntax of the configuration ({@link CallerFilter#checkEntry}: digits, {@code X}, {@code *} at the start
 * or end — what the filter can match, so a list the API accepts is one the configuration file would); a divert
 * target a dialable number; assistants of this manager. Fields not in the body keep their value.
 */
final class SettingsJson {
    static final List<String> FIELDS = List.of("filterEnabled", "filterMode", "inclusive", "exclusive", "divertAll",
            "divertTarget", "dnd", "defaultAssistant", "selectedAssistant");
    private static final String DIALABLE = "[0-9*#]{1,24}|\\+[0-9]{1,23}";

    private SettingsJson() {
    }

    static Map<String, Object> of(ManagerSettings settings) {
        return Json.object("filterEnabled", settings.filterEnabled(),
                "filterMode", settings.filterMode().name().toLowerCase(Locale.ROOT),
                "inclusive", settings.inclusive(), "exclusive", settings.exclusive(),
                "divertAll", settings.divertAll(), "divertTarget", settings.divertTarget(), "dnd", settings.dnd(),
                "defaultAssistant", settings.defaultAssistant(), "selectedAssistant", settings.selectedAssistant());
    }

    /** {@code current} with the fields of {@code body} applied; 400 naming the first bad field. */
    static ManagerSettings apply(ManagerSettings current, JsonNode body, IpmaConfig.Manager manager) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw ApiException.badInput(name, body.get(name).toString(), "is not a setting (settings: "
                        + String.join(", ", FIELDS) + ")");
            }
        }
        boolean filterEnabled = body.has("filterEnabled") ? Json.bool(body, "filterEnabled") : current.filterEnabled();
        IpmaConfig.FilterMode mode = body.has("filterMode") ? mode(body) : current.filterMode();
        List<String> inclusive = body.has("inclusive") ? list(body, "inclusive") : current.inclusive();
        List<String> exclusive = body.has("exclusive") ? list(body, "exclusive") : current.exclusive();
        boolean divertAll = body.has("divertAll") ? Json.bool(body, "divertAll") : current.divertAll();
        String divertTarget = current.divertTarget();
        if (body.has("divertTarget")) {
            divertTarget = Json.text(body, "divertTarget", false);
            if (divertTarget != null && !divertTarget.matches(DIALABLE)) {
                throw ApiException.badInput("divertTarget", divertTarget,
                        "is not a dialable number (1-24 of 0-9 * #, or + and digits) or null");
            }
        }
        boolean dnd = body.has("dnd") ? Json.bool(body, "dnd") : current.dnd();
        String defaultAssistant = body.has("defaultAssistant") ? assistant(body, "defaultAssistant", manager)
                : current.defaultAssistant();
        String selectedAssistant = body.has("selectedAssistant") ? assistant(body, "selectedAssistant", manager)
                : current.selectedAssistant();
        return new ManagerSettings(filterEnabled, mode, inclusive, exclusive, divertAll, divertTarget, dnd,
                defaultAssistant, selectedAssistant);
    }

    private static IpmaConfig.FilterMode mode(JsonNode body) {
        String text = Json.text(body, "filterMode", true);
        return switch (text) {
            case "inclusive" -> IpmaConfig.FilterMode.INCLUSIVE;
            case "exclusive" -> IpmaConfig.FilterMode.EXCLUSIVE;
            default -> throw ApiException.badInput("filterMode", text, "is not inclusive or exclusive");
        };
    }

    private static List<String> list(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || !node.isArray()) {
            throw ApiException.badInput(field, node == null ? null : node.toString(), "is not a list of numbers");
        }
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            String name = field + "[" + i + "]";
            if (!item.isTextual()) {
                throw ApiException.badInput(name, item.toString(), "is not a string");
            }
            String error = CallerFilter.checkEntry(item.asText());
            if (error != null) {
                throw ApiException.badInput(name, item.asText(), error);
            }
            entries.add(item.asText());
        }
        return entries;
    }

    private static String assistant(JsonNode body, String field, IpmaConfig.Manager manager) {
        String user = Json.text(body, field, false);
        if (user != null && manager.assistants().stream().noneMatch(a -> a.user().equals(user))) {
            throw ApiException.badInput(field, user, "is not an assistant of " + manager.user() + " (assistants: "
                    + String.join(", ", manager.assistants().stream().map(IpmaConfig.Assistant::user).toList()) + ")");
        }
        return user;
    }
}
