package io.switchboard.connector.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The few JavaScript semantics Kibana's Jira service relies on, so that bodies, URLs, dates and messages come out
 * as they do there: truthiness, string conversion in templates, {@code trim}, {@code encodeURIComponent},
 * {@code new Date(x).toISOString()} and the TypeError texts V8 gives for property reads on null/undefined.
 */
final class Js {

    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    /** ECMAScript's date-time string format plus Jira's offsets without a colon ({@code +0300}). */
    private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T')
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter();
    private static final String URI_UNRESERVED = "-_.!~*'()";
    private static final String JQL_SPECIAL = "-!^+&*()[]/{}|:?~";

    private Js() {
    }

    /** JavaScript truthiness of a JSON value; a missing property is {@code undefined}. */
    static boolean truthy(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return false;
        }
        if (value.isTextual()) {
            return !value.textValue().isEmpty();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isNumber()) {
            return value.doubleValue() != 0 && !Double.isNaN(value.doubleValue());
        }
        return true;
    }

    static boolean isUndefined(JsonNode value) {
        return value == null || value.isMissingNode();
    }

    /** {@code a ?? b}. */
    static JsonNode orElse(JsonNode value, JsonNode fallback) {
        return isUndefined(value) || value.isNull() ? fallback : value;
    }

    /** What {@code `${value}`} prints. */
    static String string(JsonNode value) {
        if (isUndefined(value)) {
            return "undefined";
        }
        if (value.isNull()) {
            return "null";
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isNumber()) {
            return number(value);
        }
        if (value.isBoolean()) {
            return String.valueOf(value.booleanValue());
        }
        if (value.isArray()) {
            StringBuilder joined = new StringBuilder();
            for (int i = 0; i < value.size(); i++) {
                if (i > 0) {
                    joined.append(',');
                }
                joined.append(joinElement(value.get(i)));
            }
            return joined.toString();
        }
        return "[object Object]";
    }

    /** An element as {@code Array.prototype.join} prints it: null and undefined become empty. */
    static String joinElement(JsonNode value) {
        return isUndefined(value) || value.isNull() ? "" : string(value);
    }

    private static String number(JsonNode value) {
        if (value.isIntegralNumber()) {
            return value.bigIntegerValue().toString();
        }
        double number = value.doubleValue();
        if (number == Math.rint(number) && Math.abs(number) < 1e21) {
            return BigDecimal.valueOf(number).toBigInteger().toString();
        }
        return BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
    }

    /** {@code obj.name} for an object; undefined for other values; a TypeError on null and undefined. */
    static JsonNode read(JsonNode object, String name) throws JiraFailure {
        if (isUndefined(object) || object.isNull()) {
            throw JiraFailure.invalidResponse("Cannot read properties of " + string(object) + " (reading '"
                    + name + "')");
        }
        JsonNode value = object.isObject() ? object.get(name) : null;
        return value == null ? MissingNode.getInstance() : value;
    }

    /** {@code obj?.name}. */
    static JsonNode readOptional(JsonNode object, String name) {
        if (isUndefined(object) || object.isNull() || !object.isObject()) {
            return MissingNode.getInstance();
        }
        JsonNode value = object.get(name);
        return value == null ? MissingNode.getInstance() : value;
    }

    /** {@code String.prototype.trim}: white space and line terminators as ECMAScript defines them. */
    static String trim(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isJsWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && isJsWhitespace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    private static boolean isJsWhitespace(char c) {
        return c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r' || c == ' ' || c == 0xA0
                || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F
                || c == 0x205F || c == 0x3000 || c == 0xFEFF;
    }

    /** {@code encodeURIComponent}; a lone surrogate is replaced rather than thrown on. */
    static String encodeUriComponent(String text) {
        StringBuilder out = new StringBuilder(text.length() * 3 / 2);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || (c < 0x80 && URI_UNRESERVED.indexOf(c) >= 0)) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }

    /**
     * Kibana's escaping of a title inside a JQL text search: double quotes dropped, a backslash doubled, a single
     * quote replaced by two backslashes (sic), and each JQL special character prefixed with two backslashes.
     */
    static String escapeJql(String title) {
        StringBuilder out = new StringBuilder(title.length() * 2);
        for (int i = 0; i < title.length(); i++) {
            char c = title.charAt(i);
            if (c == '"') {
                continue;
            }
            if (c == '\\' || c == '\'') {
                out.append("\\\\");
            } else if (JQL_SPECIAL.indexOf(c) >= 0) {
                out.append("\\\\").append(c);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * {@code new Date(value).toISOString()}; empty when JavaScript would throw {@code RangeError: Invalid time
     * value}. Date-times without an offset are read as UTC, the time zone Kibana's servers run in.
     */
    static Optional<String> isoDate(JsonNode value) {
        if (isUndefined(value)) {
            return Optional.empty();
        }
        if (value.isNull()) {
            return Optional.of(ISO_MILLIS.format(Instant.EPOCH));
        }
        if (value.isNumber()) {
            double millis = value.doubleValue();
            if (Double.isNaN(millis) || Math.abs(millis) > 8.64e15) {
                return Optional.empty();
            }
            return Optional.of(ISO_MILLIS.format(Instant.ofEpochMilli((long) millis)));
        }
        if (!value.isTextual()) {
            return Optional.empty();
        }
        String text = trim(value.textValue());
        try {
            var parsed = DATE_TIME.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
            Instant instant = parsed instanceof OffsetDateTime offset ? offset.toInstant()
                    : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
            return Optional.of(ISO_MILLIS.format(instant.truncatedTo(ChronoUnit.MILLIS)));
        } catch (DateTimeParseException notDateTime) {
            try {
                return Optional.of(ISO_MILLIS.format(LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC)));
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }
}
