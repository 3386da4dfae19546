package io.switchboard.connector;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.SignStyle;
import java.time.temporal.ChronoField;

/** Instants as JavaScript's {@code Date.toISOString()} prints them, as Kibana's wire and event log carry them. */
public final class IsoTime {

    /** Years 0 to 9999 in four digits, as JavaScript writes them. */
    private static final DateTimeFormatter FOUR_DIGIT_YEAR =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    /** Other years signed and in six digits: {@code +010000}, {@code -000001}. */
    private static final DateTimeFormatter EXPANDED_YEAR = new DateTimeFormatterBuilder()
            .appendValue(ChronoField.YEAR, 6, 6, SignStyle.ALWAYS)
            .appendPattern("-MM-dd'T'HH:mm:ss.SSS'Z'").toFormatter().withZone(ZoneOffset.UTC);

    private IsoTime() {
    }

    /** Always milliseconds, always UTC: {@code 2026-11-22T09:15:30.000Z}. */
    public static String of(Instant instant) {
        int year = instant.atOffset(ZoneOffset.UTC).getYear();
        return (year >= 0 && year <= 9999 ? FOUR_DIGIT_YEAR : EXPANDED_YEAR).format(instant);
    }
}
