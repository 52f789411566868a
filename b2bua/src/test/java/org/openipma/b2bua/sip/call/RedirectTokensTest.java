package org.openipma.b2bua.sip.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.openipma.b2bua.sip.testing.MutableClock;

/** Redirect tokens: what one grants, and every way a caller might stretch it. */
class RedirectTokensTest {
    private static final RedirectTokens.Grant TO_PROXY_LINE =
            new RedirectTokens.Grant("1112", "1003", "1001", "1001", "assistant", 0, false);

    private final MutableClock clock = new MutableClock();
    private final RedirectTokens tokens = new RedirectTokens(clock);

    @Test
    void aTokenGrantsWhatWasIssuedToItsCallerForItsDestination() {
        String token = tokens.issue(TO_PROXY_LINE);

        assertEquals(TO_PROXY_LINE, tokens.verify(token, "1112", "1003"));
    }

    @Test
    void emptyFieldsComeBackAsNull() {
        RedirectTokens.Grant toManager = new RedirectTokens.Grant("1001", "1003", "1001", null, null, 0, true);

        assertEquals(toManager, tokens.verify(tokens.issue(toManager), "1001", "1003"));
    }

    @Test
    void anotherCallerCannotUseIt() {
        assertNull(tokens.verify(tokens.issue(TO_PROXY_LINE), "1112", "8000"));
    }

    @Test
    void itCannotBePointedAtAnotherNumber() {
        assertNull(tokens.verify(tokens.issue(TO_PROXY_LINE), "1001", "1003"));
    }

    @Test
    void itExpiresAfterItsLifetime() {
        String token = tokens.issue(TO_PROXY_LINE);

        clock.advance(RedirectTokens.LIFETIME);
        assertNotNull(tokens.verify(token, "1112", "1003"), "still valid at the last millisecond");
        clock.advance(Duration.ofMillis(1));
        assertNull(tokens.verify(token, "1112", "1003"));
    }

    @Test
    void anEditedPayloadFailsItsSignature() {
        String token = tokens.issue(TO_PROXY_LINE);
        String payload = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
                StandardCharsets.UTF_8);
        String edited = payload.replaceFirst("^1112\\|", "1001|");
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(edited.getBytes(StandardCharsets.UTF_8))
                + token.substring(token.indexOf('.'));

        assertNull(tokens.verify(forged, "1001", "1003"));
    }

    @Test
    void aTokenFromAnotherProcessIsRefused() {
        String token = new RedirectTokens(clock).issue(TO_PROXY_LINE);

        assertNull(tokens.verify(token, "1112", "1003"));
    }

    @Test
    void garbageIsRefusedNotThrown() {
        for (String garbage : new String[] {"", ".", "no-dot", "!!!.???", "YWJj.YWJj", "a.b.c"}) {
            assertNull(tokens.verify(garbage, "1112", "1003"), garbage);
        }
    }
}
