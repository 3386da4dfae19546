package io.switchboard.connector.webhook;

import java.math.BigInteger;
import java.net.IDN;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Whether JavaScript's {@code new URL(input)} accepts a string, following the WHATWG URL standard's failure cases
 * closely enough for configuration checks: a scheme is required, special schemes need a valid host, ports are
 * numbers up to 65535, and hosts that end in a number must be IPv4 addresses. Java's {@link java.net.URI} is both
 * stricter (spaces, brackets) and laxer (no host required) than browsers and Node.
 */
final class WhatwgUrl {

    private static final Set<String> SPECIAL = Set.of("ftp", "http", "https", "ws", "wss");
    /** Forbidden host code points; domains also forbid {@code %}, C0 controls and DEL. */
    private static final String FORBIDDEN_HOST = "\0\t\n\r #/:<>?@[\\]^|";

    private WhatwgUrl() {
    }

    /** The text of Node's parse failure, as Kibana prints it through {@code String(err)}. */
    static String failure(String input) {
        return "TypeError: Invalid URL: " + input;
    }

    static boolean isValid(String input) {
        String url = stripControlsAndSpaces(input).replaceAll("[\\t\\n\\r]", "");
        int colon = url.indexOf(':');
        if (colon < 1 || !url.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            return false;
        }
        String scheme = url.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = url.substring(colon + 1);
        if (scheme.equals("file")) {
            return true;
        }
        if (SPECIAL.contains(scheme)) {
            int start = 0;
            while (start < rest.length() && (rest.charAt(start) == '/' || rest.charAt(start) == '\\')) {
                start++;
            }
            return isValidAuthority(authority(rest.substring(start), true), true);
        }
        if (rest.startsWith("//")) {
            return isValidAuthority(authority(rest.substring(2), false), false);
        }
        return true;
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

    private static boolean isValidAuthority(String authority, boolean special) {
        String hostAndPort = authority.substring(authority.lastIndexOf('@') + 1);
        String host;
        String port;
        if (hostAndPort.startsWith("[")) {
            int close = hostAndPort.indexOf(']');
            if (close < 0) {
                return false;
            }
            host = hostAndPort.substring(0, close + 1);
            String after = hostAndPort.substring(close + 1);
            if (!after.isEmpty() && !after.startsWith(":")) {
                return false;
            }
            port = after.isEmpty() ? "" : after.substring(1);
        } else {
            int colon = hostAndPort.indexOf(':');
            host = colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
            port = colon < 0 ? "" : hostAndPort.substring(colon + 1);
        }
        if (authority.contains("@") && host.isEmpty()) {
            return false;
        }
        if (!port.isEmpty() && (!port.matches("[0-9]+") || port.replaceFirst("^0+(?=.)", "").length() > 5
                || Integer.parseInt(port) > 65535)) {
            return false;
        }
        if (host.isEmpty()) {
            return !special;
        }
        if (host.startsWith("[")) {
            return host.endsWith("]") && host.substring(1, host.length() - 1).matches("[0-9A-Fa-f:.]+")
                    && host.contains(":");
        }
        return special ? isValidDomain(host) : host.chars().noneMatch(c -> FORBIDDEN_HOST.indexOf(c) >= 0);
    }

    private static boolean isValidDomain(String host) {
        String decoded = percentDecode(host);
        if (decoded == null) {
            return false;
        }
        String ascii;
        try {
            ascii = IDN.toASCII(decoded, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException notADomain) {
            return false;
        }
        if (ascii.isEmpty() || ascii.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '%'
                || FORBIDDEN_HOST.indexOf(c) >= 0)) {
            return false;
        }
        return !endsInANumber(ascii) || isValidIpv4(ascii);
    }

    private static boolean endsInANumber(String host) {
        String[] labels = host.split("\\.", -1);
        int last = labels.length - 1;
        if (labels[last].isEmpty() && last > 0) {
            last--;
        }
        String label = labels[last];
        return !label.isEmpty() && (label.matches("[0-9]+") || label.matches("0[xX][0-9A-Fa-f]*"));
    }

    private static boolean isValidIpv4(String host) {
        String[] parts = host.split("\\.", -1);
        int count = parts.length;
        if (parts[count - 1].isEmpty() && count > 1) {
            count--;
        }
        if (count > 4) {
            return false;
        }
        long[] numbers = new long[count];
        for (int i = 0; i < count; i++) {
            Long number = ipv4Number(parts[i]);
            if (number == null) {
                return false;
            }
            numbers[i] = number;
        }
        for (int i = 0; i < count - 1; i++) {
            if (numbers[i] > 255) {
                return false;
            }
        }
        return numbers[count - 1] < Math.pow(256, 5 - count);
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
