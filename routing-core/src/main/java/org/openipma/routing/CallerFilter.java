package org.openipma.routing;

import java.util.List;

/**
 * The IPMA filter-list syntax, matched against the <em>calling</em> number: digits; {@code X} or {@code x}
 * for any one digit; {@code *} for any run of digits (including none), only at the start or the end;
 * {@code -}, {@code .} and spaces are ignored. {@code 1XXX} matches four-digit numbers starting with 1;
 * {@code 9*} everything starting with 9; {@code *5555} everything ending in 5555; {@code *} everything.
 */
public final class CallerFilter {
    private CallerFilter() {
    }

    /** Whether any entry of {@code entries} matches {@code callingNumber}. */
    public static boolean anyMatches(List<String> entries, String callingNumber) {
        for (String entry : entries) {
            if (matches(entry, callingNumber)) {
                return true;
            }
        }
        return false;
    }

    /** Whether one filter entry matches {@code callingNumber}. */
    public static boolean matches(String entry, String callingNumber) {
        String core = normalize(entry);
        boolean anyPrefix = core.startsWith("*");
        if (anyPrefix) {
            core = core.substring(1);
        }
        boolean anySuffix = core.endsWith("*");
        if (anySuffix) {
            core = core.substring(0, core.length() - 1);
        }
        int slack = callingNumber.length() - core.length();
        if (slack < 0 || (slack > 0 && !anyPrefix && !anySuffix)) {
            return false;
        }
        if (!anyPrefix) {
            return matchesAt(core, callingNumber, 0);
        }
        if (!anySuffix) {
            return matchesAt(core, callingNumber, slack);
        }
        for (int start = 0; start <= slack; start++) {
            if (matchesAt(core, callingNumber, start)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesAt(String core, String number, int start) {
        for (int i = 0; i < core.length(); i++) {
            char want = core.charAt(i);
            char have = number.charAt(start + i);
            boolean ok = want == 'X' ? have >= '0' && have <= '9' : want == have;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks an entry's syntax.
     *
     * @return null when valid, else the rule it breaks (e.g. {@code '*' is allowed only at the start or the end})
     */
    public static String checkEntry(String entry) {
        String core = normalize(entry);
        if (core.isEmpty()) {
            return "is an empty filter entry";
        }
        for (int i = 0; i < core.length(); i++) {
            char c = core.charAt(i);
            if (c == '*') {
                if (i != 0 && i != core.length() - 1) {
                    return "is not a filter entry: '*' is allowed only at the start or the end";
                }
            } else if (!(c >= '0' && c <= '9') && c != 'X' && c != '#' && c != '+') {
                return "is not a filter entry: '" + c + "' is not allowed (digits, X, * at the start or end; - . and spaces are ignored)";
            }
        }
        return null;
    }

    private static String normalize(String entry) {
        StringBuilder core = new StringBuilder(entry.length());
        for (int i = 0; i < entry.length(); i++) {
            char c = entry.charAt(i);
            if (c == '-' || c == '.' || c == ' ') {
                continue;
            }
            core.append(c == 'x' ? 'X' : c);
        }
        return core.toString();
    }
}
