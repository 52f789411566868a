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
        // A middle character: all six of its bits are data. (The last character of 32 bytes in Base64 carries
        // two data bits and four padding bits the decoder ignores, so changing it may change nothing.)
        int middle = nonce.length() / 2;
        char replaced = nonce.charAt(middle) == 'A' ? 'B' : 'A';
        String tampered = nonce.substring(0, middle) + replaced + nonce.substring(middle + 1);

        assertEquals(Nonces.Validity.FOREIGN, nonces.check(tampered).validity());
        assertEquals(Nonces.Validity.FOREIGN, nonces.check("not a nonce!").validity());
        assertEquals(Nonces.Validity.FOREIGN, nonces.check("").validity());
    }
}
