package org.openipma.b2bua.sip.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openipma.b2bua.sip.testing.MutableClock;

class NoncesTest {
    private final MutableClock clock = new MutableClock();
    private final Nonces nonces = new Nonces(Duration.ofSeconds(300), clock);

    @Test
    void aNewNonceIsFreshAndUnique() {
        String nonce = nonces.issue();

        assertEquals(Nonces.Validity.FRESH, nonces.check(nonce).validity());
        assertEquals(clock.instant().toEpochMilli(), nonces.check(nonce).issuedAt().toEpochMilli());
        assertNotEquals(nonce, nonces.issue());
    }

    @Test
    void aNonceIsFreshUntilItsLifetimeEndsAndExpiredAfter() {
        String nonce = nonces.issue();

        clock.advance(Duration.ofSeconds(300));
        assertEquals(Nonces.Validity.FRESH, nonces.check(nonce).validity());
        clock.advance(Duration.ofMillis(1));
        assertEquals(Nonces.Validity.EXPIRED, nonces.check(nonce).validity());
    }

    @Test
    void aNonceOfAnotherProcessIsForeign() {
        String theirs = new Nonces(Duration.ofSeconds(300), clock).issue();

        assertEquals(Nonces.Validity.FOREIGN, nonces.check(theirs).validity());
    }

    @Test
    void aTamperedOrMalformedNonceIsForeign() {
        String nonce = nonces.issue();
        char last = nonce.charAt(nonce.length() - 1);
        String tampered = nonce.substring(0, nonce.length() - 1) + (last == 'A' ? 'B' : 'A');

        assertEquals(Nonces.Validity.FOREIGN, nonces.check(tampered).validity());
        assertEquals(Nonces.Validity.FOREIGN, nonces.check("not a nonce!").validity());
        assertEquals(Nonces.Validity.FOREIGN, nonces.check("").validity());
    }
}
