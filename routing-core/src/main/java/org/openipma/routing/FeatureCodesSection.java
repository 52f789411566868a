package org.openipma.routing;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code featureCodes:} section of a configuration (see {@code config/README.md}). Kept apart from
 * {@link ConfigLoader} so that one stays readable.
 *
 * <p>A code is literal digits ({@code *71}), or for the codes followed by a manager line, literal digits and
 * a final {@code !} ({@code *82!}): a feature is one action a person dials, so wildcards that would give one
 * action many numbers are refused, and the prefix before {@code !} is what separates code from manager line.
 * {@code off} disables one code. Two actions cannot share a code.
 */
final class FeatureCodesSection {
    static final String OFF = "off";

    private FeatureCodesSection() {
    }

    /**
     * The section, or null when {@code node} is absent (no feature codes: an older configuration gains none).
     *
     * @param partitions the declared partitions, for the check and the message naming them
     */
    static IpmaConfig.FeatureCodeSettings bind(ConfigNode node, Set<String> partitions) {
        if (!node.isPresent()) {
            return null;
        }
        List<String> keys = new ArrayList<>();
        keys.add("partition");
        for (FeatureCode.Action action : FeatureCode.Action.values()) {
            keys.add(action.key());
        }
        node.allowOnly(keys.toArray(String[]::new));
        ConfigNode partitionNode = node.get("partition");
        String partition = partitionNode.string();
        if (!partitions.contains(partition)) {
            throw partitionNode.invalid("is not a declared partition (declared: " + String.join(", ", partitions)
                    + ")");
        }
        Map<FeatureCode.Action, String> codes = new EnumMap<>(FeatureCode.Action.class);
        Map<String, FeatureCode.Action> actionByCode = new HashMap<>();
        for (FeatureCode.Action action : FeatureCode.Action.values()) {
            ConfigNode codeNode = node.get(action.key());
            String code = codeNode.string(action.defaultCode());
            if (code.equals(OFF)) {
                continue;
            }
            check(codeNode, action, code);
            FeatureCode.Action other = actionByCode.putIfAbsent(code, action);
            if (other != null) {
                // The default of a key the file leaves out can collide too; say so, or the message puzzles.
                String value = codeNode.isPresent() ? "'" + code + "'" : "'" + code + "' (its default)";
                throw codeNode.error(value + " is already the code for " + other.key());
            }
            codes.put(action, code);
        }
        return new IpmaConfig.FeatureCodeSettings(partition, codes);
    }

    private static void check(ConfigNode node, FeatureCode.Action action, String code) {
        if (action.takesManagerLine()) {
            if (!code.matches("[0-9*#]{1,23}!")) {
                throw node.invalid("is not a code followed by a manager line (1-23 of 0-9 * # then '!', e.g. '"
                        + action.defaultCode() + "'), or off");
            }
        } else if (!code.matches("[0-9*#]{1,24}")) {
            throw node.invalid("is not a feature code (1-24 of 0-9 * #, e.g. '" + action.defaultCode()
                    + "'), or off");
        }
    }
}
