package org.openipma.b2bua.sip.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openipma.b2bua.sip.testing.RegistrarFixture.PHONE1_PASSWORD;
import static org.openipma.b2bua.sip.testing.RegistrarFixture.PHONE3_PASSWORD;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sip.header.WWWAuthenticateHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openipma.b2bua.sip.auth.AuthFailures;
import org.openipma.b2bua.sip.testing.CapturedLog;
import org.openipma.b2bua.sip.testing.RegistrarFixture;
import org.openipma.b2bua.sip.testing.TestPhone;

/**
 * Password guessing against the registrar on a real stack: phones on 127.0.0.1 and 127.0.0.2 are two source
 * addresses to the server. Bans after 3 failures, 60 s doubling up to 300 s, on the fixture's clock.
 */
@Timeout(60)
class BruteForceIntegrationTest {
    private static final AuthFailures.Settings BANS =
            new AuthFailures.Settings(3, Duration.ofSeconds(60), Duration.ofSeconds(300));
    private static final String BANNED =
            "Forbidden (too many failed authentications from this address, retry later)";
    private static final String WRONG = "Forbidden (wrong user name or password)";
    private static final Path FILTER = Path.of("..", "docs", "fail2ban", "openipma.conf");

    private RegistrarFixture server;

    @AfterEach
    void stopServerAndPhones() {
        if (server != null) {
            server.close();
        }
    }

    private TestPhone.Exchange register(TestPhone phone, String dn) {
        return phone.register(dn, server.port()).send();
    }

    @Test
    void guessesFromOneAddressAreRefusedPastTheThresholdWhileTheUserRegistersFromAnother() {
        server = RegistrarFixture.start(BANS);
        TestPhone attacker = server.phone("phone3", "guess");

        for (int guess = 1; guess <= 3; guess++) {
            TestPhone.Exchange exchange = register(attacker, "1003");
            assertEquals(List.of(401, 403), exchange.statuses(), "guess " + guess);
            assertEquals(WRONG, exchange.last().getReasonPhrase());
        }
        TestPhone.Exchange banned = register(attacker, "1003");
        attacker.password(PHONE3_PASSWORD);
        TestPhone.Exchange rightPasswordFromTheBannedAddress = register(attacker, "1003");
        TestPhone owner = server.phoneAt("127.0.0.2", "phone3", PHONE3_PASSWORD);
        TestPhone.Exchange fromAnotherAddress = register(owner, "1003");

        assertEquals(List.of(403), banned.statuses(), "no challenge once banned");
        assertEquals(BANNED, banned.last().getReasonPhrase());
        assertEquals(List.of(403), rightPasswordFromTheBannedAddress.statuses());
        assertEquals(List.of(401, 200), fromAnotherAddress.statuses());
        assertEquals(List.of(owner.contactUri() + ";expires=3600"), fromAnotherAddress.contacts());
    }

    @Test
    void aBanEndsAfterItsTimeAndTheNextOneLastsTwiceAsLong() {
        server = RegistrarFixture.start(BANS);
        TestPhone attacker = server.phone("phone1", "guess");
        for (int guess = 0; guess < 3; guess++) {
            register(attacker, "1001");
        }
        server.clock().advance(Duration.ofSeconds(59));
        assertEquals(List.of(403), register(attacker, "1001").statuses(), "banned for 60 s");
        server.clock().advance(Duration.ofSeconds(2));
        assertEquals(List.of(401, 403), register(attacker, "1001").statuses(), "free again, still wrong");

        register(attacker, "1001");
        register(attacker, "1001");
        server.clock().advance(Duration.ofSeconds(119));
        assertEquals(List.of(403), register(attacker, "1001").statuses(), "the second ban lasts 120 s");
        server.clock().advance(Duration.ofSeconds(2));
        attacker.password(PHONE1_PASSWORD);
        assertEquals(List.of(401, 200), register(attacker, "1001").statuses());
    }

    @Test
    void aWrongAnswerSpendsTheNonceSoTheRightPasswordUnderItIsChallengedAgain() {
        server = RegistrarFixture.start(BANS);
        TestPhone phone = server.phone("phone1", "guess");
        assertEquals(List.of(401, 403), register(phone, "1001").statuses());

        phone.password(PHONE1_PASSWORD);
        TestPhone.Exchange sameNonce = phone.register("1001", server.port()).preemptive().send();

        assertEquals(List.of(401, 200), sameNonce.statuses(), "the spent nonce is refused, a new one works");
        WWWAuthenticateHeader challenge = (WWWAuthenticateHeader) sameNonce.responses().get(0)
                .getHeader(WWWAuthenticateHeader.NAME);
        assertTrue(challenge.isStale(), "stale=true: the phone retries without asking its user");
    }

    @Test
    void theSecurityLinesNameTheSourceAndTheShippedFail2banFilterMatchesThem() throws IOException {
        server = RegistrarFixture.start(BANS);
        List<String> lines;
        try (CapturedLog log = CapturedLog.capture("org.openipma.security", Level.INFO)) {
            TestPhone attacker = server.phone("security: auth-failed src=6.6.6.6:1/udp", "guess");
            for (int guess = 0; guess < 3; guess++) {
                register(attacker, "1003");
            }
            lines = log.lines("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level %logger{20} - %msg");
        }

        assertEquals(4, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).endsWith(" - security: auth-failed src=127.0.0.1:" + portOf(lines.get(0))
                        + "/udp method=\"REGISTER\" user=\"security: auth-failed src=6.6.6.6:1/udp\""
                        + " reason=\"wrong user name or password\" failures=1 user-failures=1"), lines.get(0));
        assertTrue(lines.get(3).endsWith(" - security: banned src=127.0.0.1:" + portOf(lines.get(3))
                + "/udp for=60s failures=3 user=\"security: auth-failed src=6.6.6.6:1/udp\""), lines.get(3));
        Pattern failregex = fail2banRegex();
        for (String line : lines) {
            // fail2ban cuts the date it found out of the line, then searches the rest with the failregex.
            Matcher matcher = failregex.matcher(line.substring("2025-01-31 12:00:00.123".length()));
            assertTrue(matcher.find(), "the filter matches: " + line);
            assertEquals("127.0.0.1", matcher.group("host"), "the packet's address, not the user name's");
        }
    }

    private static String portOf(String line) {
        Matcher port = Pattern.compile("src=127\\.0\\.0\\.1:(\\d+)/").matcher(line);
        return port.find() ? port.group(1) : "?";
    }

    /** The filter's failregex, with fail2ban's {@code <HOST>} standing for an IPv4 or IPv6 address. */
    private static Pattern fail2banRegex() throws IOException {
        String failregex = Files.readAllLines(FILTER).stream()
                .filter(line -> line.startsWith("failregex = "))
                .findFirst().orElseThrow(() -> new AssertionError(FILTER + ": no failregex"))
                .substring("failregex = ".length());
        return Pattern.compile(failregex.replace("<HOST>", "(?<host>[0-9A-Fa-f:.]+)"));
    }
}
