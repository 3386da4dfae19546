package io.switchboard.connector;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Whether a failed execution should be tried again: Kibana's {@code retry} of {@code true}, {@code false}, a date,
 * or absent (which a queue treats as retryable).
 */
public sealed interface Retry {

    Retry YES = new Flag(true);
    Retry NO = new Flag(false);

    static Retry at(Instant when) {
        return new At(when);
    }

    record Flag(boolean retry) implements Retry {
    }

    record At(Instant when) implements Retry {
        private static final DateTimeFormatter ISO_MILLIS =
                DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

        /** As JavaScript's {@code Date.toISOString()} prints it: always milliseconds, always UTC. */
        public String iso() {
            return ISO_MILLIS.format(when);
        }
    }
}
