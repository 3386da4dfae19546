package io.switchboard.api;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * The hostile pieces a request is assembled from: path segments, space ids, query strings and JSON bodies. Every
 * piece is wire text, one character a byte (ISO-8859-1), so that invalid UTF-8 and NUL bytes can be sent as they
 * are.
 */
final class HostileParts {

    /** Percent-encodings and characters that trouble decoders, normalizers and databases. */
    private static final List<String> SEGMENT_ATOMS = List.of(
            "%00", "x%00y", "%ff", "%fe%ff", "%c0%ae%c0%ae", "%e0%80%ae", "%c0%af", "%2e%2e", "%2e", "..", ".",
            "%2f", "%2F..%2F", "%252e%252e", "%", "%z1", "%e2%82", "%ed%a0%80", "%f4%90%80%80", "%0d%0a", "%09",
            "%20", ";", ";jsessionid=1", "%3b", "%23", "%3f", "~", "$", "'", "%22", "%3c%3e", "%5c", "%u002e",
            "%f0%9f%92%a5", "%e2%80%ae", "%ef%bb%bf", "*", "%2a", "{id}", "%7b%7d", "@", ":", "%3a", "!", "(", ")");

    private static final List<String> UNICODE = List.of(
            "é", "ß", "Ω", "東京", "💥", "\u202e", "\ufeff", "\u0301", "İ", "ﬀ", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "\u00a0");

    /** Values that break parsers of numbers, dates, JSON and KQL. */
    private static final List<String> QUERY_VALUES = List.of(
            "", "-1", "0", "1e309", "99999999999999999999", "NaN", "Infinity", "null", "true", "[]", "{}", "{",
            "%00", "%ff", "%c0%ae", "now-15m", "now+99999999y", "2024-13-45T25:61:61Z", "-271821-04-19T00:00:00Z",
            "%5B%7B%22timestamp%22%3A%7B%22order%22%3A%22sideways%22%7D%7D%5D", "%7B%22a%22%3A",
            "kibana.alert%3A*", "a%20or%20(b%20and%20not%20(c", "%22unterminated", "*:*", "message%3A%22%5C%22",
            "0x10", "1.5", "-0", "+1", "%2B1", "1%000", "%e2%82%ac", "%f0%9f%92%a5", "\u00ff");

    /** Numbers past what a double holds, whose exponents cost a big-decimal reader dearly, or past the parser's length. */
    static final List<String> NUMBERS = List.of(
            "0", "-0", "1e308", "-1e309", "123456789012345678901234567890", "0.1e-400", "1e999999999",
            "-1e-999999999", "1E+2147483647", "1" + "0".repeat(2_000), "0." + "9".repeat(999), "-9223372036854775809");

    private static final List<String> QUERY_KEYS = List.of(
            "date_start", "date_end", "filter", "per_page", "page", "sort", "namespaces", "feature_id", "id", "name",
            "username", "owner", "action", "user", "outcome", "search", "%00", "%ff", "", "a%5B%5D", "page[]");

    private final Random random;

    HostileParts(Random random) {
        this.random = random;
    }

    <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    /** A number from {@code low} to {@code high}, both included; {@code low} when there is no such number. */
    int between(int low, int high) {
        return high < low ? low : low + random.nextInt(high - low + 1);
    }

    /** Text as its UTF-8 bytes on the wire. */
    static String utf8(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    String word(int length) {
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < length; i++) {
            word.append("abcdefghijklmnopqrstuvwxyz0123456789-_".charAt(random.nextInt(38)));
        }
        return word.toString();
    }

    /** A path segment standing for an id or a name that names nothing stored. */
    String segment() {
        return switch (random.nextInt(8)) {
            case 0 -> atoms();
            case 1 -> word(between(1, 12)) + pick(SEGMENT_ATOMS) + word(between(0, 6));
            case 2 -> "z".repeat(between(300, 12_000));
            case 3 -> pick(SEGMENT_ATOMS).repeat(between(50, 2_000));
            case 4 -> "";
            case 5 -> utf8(pick(UNICODE) + word(3));
            case 6 -> rawBytes(between(1, 8));
            default -> percentEncoded(pick(UNICODE) + word(between(0, 40)));
        };
    }

    private String atoms() {
        StringBuilder segment = new StringBuilder();
        for (int i = between(1, 4); i > 0; i--) {
            segment.append(pick(SEGMENT_ATOMS));
        }
        return segment.toString();
    }

    /** Bytes no URL may hold unencoded, short of the space and line ends that would split the request line. */
    private String rawBytes(int count) {
        StringBuilder bytes = new StringBuilder();
        for (int i = 0; i < count; i++) {
            int b = random.nextInt(256);
            bytes.append(b == ' ' || b == '\r' || b == '\n' ? '\u0001' : (char) b);
        }
        return bytes.toString();
    }

    static String percentEncoded(String text) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            encoded.append(String.format("%%%02x", b & 0xff));
        }
        return encoded.toString();
    }

    /** A space id after {@code /s/}, of the allowed characters or not. */
    String spaceId() {
        return switch (random.nextInt(9)) {
            case 0 -> word(between(1, 30));
            case 1 -> "s".repeat(between(2_000, 9_000));
            case 2 -> "Space" + word(3);
            case 3 -> "";
            case 4 -> utf8(pick(UNICODE));
            case 5 -> percentEncoded(pick(UNICODE));
            case 6 -> pick(SEGMENT_ATOMS);
            case 7 -> "default";
            default -> word(4) + pick(SEGMENT_ATOMS);
        };
    }

    /** A query string, without its {@code ?}. */
    String query() {
        StringBuilder query = new StringBuilder();
        for (int i = between(1, 6); i > 0; i--) {
            if (!query.isEmpty()) {
                query.append(chance(0.1) ? "&&" : "&");
            }
            query.append(pick(QUERY_KEYS));
            if (chance(0.9)) {
                query.append('=').append(queryValue());
            }
        }
        return query.toString();
    }

    private String queryValue() {
        return switch (random.nextInt(6)) {
            case 0 -> "9".repeat(between(20, 400));
            case 1 -> "(".repeat(between(50, 3_000)) + "a";
            case 2 -> "x".repeat(between(1_000, 9_000));
            case 3 -> percentEncoded(pick(UNICODE));
            default -> pick(QUERY_VALUES);
        };
    }

    /** A JSON value of any type, hostile in content but within the parser's limits. */
    String anyValue(int depth) {
        return switch (depth > 6 ? random.nextInt(6) : random.nextInt(9)) {
            case 0 -> "null";
            case 1 -> chance(0.5) ? "true" : "false";
            case 2 -> pick(NUMBERS);
            case 3 -> jsonString(hostileText());
            case 4 -> "\"" + "\\u0000".repeat(between(1, 5)) + "\"";
            case 5 -> "\"\\ud800\"";
            case 6 -> "[" + anyValue(depth + 1) + "," + anyValue(depth + 1) + "]";
            case 7 -> "{" + jsonString(hostileText()) + ":" + anyValue(depth + 1) + "}";
            default -> "{\"a\":" + anyValue(depth + 1) + ",\"b\":" + anyValue(depth + 1) + "}";
        };
    }

    String hostileText() {
        return switch (random.nextInt(6)) {
            case 0 -> "";
            case 1 -> " ";
            case 2 -> word(between(1, 20));
            case 3 -> pick(UNICODE);
            case 4 -> "{{" + word(4) + "}}{{#a}}{{/b}}{{{";
            default -> "<script>" + word(3) + "</script>";
        };
    }

    /** A JSON string literal of {@code text} as UTF-8 wire bytes. */
    static String jsonString(String text) {
        StringBuilder literal = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                literal.append('\\').append(c);
            } else if (c < 0x20) {
                literal.append(String.format("\\u%04x", (int) c));
            } else {
                literal.append(c);
            }
        }
        return utf8(literal.append('"').toString());
    }

    /** Nesting past the parser's depth limit of 100. */
    String tooDeep() {
        int depth = between(101, 5_000);
        return chance(0.5) ? "[".repeat(depth) + "]".repeat(depth)
                : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    /** A string long enough to matter, short of the payload limit. */
    String hugeString() {
        return "\"" + "h".repeat(between(100_000, 900_000)) + "\"";
    }
}
