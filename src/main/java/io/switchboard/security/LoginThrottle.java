package io.switchboard.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;

/**
 * Slows down guessing. Failed logins are counted per user name and per client address; past
 * {@code switchboard.security.login.free-failures} failures of a name (or {@code .free-failures-per-address} of an
 * address, which may be shared by many clients behind one gateway), each further failure makes that name or
 * address wait before its next try, two seconds, then twice as long each time up to {@code switchboard.security.login.max-delay}. Counts are
 * forgotten {@code switchboard.security.login.forget-after} after the last failure, and a success clears them, so
 * the owner of an account is never locked out for longer than the maximum delay. Credentials already verified and
 * cached are never held back.
 */
@Singleton
public class LoginThrottle {

    private static final class Failures {
        int count;
        Instant waitUntil = Instant.MIN;
    }

    private final Cache<String, Failures> failures;
    private final int freeFailures;
    private final int freeFailuresPerAddress;
    private final Duration maxDelay;

    @Inject
    public LoginThrottle(@ConfigProperty(name = "switchboard.security.login.free-failures", defaultValue = "5")
                         int freeFailures,
                         @ConfigProperty(name = "switchboard.security.login.free-failures-per-address",
                                 defaultValue = "20")
                         int freeFailuresPerAddress,
                         @ConfigProperty(name = "switchboard.security.login.max-delay", defaultValue = "60s")
                         Duration maxDelay,
                         @ConfigProperty(name = "switchboard.security.login.forget-after", defaultValue = "15m")
                         Duration forgetAfter) {
        this.freeFailures = freeFailures;
        this.freeFailuresPerAddress = freeFailuresPerAddress;
        this.maxDelay = maxDelay;
        this.failures = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(forgetAfter).build();
    }

    /** How long the name or address must still wait; zero when it may try now. */
    Duration waitFor(String user, String address, Instant now) {
        Duration userWait = waitOf("user\n" + user, now);
        Duration addressWait = waitOf("address\n" + address, now);
        return userWait.compareTo(addressWait) >= 0 ? userWait : addressWait;
    }

    void failed(String user, String address, Instant now) {
        count("user\n" + user, freeFailures, now);
        count("address\n" + address, freeFailuresPerAddress, now);
    }

    void succeeded(String user, String address) {
        failures.invalidate("user\n" + user);
        failures.invalidate("address\n" + address);
    }

    private Duration waitOf(String key, Instant now) {
        Failures counted = failures.getIfPresent(key);
        if (counted == null) {
            return Duration.ZERO;
        }
        synchronized (counted) {
            return counted.waitUntil.isAfter(now) ? Duration.between(now, counted.waitUntil) : Duration.ZERO;
        }
    }

    private void count(String key, int free, Instant now) {
        Failures counted = failures.get(key, ignored -> new Failures());
        synchronized (counted) {
            counted.count++;
            int beyond = counted.count - free;
            if (beyond > 0) {
                long seconds = Math.min(1L << Math.min(beyond, 20), maxDelay.toSeconds());
                counted.waitUntil = now.plusSeconds(Math.max(seconds, 1));
            }
        }
        failures.put(key, counted);
    }
}
