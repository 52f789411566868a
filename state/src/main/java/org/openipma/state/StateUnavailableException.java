package org.openipma.state;

/**
 * The state database cannot be opened, or cannot answer now: the message names the database (URL without
 * password) and the reason, in one line. A write that throws it was not committed.
 */
public final class StateUnavailableException extends RuntimeException {
    public StateUnavailableException(String message) {
        super(message);
    }

    public StateUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
