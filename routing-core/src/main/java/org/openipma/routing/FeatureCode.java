package org.openipma.routing;

/**
 * A feature code in the dial plan, such as {@code *71} (Divert All on) or {@code *82!} (an assistant logs
 * out for the manager whose line follows the code). Digit analysis lands on it like on any pattern: only a
 * caller whose CSS lists the feature partition reaches it, and closest match decides between it and any
 * other pattern. What it does is {@link FeatureCodes#apply}'s business; the dial plan only carries it.
 */
public final class FeatureCode implements Target {

    /** Who may use a code: a code acts only on the caller's own role. */
    public enum Role { MANAGER, ASSISTANT, MANAGER_OR_ASSISTANT }

    /**
     * What a code does, with its configuration key ({@code featureCodes.<key>}) and its default code. The
     * {@code *ForManager} codes are a literal prefix followed by {@code !}: the digits after the prefix are
     * one of the manager's line DNs.
     */
    public enum Action {
        DIVERT_ALL_ON("divertAllOn", "*71", Role.MANAGER, "Divert All on"),
        DIVERT_ALL_OFF("divertAllOff", "*72", Role.MANAGER, "Divert All off"),
        DND_ON("dndOn", "*73", Role.MANAGER, "DND on"),
        DND_OFF("dndOff", "*74", Role.MANAGER, "DND off"),
        FILTER_ON("filterOn", "*75", Role.MANAGER, "filter on"),
        FILTER_OFF("filterOff", "*76", Role.MANAGER, "filter off"),
        FILTER_INCLUSIVE("filterInclusive", "*77", Role.MANAGER, "filter mode inclusive"),
        FILTER_EXCLUSIVE("filterExclusive", "*78", Role.MANAGER, "filter mode exclusive"),
        NEXT_ASSISTANT("nextAssistant", "*79", Role.MANAGER, "next assistant"),
        DEFAULT_ASSISTANT("defaultAssistant", "*80", Role.MANAGER, "default assistant"),
        LOG_IN("logIn", "*81", Role.ASSISTANT, "assistant log in (all managers)"),
        LOG_OUT("logOut", "*82", Role.ASSISTANT, "assistant log out (all managers)"),
        LOG_IN_FOR_MANAGER("logInForManager", "*81!", Role.ASSISTANT, "assistant log in (one manager)"),
        LOG_OUT_FOR_MANAGER("logOutForManager", "*82!", Role.ASSISTANT, "assistant log out (one manager)"),
        /** Pulls the oldest call ringing on an assistant's proxy line for the caller to the manager's line. */
        INTERCEPT("intercept", "*83", Role.MANAGER, "intercept"),
        /**
         * Sends the oldest call ringing at the caller to the divert target: for the manager, the divert target
         * (default: the active assistant's proxy line); for an assistant, the manager.
         */
        REDIRECT("redirect", "*84", Role.MANAGER_OR_ASSISTANT, "redirect"),
        /** Sends the oldest ringing call for the manager to the voicemail pilot, on the manager line's behalf. */
        TRANSFER_TO_VOICEMAIL("transferToVoicemail", "*85", Role.MANAGER_OR_ASSISTANT, "transfer to voicemail"),
        /**
         * Turns the filter off when it is on, on when it is off: one key for both, whose busy lamp (a
         * {@code dialog} subscription to the code) shows the filter's state.
         */
        FILTER_TOGGLE("filterToggle", "*86", Role.MANAGER, "filter toggle");

        private final String key;
        private final String defaultCode;
        private final Role role;
        private final String description;

        Action(String key, String defaultCode, Role role, String description) {
            this.key = key;
            this.defaultCode = defaultCode;
            this.role = role;
            this.description = description;
        }

        /** The key under {@code featureCodes:} in the configuration, e.g. {@code divertAllOn}. */
        public String key() {
            return key;
        }

        /** The code used when the configuration does not set one, e.g. {@code *71}. */
        public String defaultCode() {
            return defaultCode;
        }

        public Role role() {
            return role;
        }

        /**
         * Whether the code acts on a live call rather than on stored state: the B2BUA applies it to its calls,
         * {@link FeatureCodes#apply} does not take it.
         */
        public boolean actsOnACall() {
            return this == INTERCEPT || this == REDIRECT || this == TRANSFER_TO_VOICEMAIL;
        }

        /** Whether the code is followed by a manager line DN ({@code *82!}). */
        public boolean takesManagerLine() {
            return this == LOG_IN_FOR_MANAGER || this == LOG_OUT_FOR_MANAGER;
        }

        /** In words, e.g. {@code Divert All on}. */
        public String description() {
            return description;
        }
    }

    private final Action action;
    private final String pattern;
    private final String partition;

    FeatureCode(Action action, String pattern, String partition) {
        this.action = action;
        this.pattern = pattern;
        this.partition = partition;
    }

    public Action action() {
        return action;
    }

    /** The pattern as configured, e.g. {@code *71} or {@code *82!}. */
    public String pattern() {
        return pattern;
    }

    public String partition() {
        return partition;
    }

    /**
     * The manager line DN carried by {@code dialled}: the digits after the code's prefix ({@code *821001} →
     * {@code 1001}). Only for codes that {@link Action#takesManagerLine() take a manager line}.
     *
     * @throws IllegalArgumentException when the code takes no manager line, or {@code dialled} does not
     *     start with the code's prefix followed by at least one digit
     */
    public String managerLine(String dialled) {
        if (!action.takesManagerLine()) {
            throw new IllegalArgumentException("feature code " + pattern + " takes no manager line");
        }
        String prefix = pattern.substring(0, pattern.length() - 1);
        if (!dialled.startsWith(prefix) || dialled.length() == prefix.length()) {
            throw new IllegalArgumentException("'" + dialled + "' is not " + prefix + " followed by a manager line");
        }
        return dialled.substring(prefix.length());
    }

    @Override
    public Kind kind() {
        return Kind.FEATURE_CODE;
    }

    /** E.g. {@code feature code Divert All on}. */
    @Override
    public String describe() {
        return "feature code " + action.description();
    }

    @Override
    public String toString() {
        return pattern + "/" + partition + " (" + describe() + ")";
    }
}
