package io.switchboard.connector;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Instants as JavaScript's {@code Date.toISOString()} prints them, as Kibana's wire and event log carry them. */
public final class IsoTime {

    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private IsoTime() {
    }

    /** Always milliseconds, always UTC: {@code 2026-11-22T09:15:30.000Z}. */
    public static String of(Instant instant) {
        return ISO_MILLIS.format(instant);
    }
}
