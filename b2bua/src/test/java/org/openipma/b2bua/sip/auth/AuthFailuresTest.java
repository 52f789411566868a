package org.openipma.b2bua.sip.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openipma.b2bua.sip.PacketSource;
import org.openipma.b2bua.sip.testing.MutableClock;

class AuthFailuresTest {
    private final MutableClock clock = new MutableClock();

    private static PacketSource source(int i) {
        try {
            return new PacketSource(InetAddress.getByAddress(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i}),
                    5060, "udp");
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void bansDoubleUpToTheMaximum() {
        AuthFailures failures = new AuthFailures(new AuthFailures.Settings(1, Duration.ofSeconds(60),
                Duration.ofSeconds(150)), clock);
        PacketSource source = source(1);
        for (long expected : new long[] {60, 120, 150, 150}) {
            failures.failed(source, "REGISTER", "phone1", "wrong");
            assertEquals(Optional.of(Duration.ofSeconds(expected)), failures.banned(source));
            clock.advance(Duration.ofSeconds(expected));
            assertEquals(Optional.empty(), failures.banned(source));
        }
    }

    @Test
    void zeroFailuresBeforeBanNeverBans() {
        AuthFailures failures = new AuthFailures(new AuthFailures.Settings(0, Duration.ofSeconds(60),
                Duration.ofSeconds(60)), clock);
        for (int i = 0; i < 100; i++) {
            failures.failed(source(1), "REGISTER", "phone1", "wrong");
        }
        assertEquals(Optional.empty(), failures.banned(source(1)));
    }

    @Test
    void trackedSourcesAreBounded() {
        AuthFailures failures = new AuthFailures(AuthFailures.Settings.defaults(), clock);
        for (int i = 0; i < AuthFailures.MAX_TRACKED + 500; i++) {
            failures.failed(source(i), "REGISTER", "user" + i, "wrong");
        }
        assertEquals(AuthFailures.MAX_TRACKED, failures.trackedSources());
    }

    @Test
    void settings_maxBanBelowFirstBan() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AuthFailures.Settings(10, Duration.ofSeconds(60), Duration.ofSeconds(30)));
        assertEquals("maxBan: PT30S (expected: PT1M-P7D)", e.getMessage());
    }

    @Test
    void quote_escapesQuotesBackslashesAndControlsAndCutsLongValues() {
        assertEquals("\"a\\\"b\\\\c\\x0ad\"", SecurityLog.quote("a\"b\\c\nd"));
        assertEquals("\"" + "x".repeat(64) + "...\"", SecurityLog.quote("x".repeat(65)));
        assertEquals("-", SecurityLog.quote(null));
    }
}
