package org.openipma.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A cursor over the YAML tree (loaded with the failsafe schema, so every scalar is the exact text
 * written) that knows its path, so every error names the file, the field path, the value and the rule.
 */
final class ConfigNode {
    private final String file;
    private final String path;
    private final Object value;

    ConfigNode(String file, String path, Object value) {
        this.file = file;
        this.path = path;
        this.value = value;
    }

    String path() {
        return path;
    }

    boolean isPresent() {
        return value != null;
    }

    ConfigException error(String message) {
        return new ConfigException(file + ": " + (path.isEmpty() ? "" : path + ": ") + message);
    }

    /** An error about this node's scalar value: {@code path: 'value' rule}. */
    ConfigException invalid(String rule) {
        return error("'" + value + "' " + rule);
    }

    ConfigNode get(String key) {
        return new ConfigNode(file, path.isEmpty() ? key : path + "." + key, map().get(key));
    }

    /** Refuses keys other than {@code allowed}: a misspelt key must not be silently ignored. */
    ConfigNode allowOnly(String... allowed) {
        Set<String> permitted = Set.of(allowed);
        for (Object key : map().keySet()) {
            if (!permitted.contains(String.valueOf(key))) {
                String where = path.isEmpty() ? String.valueOf(key) : path + "." + key;
                throw new ConfigException(file + ": " + where + ": unknown key (allowed here: "
                        + String.join(", ", new TreeSet<>(permitted)) + ")");
            }
        }
        return this;
    }

    @SuppressWarnings("unchecked")
    Map<Object, Object> map() {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map)) {
            throw error("expected a mapping of keys to values, found " + describe());
        }
        return (Map<Object, Object>) value;
    }

    List<ConfigNode> list() {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List)) {
            throw error("expected a list, found " + describe());
        }
        List<?> items = (List<?>) value;
        List<ConfigNode> nodes = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            nodes.add(new ConfigNode(file, path + "[" + i + "]", items.get(i)));
        }
        return nodes;
    }

    /** The entries of a mapping, each a node whose path ends with its key. */
    Map<String, ConfigNode> entries() {
        Map<String, ConfigNode> entries = new LinkedHashMap<>();
        for (Map.Entry<Object, Object> entry : map().entrySet()) {
            String key = String.valueOf(entry.getKey());
            entries.put(key, new ConfigNode(file, path.isEmpty() ? key : path + "." + key, entry.getValue()));
        }
        return entries;
    }

    String string() {
        if (value == null) {
            throw error("is required");
        }
        if (value instanceof Map || value instanceof List) {
            throw error("expected a single value, found " + describe());
        }
        String text = String.valueOf(value);
        if (text.isBlank()) {
            throw error("must not be empty");
        }
        return text;
    }

    String string(String defaultValue) {
        return value == null ? defaultValue : string();
    }

    boolean bool(boolean defaultValue) {
        if (value == null) {
            return defaultValue;
        }
        String text = string();
        if (text.equals("true")) {
            return true;
        }
        if (text.equals("false")) {
            return false;
        }
        throw invalid("is not a boolean (write true or false)");
    }

    int integer(int defaultValue, int min, int max) {
        if (value == null) {
            return defaultValue;
        }
        String text = string();
        int parsed;
        try {
            parsed = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw invalid("is not a whole number");
        }
        if (parsed < min || parsed > max) {
            throw invalid("is out of range (expected: " + min + "-" + max + ")");
        }
        return parsed;
    }

    /** One of {@code choices}, matched case-insensitively, returned in lower case. */
    String choice(String defaultValue, String... choices) {
        if (value == null) {
            return defaultValue;
        }
        String text = string().toLowerCase(java.util.Locale.ROOT);
        for (String choice : choices) {
            if (choice.equals(text)) {
                return choice;
            }
        }
        throw invalid("is not one of: " + String.join(", ", choices));
    }

    List<String> strings() {
        List<String> strings = new ArrayList<>();
        for (ConfigNode item : list()) {
            strings.add(item.string());
        }
        return strings;
    }

    private String describe() {
        if (value instanceof Map) {
            return "a mapping";
        }
        if (value instanceof List) {
            return "a list";
        }
        return "'" + value + "'";
    }
}
