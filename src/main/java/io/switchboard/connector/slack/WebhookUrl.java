package io.switchboard.connector.slack;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether a string is a URL that the WHATWG URL parser (JavaScript's {@code new URL(...)}) accepts. Kibana refuses a
 * Slack webhook URL that this parser rejects, before any allow-list check; {@link java.net.URI} is both stricter
 * (spaces in paths) and looser (relative references), so it cannot answer the same question.
 */
final class WebhookUrl {

    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):(.*)$", Pattern.DOTALL);
    private static final Set<String> SPECIAL = Set.of("http", "https", "ws", "wss", "ftp");
    private static final String FORBIDDEN_HOST_CHARS = "\u0000\t\n\r #/:<>?@[\\]^|%";

    private WebhookUrl() {
    }

    /**
     * The hostname {@code new URL(input).hostname} gives (empty for URLs without a host), or empty when the parser
     * throws.
     */
    static Optional<String> hostname(String input) {
        String url = stripControlAndSpace(input).replaceAll("[\t\n\r]", "");
        var match = SCHEME.matcher(url);
        if (!match.matches()) {
            return Optional.empty();
        }
        String scheme = match.group(1).toLowerCase(Locale.ROOT);
        String rest = match.group(2);
        if (scheme.equals("file")) {
            return Optional.of("");
        }
        if (SPECIAL.contains(scheme)) {
            return authorityHost(rest.replaceFirst("^[/\\\\]*", ""), true).map(host -> host.toLowerCase(Locale.ROOT));
        }
        if (rest.startsWith("//")) {
            return authorityHost(rest.substring(2), false);
        }
        return Optional.of("");
    }

    private static Optional<String> authorityHost(String afterSlashes, boolean special) {
        Optional<String> host = hostOf(afterSlashes, special);
        return host.map(h -> h.startsWith("[") ? h.substring(1, h.length() - 1) : h);
    }

    private static Optional<String> hostOf(String afterSlashes, boolean special) {
        int end = 0;
        while (end < afterSlashes.length() && "/?#".indexOf(afterSlashes.charAt(end)) < 0
                && !(special && afterSlashes.charAt(end) == '\\')) {
            end++;
        }
        String authority = afterSlashes.substring(0, end);
        int at = authority.lastIndexOf('@');
        String hostAndPort = at < 0 ? authority : authority.substring(at + 1);
        String host = hostAndPort;
        String port = "";
        if (hostAndPort.startsWith("[")) {
            int close = hostAndPort.indexOf(']');
            if (close < 0) {
                return Optional.empty();
            }
            host = hostAndPort.substring(0, close + 1);
            String after = hostAndPort.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    return Optional.empty();
                }
                port = after.substring(1);
            }
            if (!host.substring(1, host.length() - 1).matches("[0-9A-Fa-f:.]+")) {
                return Optional.empty();
            }
        } else {
            int colon = hostAndPort.indexOf(':');
            if (colon >= 0) {
                host = hostAndPort.substring(0, colon);
                port = hostAndPort.substring(colon + 1);
            }
            if (host.isEmpty() && special) {
                return Optional.empty();
            }
            // special hosts are percent-decoded before the character check
            String checked = special ? host.replaceAll("%[0-9A-Fa-f]{2}", "a") : host;
            for (char c : checked.toCharArray()) {
                if (FORBIDDEN_HOST_CHARS.indexOf(c) >= 0 && !(c == '%' && !special) || c < 0x20 || c == 0x7f) {
                    return Optional.empty();
                }
            }
        }
        if (!port.isEmpty()) {
            if (!port.matches("[0-9]+")) {
                return Optional.empty();
            }
            String digits = port.replaceFirst("^0+(?=.)", "");
            if (digits.length() > 5 || Integer.parseInt(digits) > 65535) {
                return Optional.empty();
            }
        }
        return Optional.of(host);
    }

    private static String stripControlAndSpace(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && value.charAt(start) <= 0x20) {
            start++;
        }
        while (end > start && value.charAt(end - 1) <= 0x20) {
            end--;
        }
        return value.substring(start, end);
    }
}
