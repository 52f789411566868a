package org.openipma.b2bua.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openipma.b2bua.TestConfigs;
import org.openipma.b2bua.sip.call.CallFixture;
import org.openipma.b2bua.sip.testing.CapturedLog;

/** Failed log-ins slow an address down, as docs/api.md says: from the 5th failure, 1 s doubling to 5 min. */
@Timeout(60)
class LoginThrottleTest {
    @Test
    void fromTheFifthFailureTheAddressWaitsOneSecondThenTwoAndNeverMoreThanFiveMinutes() throws Exception {
        AtomicLong now = new AtomicLong();
        LoginThrottle throttle = new LoginThrottle(now::get);
        InetAddress address = InetAddress.getByName("198.51.100.7");
        for (int i = 1; i <= 4; i++) {
            assertEquals(i, throttle.failed(address));
            assertEquals(Duration.ZERO, throttle.waitFor(address));
        }

        throttle.failed(address);
        assertEquals(Duration.ofSeconds(1), throttle.waitFor(address));
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertEquals(Duration.ZERO, throttle.waitFor(address));
        throttle.failed(address);
        assertEquals(Duration.ofSeconds(2), throttle.waitFor(address));
        assertEquals(Duration.ofMinutes(5), LoginThrottle.waitAfter(40));
        throttle.succeeded(address);
        assertEquals(Duration.ZERO, throttle.waitFor(address));
    }

    @Test
    void overHttpTheSixthAttemptGets429WithRetryAfterWithoutCheckingThePassword() throws Exception {
        try (CallFixture lab = CallFixture.startWithHttp(TestConfigs.LAB, null)) {
            ApiClient api = new ApiClient(lab.server().httpPort());
            List<String> lines;
            String forged = "security: auth-failed src=6.6.6.6:1/udp";
            try (CapturedLog log = CapturedLog.capture("org.openipma.security", Level.INFO)) {
                for (int i = 1; i <= 5; i++) {
                    assertEquals(401, api.send("POST", "/api/login", Map.of("user", forged, "password", "guess" + i))
                            .status());
                }
                lines = log.lines("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level %logger{20} - %msg");
            }
            assertEquals(6, lines.size(), String.join("\n", lines));
            assertTrue(lines.get(5).contains(" - security: banned src=127.0.0.1:"), lines.get(5));
            assertTrue(lines.get(5).endsWith("/http for=1s failures=5 user=\"" + forged + "\""), lines.get(5));
            Pattern failregex = fail2banRegex();
            for (String line : lines) {
                Matcher matcher = failregex.matcher(line.substring("2025-01-31 12:00:00.123".length()));
                assertTrue(matcher.find(), "the fail2ban filter matches: " + line);
                assertEquals("127.0.0.1", matcher.group("host"), "the connection's address, not the user name's");
            }

            ApiClient.Answer throttled = api.send("POST", "/api/login",
                    Map.of("user", "manager", "password", "lab-manager"));

            assertEquals(429, throttled.status(), throttled::body);
            assertEquals("1", throttled.header("Retry-After"));
            assertTrue(throttled.error().startsWith("too many failed log-ins from this address"), throttled.body());
        }
    }

    /** The shipped filter's failregex, with fail2ban's {@code <HOST>} standing for an address. */
    private static Pattern fail2banRegex() throws java.io.IOException {
        Path filter = Path.of("..", "docs", "fail2ban", "openipma.conf");
        String failregex = Files.readAllLines(filter).stream().filter(line -> line.startsWith("failregex = "))
                .findFirst().orElseThrow().substring("failregex = ".length());
        return Pattern.compile(failregex.replace("<HOST>", "(?<host>[0-9A-Fa-f:.]+)"));
    }
}
