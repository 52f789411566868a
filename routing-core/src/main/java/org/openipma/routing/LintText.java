package org.openipma.routing;

import java.util.List;

/**
 * Phrases shared by the {@link Lint} rules' messages, so that the same thing is worded the same way in
 * every finding (scripts and tests match on the exact text).
 */
final class LintText {
    /** How many names a finding lists before "and N more". */
    private static final int MAX_NAMED = 3;

    private LintText() {
    }

    /** {@code <who> dialing <digits> reaches <got>, not <wanted>}: the opening of every "cannot reach" message. */
    static String missed(String who, String digits, Route got, String wanted) {
        return who + " dialing " + digits + " reaches " + reaches(got) + ", not " + wanted;
    }

    /** {@code 100X/PT_INTERNAL (route point RP_IPMA)}, or {@code nothing (not found)}. */
    static String reaches(Route route) {
        return route.isFound() ? route.toString() : "nothing (not found)";
    }

    /** {@code 1002 (line of phone SEP-ASSISTANT)}, {@code 100X (route point RP_IPMA)}. */
    static String label(Target occupant) {
        String pattern = occupant instanceof RoutePointLine line ? line.line().dn() : ((DirectoryNumber) occupant).dn();
        return pattern + " (" + occupant.describe() + ")";
    }

    /** The first few names, then how many more: a finding stays one readable line on a large cluster. */
    static String named(List<String> names) {
        if (names.size() <= MAX_NAMED) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, MAX_NAMED)) + " and " + (names.size() - MAX_NAMED) + " more";
    }
}
