package org.openipma.routing;

/**
 * One configuration mistake found by {@link Lint}: what is wrong, where in the configuration file, and
 * what to change.
 *
 * @param code what kind of mistake, stable across releases (scripts may match on it)
 * @param path where to look in the configuration, in the loader's notation: {@code managers[0].lines[0]},
 *             {@code callingSearchSpaces.CSS_DEFAULT}, {@code phones[1].lines[1].css}
 * @param message what is wrong and what it costs, naming the lines, patterns and CSSes involved
 * @param fix a concrete change that removes the finding
 */
public record LintFinding(Code code, String path, String message, String fix) {

    /** The kinds of mistake {@link Lint} reports; each constant documents the rule it checks. */
    public enum Code {
        /** An ordinary line dialing a manager line reaches something other than a route point: it bypasses the B2BUA. */
        MANAGER_LINE_NOT_INTERCEPTED,
        /** An ordinary line dialing a manager line reaches nothing: no route point pattern covers it for that caller. */
        MANAGER_LINE_NOT_COVERED,
        /** A manager line shares its partition with other lines or patterns, so whoever reaches those reaches it. */
        MANAGER_PARTITION_SHARED,
        /** A CSS that is not a route point, proxy line, CFNA or MWI CSS lists a partition holding a manager line. */
        CSS_BYPASSES_INTERCEPTION,
        /** A proxy line dialing its manager's line does not reach it, so the assistant cannot hand calls back. */
        PROXY_LINE_CANNOT_REACH_MANAGER,
        /** A route point's CSS does not reach a manager line its pattern covers: the B2BUA cannot put calls through. */
        ROUTE_POINT_CANNOT_REACH_MANAGER,
        /** A route point's CSS does not reach a proxy line of a manager it covers: calls cannot go to the assistant. */
        ROUTE_POINT_CANNOT_REACH_PROXY_LINE,
        /** A route point line has no Call Forward No Answer: nothing takes its calls when the routing service fails. */
        ROUTE_POINT_WITHOUT_CFNA,
        /** A route point line's CFNA, applied to a manager line it covers, does not reach that manager line. */
        CFNA_DOES_NOT_REACH_MANAGER,
        /** A voicemail system is configured, managers exist, but no MWI CSS is set to light their lamps. */
        MWI_CSS_MISSING,
        /** The MWI CSS does not reach a manager line: the voicemail system cannot light its lamp. */
        MWI_CSS_CANNOT_REACH_MANAGER,
        /** A CSS that is not an intercom line's CSS reaches an intercom line (auto-answer on speaker). */
        INTERCOM_REACHABLE,
        /** No line of a manager's (or assistant's) phone reaches the feature codes of that role. */
        FEATURE_CODES_UNREACHABLE,
        /** Callers whose CSS lists the feature partition dial a code and reach another pattern instead. */
        FEATURE_CODE_SHADOWED,
        /** A feature code hides a phone line with the same digits: the feature partition is listed first. */
        NUMBER_SHADOWED_BY_FEATURE_CODE
    }

    /** {@code path: [CODE] message (fix: ...)}, for logs and assertion messages. */
    @Override
    public String toString() {
        return path + ": [" + code + "] " + message + " (fix: " + fix + ")";
    }
}
