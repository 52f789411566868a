package org.openipma.b2bua.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openipma.b2bua.TestConfigs;
import org.openipma.b2bua.sip.call.CallFixture;

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
    void overHttpTheSixthAttemptGets429WithRetryAfterWithoutCheckingThePassword() {
        try (CallFixture lab = CallFixture.startWithHttp(TestConfigs.LAB, null)) {
            ApiClient api = new ApiClient(lab.server().httpPort());
            for (int i = 1; i <= 5; i++) {
                assertEquals(401, api.send("POST", "/api/login", Map.of("user", "manager", "password", "guess" + i))
                        .status());
            }

            ApiClient.Answer throttled = api.send("POST", "/api/login",
                    Map.of("user", "manager", "password", "lab-manager"));

            assertEquals(429, throttled.status(), throttled::body);
            assertEquals("1", throttled.header("Retry-After"));
            assertTrue(throttled.error().startsWith("too many failed log-ins from this address"), throttled.body());
        }
    }
}
