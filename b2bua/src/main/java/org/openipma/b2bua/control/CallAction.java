package org.openipma.b2bua.control;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a console or a script can do to one live call ({@link CallControls#act}); the same moves as the feature
 * codes *83 (intercept), *84 (redirect) and *85 (voicemail).
 */
public enum CallAction {
    /** A call ringing at an assistant's proxy line rings the manager's line instead. */
    REDIRECT_TO_MANAGER,
    /** The manager takes a call ringing at an assistant (same move as {@link #REDIRECT_TO_MANAGER}, said by the manager). */
    INTERCEPT,
    /** The ringing call goes to the voicemail pilot on the manager line's behalf. */
    VOICEMAIL,
    /** The ringing call rings a number, reached through the calling search space of the manager's line. */
    REDIRECT,
    /** Ends the call: both legs of an answered call, the forks and the caller of a ringing one. */
    HANGUP;

    /** The wire name: {@code redirect-to-manager}, {@code intercept}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The action named {@code wireName}, if any. */
    public static Optional<CallAction> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(action -> action.wireName().equals(wireName)).findFirst();
    }
}
