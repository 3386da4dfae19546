package io.switchboard.connector;

import java.time.Instant;

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
        /** As JavaScript's {@code Date.toISOString()} prints it. */
        public String iso() {
            return IsoTime.of(when);
        }
    }
}
