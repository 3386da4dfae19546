package io.switchboard.connector;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code Retry-After} header as Kibana does: a base-10 integer prefix counted in seconds from now; an
 * HTTP date or anything else non-numeric counts as absent.
 */
public final class RetryAfter {

    private static final Pattern LEADING_INTEGER = Pattern.compile("^\\s*([+-]?\\d+)");

    private RetryAfter() {
    }

    public static Optional<Instant> parse(Optional<String> header, Instant now) {
        return header.flatMap(value -> {
            Matcher matcher = LEADING_INTEGER.matcher(value);
            if (!matcher.find()) {
                return Optional.empty();
            }
            try {
                return Optional.of(now.plusSeconds(Long.parseLong(matcher.group(1))));
            } catch (NumberFormatException tooLarge) {
                return Optional.empty();
            }
        });
    }
}
