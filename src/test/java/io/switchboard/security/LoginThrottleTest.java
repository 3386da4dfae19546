package io.switchboard.security;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LoginThrottleTest {

    private final LoginThrottle throttle = new LoginThrottle(5, 3, Duration.ofSeconds(60), Duration.ofMinutes(15));
    private final Instant start = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aNameWaitsLongerWithEachFailureUpToTheMaximum() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("alice", "10.0.0." + i, start);
            assertEquals(Duration.ZERO, throttle.waitFor("alice", "10.0.0.99", start));
        }
        throttle.failed("alice", "10.0.0.5", start);
        assertEquals(Duration.ofSeconds(2), throttle.waitFor("alice", "10.0.0.99", start));
        throttle.failed("alice", "10.0.0.6", start);
        assertEquals(Duration.ofSeconds(4), throttle.waitFor("alice", "10.0.0.99", start));
        for (int i = 0; i < 10; i++) {
            throttle.failed("alice", "10.0.1." + i, start);
        }
        assertEquals(Duration.ofSeconds(60), throttle.waitFor("alice", "10.0.0.99", start));
        assertEquals(Duration.ZERO, throttle.waitFor("alice", "10.0.0.99", start.plusSeconds(61)),
                "never held back longer than the maximum delay");
        assertEquals(Duration.ZERO, throttle.waitFor("bob", "10.0.0.99", start), "other names are not held back");
    }

    @Test
    void anAddressGuessingManyNamesWaitsToo() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("user" + i, "192.0.2.7", start);
        }
        assertEquals(Duration.ofSeconds(2), throttle.waitFor("someone-else", "192.0.2.7", start));
        assertEquals(Duration.ZERO, throttle.waitFor("someone-else", "192.0.2.8", start));
    }

    @Test
    void successClearsTheCounts() {
        for (int i = 0; i < 7; i++) {
            throttle.failed("carol", "198.51.100.1", start);
        }
        throttle.succeeded("carol", "198.51.100.1");
        assertEquals(Duration.ZERO, throttle.waitFor("carol", "198.51.100.1", start));
    }
}
