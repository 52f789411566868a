package org.openipma.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.function.Executable;

/** The one way these tests check a refusal: the exception's type and its exact message. */
final class Refusals {
    private Refusals() {
    }

    static <T extends Throwable> T assertRefused(Class<T> type, String message, Executable call) {
        T e = assertThrows(type, call);
        assertEquals(message, e.getMessage());
        return e;
    }
}
