package io.switchboard.connector;

import java.math.BigInteger;
import java.net.IDN;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What JavaScript's {@code new URL(input)} makes of a string, following the WHATWG URL standard's failure cases
 * closely enough for configuration checks: a scheme is required, special schemes need a valid host, ports are
 * numbers up to 65535, and hosts that end in a number must be IPv4 addresses. Kibana parses connector URLs this way
 * before any allow-list check. Java's {@link java.net.URI} is both stricter (spaces, brackets) and laxer (no host
 * required) than browsers and Node, so it cannot answer the same question.
 */
public final class WhatwgUrl {

    private static final Set<String> SPECIAL = Set.of("ftp", "http", "https", "ws", "wss");
    /** Forbidden host code points; domains also forbid {@code %}, C0 controls and DEL. */
    private static final String FORBIDDEN_HOST = "\0\t\n\r #/:<>?@[\\]^|";
    // Compiled once: connector URLs are checked again before every execution.
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern HEX_NUMBER = Pattern.compile("0[xX][0-9A-Fa-f]*");
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern LEADING_ZEROS = Pattern.compile("^0+(?=.)");

    private WhatwgUrl() {
    }

    /** The text of Node's parse failure, as Kibana prints it through {@code String(err)}. */
    public static String failure(String input) {
        return "TypeError: Invalid URL: " + input;
    }

    public static boolean isValid(String input) {
        return hostname(input).isPresent();
    }

    /**
     * The URL's {@code hostname} as the parser gives it (lower-cased, international names in punycode, IPv4 in
     * dotted-decimal form; IPv6 without brackets; empty for URLs without a host), or empty when the parser throws.
     */
    public static Optional<String> hostname(String input) {
        String url = withoutTabsAndNewlines(stripControlsAndSpaces(input));
        int colon = url.indexOf(':');
        if (colon < 1 || !SCHEME.matcher(url.substring(0, colon)).matches()) {
            return Optional.empty();
        }
        String scheme = url.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = url.substring(colon + 1);
        if (scheme.equals("file")) {
            return Optional.of("");
        }
        if (SPECIAL.contains(scheme)) {
            int start = 0;
            while (start < rest.length() && (rest.charAt(start) == '/' || rest.charAt(start) == '\\')) {
                start++;
            }
            return host(authority(rest.substring(start), true), true);
        }
        if (rest.startsWith("//")) {
            return host(authority(rest.substring(2), false), false);
        }
        return Optional.of("");
    }

    private static String authority(String afterSlashes, boolean special) {
        int end = 0;
        while (end < afterSlashes.length()) {
            char c = afterSlashes.charAt(end);
            if (c == '/' || c == '?' || c == '#' || (special && c == '\\')) {
                break;
            }
            end++;
        }
        return afterSlashes.substring(0, end);
    }

    private static Optional<String> host(String authority, boolean special) {
        String hostAndPort = authority.substring(authority.lastIndexOf('@') + 1);
        String host;
        String port;
        if (hostAndPort.startsWith("[")) {
            int close = hostAndPort.indexOf(']');
            if (close < 0) {
                return Optional.empty();
            }
            host = hostAndPort.substring(0, close + 1);
            String after = hostAndPort.substring(close + 1);
            if (!after.isEmpty() && !after.startsWith(":")) {
                return Optional.empty();
            }
            port = after.isEmpty() ? "" : after.substring(1);
        } else {
            int colon = hostAndPort.indexOf(':');
            host = colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
            port = colon < 0 ? "" : hostAndPort.substring(colon + 1);
        }
        if (authority.contains("@") && host.isEmpty()) {
            return Optional.empty();
        }
        if (!port.isEmpty() && (!DIGITS.matcher(port).matches()
                || LEADING_ZEROS.matcher(port).replaceFirst("").length() > 5
                || Integer.parseInt(port) > 65535)) {
            return Optional.empty();
        }
        if (host.isEmpty()) {
            return special ? Optional.empty() : Optional.of("");
        }
        if (host.startsWith("[")) {
            String inside = host.substring(1, host.length() - 1);
            return host.endsWith("]") && IPV6_CHARACTERS.matcher(inside).matches() && inside.contains(":")
                    ? Optional.of(inside.toLowerCase(Locale.ROOT)) : Optional.empty();
        }
        if (!special) {
            return host.chars().noneMatch(c -> FORBIDDEN_HOST.indexOf(c) >= 0) ? Optional.of(host) : Optional.empty();
        }
        return domain(host);
    }

    /** The URL parser drops tabs and line feeds wherever they are. */
    private static String withoutTabsAndNewlines(String url) {
        if (url.indexOf('\t') < 0 && url.indexOf('\n') < 0 && url.indexOf('\r') < 0) {
            return url;
        }
        StringBuilder kept = new StringBuilder(url.length());
        url.chars().filter(c -> c != '\t' && c != '\n' && c != '\r').forEach(c -> kept.append((char) c));
        return kept.toString();
    }

    private static Optional<String> domain(String host) {
        String decoded = percentDecode(host);
        if (decoded == null) {
            return Optional.empty();
        }
        String ascii;
        try {
            ascii = IDN.toASCII(decoded, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException notADomain) {
            return Optional.empty();
        }
        if (ascii.isEmpty() || ascii.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '%'
                || FORBIDDEN_HOST.indexOf(c) >= 0)) {
            return Optional.empty();
        }
        return endsInANumber(ascii) ? ipv4(ascii) : Optional.of(ascii);
    }

    private static boolean endsInANumber(String host) {
        String[] labels = host.split("\\.", -1);
        int last = labels.length - 1;
        if (labels[last].isEmpty() && last > 0) {
            last--;
        }
        String label = labels[last];
        return !label.isEmpty() && (DIGITS.matcher(label).matches() || HEX_NUMBER.matcher(label).matches());
    }

    /** The dotted-decimal form of an IPv4 host in any of the forms the parser accepts, or empty. */
    private static Optional<String> ipv4(String host) {
        String[] parts = host.split("\\.", -1);
        int count = parts.length;
        if (parts[count - 1].isEmpty() && count > 1) {
            count--;
        }
        if (count > 4) {
            return Optional.empty();
        }
        long[] numbers = new long[count];
        for (int i = 0; i < count; i++) {
            Long number = ipv4Number(parts[i]);
            if (number == null) {
                return Optional.empty();
            }
            numbers[i] = number;
        }
        for (int i = 0; i < count - 1; i++) {
            if (numbers[i] > 255) {
                return Optional.empty();
            }
        }
        if (numbers[count - 1] >= Math.pow(256, 5 - count)) {
            return Optional.empty();
        }
        long address = numbers[count - 1];
        for (int i = 0; i < count - 1; i++) {
            address += numbers[i] << (8 * (3 - i));
        }
        return Optional.of((address >> 24 & 0xff) + "." + (address >> 16 & 0xff) + "." + (address >> 8 & 0xff) + "."
                + (address & 0xff));
    }

    private static Long ipv4Number(String part) {
        if (part.isEmpty()) {
            return null;
        }
        int radix = 10;
        String digits = part;
        if (part.length() >= 2 && (part.startsWith("0x") || part.startsWith("0X"))) {
            radix = 16;
            digits = part.substring(2);
        } else if (part.length() >= 2 && part.startsWith("0")) {
            radix = 8;
            digits = part.substring(1);
        }
        if (digits.isEmpty()) {
            return 0L;
        }
        try {
            BigInteger value = new BigInteger(digits, radix);
            return value.bitLength() > 40 ? Long.MAX_VALUE : value.longValue();
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    private static String percentDecode(String host) {
        try {
            return URLDecoder.decode(host.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException badEscape) {
            // WHATWG leaves malformed escapes as they are; the '%' then makes the host invalid
            return host;
        }
    }

    private static String stripControlsAndSpaces(String input) {
        int start = 0;
        int end = input.length();
        while (start < end && input.charAt(start) <= ' ') {
            start++;
        }
        while (end > start && input.charAt(end - 1) <= ' ') {
            end--;
        }
        return input.substring(start, end);
    }
}
