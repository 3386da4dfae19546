package io.switchboard.connector;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The years JavaScript's {@code toISOString()} writes in four digits, and the signed six-digit ones beyond. */
class IsoTimeTest {

    @Test
    void yearsZeroToNineThousandNineHundredNinetyNineHaveFourDigits() {
        assertEquals("2026-11-22T09:15:30.000Z", IsoTime.of(Instant.parse("2026-11-22T09:15:30Z")));
        assertEquals("0000-01-01T00:00:00.000Z", IsoTime.of(Instant.parse("0000-01-01T00:00:00Z")));
        assertEquals("9999-12-31T23:59:59.999Z", IsoTime.of(Instant.parse("9999-12-31T23:59:59.999Z")));
    }

    @Test
    void otherYearsAreSignedWithSixDigits() {
        assertEquals("+010000-01-01T00:00:00.000Z", IsoTime.of(Instant.parse("+10000-01-01T00:00:00Z")));
        assertEquals("-000001-12-31T23:00:00.000Z", IsoTime.of(Instant.parse("-0001-12-31T23:00:00Z")));
        assertEquals("+275760-09-13T00:00:00.000Z", IsoTime.of(Instant.ofEpochMilli(8_640_000_000_000_000L)));
    }
}
