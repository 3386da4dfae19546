package io.switchboard.security;

import io.switchboard.management.ApiException;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Elasticsearch's time values for {@code expiration}: a number and a unit ({@code 30m}, {@code 1d}, {@code 12h}). */
final class ApiKeyExpiration {

    private static final Pattern TIME_VALUE = Pattern.compile("^(\\d{1,12})(nanos|micros|ms|s|m|h|d)$");

    private ApiKeyExpiration() {
    }

    static Duration parse(String value) {
        Matcher matcher = TIME_VALUE.matcher(value.trim());
        if (!matcher.matches()) {
            throw ApiException.badRequest("failed to parse setting [expiration] with value [" + value
                    + "] as a time value: unit is missing or unrecognized");
        }
        long amount = Long.parseLong(matcher.group(1));
        Duration duration = switch (matcher.group(2)) {
            case "nanos" -> Duration.ofNanos(amount);
            case "micros" -> Duration.ofNanos(amount * 1_000);
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
        if (duration.isZero()) {
            throw ApiException.badRequest("[expiration] must be greater than zero");
        }
        return duration;
    }
}
