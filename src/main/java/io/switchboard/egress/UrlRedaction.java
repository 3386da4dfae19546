package io.switchboard.egress;

import java.util.Locale;
import java.util.Set;

/**
 * Makes a URL safe to show in a log line, an exception message or a response. Rules:
 * <ol>
 *   <li>userinfo ({@code user:password@}) is removed;</li>
 *   <li>every query and fragment value becomes {@code [REDACTED]}; parameter names stay so the shape of the call
 *       remains readable ({@code ?token=x&a} → {@code ?token=[REDACTED]&[REDACTED]}: a bare item may be a key);</li>
 *   <li>on {@code hooks.slack.com}, every path segment after {@code /services/} is redacted, because an incoming
 *       webhook URL carries its secret in the path ({@code /services/T/B/secret});</li>
 *   <li>scheme, host, port and the rest of the path are kept;</li>
 *   <li>text that does not look like {@code scheme://authority...} is replaced whole by {@code [REDACTED URL]}:
 *       without a parse we cannot tell which part is secret.</li>
 * </ol>
 * The work is done on the string itself, not with {@link java.net.URI}, so URLs that the URI parser rejects are
 * redacted too.
 */
public final class UrlRedaction {

    public static final String REDACTED = "[REDACTED]";
    public static final String REDACTED_URL = "[REDACTED URL]";
    private static final Set<String> SPECIAL_SCHEMES = Set.of("ftp", "file", "http", "https", "ws", "wss");

    private UrlRedaction() {
    }

    /**
     * For a URL that is a secret as a whole, such as a Slack webhook: only scheme, host and port remain, and any path
     * beyond {@code /} becomes {@code /[REDACTED]}; query, fragment and userinfo are dropped.
     */
    public static String originOnly(String url) {
        if (url == null) {
            return null;
        }
        String text = url.strip();
        int schemeEnd = text.indexOf("://");
        if (schemeEnd <= 0 || !isScheme(text.substring(0, schemeEnd))) {
            return REDACTED_URL;
        }
        String rest = text.substring(schemeEnd + 3);
        int end = rest.length();
        for (char stop : new char[] {'/', '\\', '?', '#'}) {
            int at = rest.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        String authority = rest.substring(0, end);
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        String remainder = rest.substring(end);
        String path = remainder.isEmpty() || remainder.equals("/") ? remainder : "/" + REDACTED;
        return text.substring(0, schemeEnd) + "://" + hostPort + path;
    }

    /**
     * The URL as it was written, less its userinfo: for messages that quote a connector's URL, as Kibana's do. Works
     * on text the URL parser refuses too. The authority is found as a special URL's would be: after the scheme and
     * any slashes or backslashes ({@code http:user:pw@host} has one as well), up to the first {@code /},
     * {@code \}, {@code ?} or {@code #}; everything up to its last {@code @} goes. Other text is returned as it is.
     */
    public static String withoutUserinfo(String url) {
        if (url == null) {
            return null;
        }
        int colon = url.indexOf(':');
        String scheme = colon < 0 ? "" : url.substring(0, colon).strip();
        if (scheme.isEmpty() || !isScheme(scheme)) {
            return url;
        }
        int start = colon + 1;
        boolean slashes = url.startsWith("//", start);
        if (!slashes && !SPECIAL_SCHEMES.contains(scheme.toLowerCase(Locale.ROOT))) {
            return url;
        }
        while (start < url.length() && (url.charAt(start) == '/' || url.charAt(start) == '\\')) {
            start++;
        }
        int end = start;
        while (end < url.length() && "/\\?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        int at = url.lastIndexOf('@', end - 1);
        return at < start ? url : url.substring(0, start) + url.substring(at + 1);
    }

    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        String text = url.strip();
        int schemeEnd = text.indexOf("://");
        if (schemeEnd <= 0 || !isScheme(text.substring(0, schemeEnd))) {
            return REDACTED_URL;
        }
        String scheme = text.substring(0, schemeEnd);
        String rest = text.substring(schemeEnd + 3);

        int fragmentStart = rest.indexOf('#');
        String fragment = fragmentStart >= 0 ? rest.substring(fragmentStart + 1) : null;
        if (fragmentStart >= 0) {
            rest = rest.substring(0, fragmentStart);
        }
        int queryStart = rest.indexOf('?');
        String query = queryStart >= 0 ? rest.substring(queryStart + 1) : null;
        if (queryStart >= 0) {
            rest = rest.substring(0, queryStart);
        }
        int pathStart = indexOfAny(rest, '/', '\\');
        String authority = pathStart >= 0 ? rest.substring(0, pathStart) : rest;
        String path = pathStart >= 0 ? rest.substring(pathStart) : "";

        // The last '@' ends the userinfo: a password may itself contain '@'.
        int at = authority.lastIndexOf('@');
        String hostPort = at >= 0 ? authority.substring(at + 1) : authority;

        StringBuilder out = new StringBuilder(text.length());
        out.append(scheme).append("://").append(hostPort).append(redactPath(hostPort, path));
        if (query != null) {
            out.append('?').append(redactParameters(query));
        }
        if (fragment != null) {
            out.append('#').append(redactParameters(fragment));
        }
        return out.toString();
    }

    private static String redactPath(String hostPort, String path) {
        String host = hostPort;
        int colon = host.lastIndexOf(':');
        if (colon >= 0 && !host.endsWith("]")) {
            host = host.substring(0, colon);
        }
        if (!host.toLowerCase(Locale.ROOT).equals("hooks.slack.com")) {
            return path;
        }
        String prefix = "/services/";
        if (!path.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return path;
        }
        StringBuilder out = new StringBuilder(path.substring(0, prefix.length()));
        String[] segments = path.substring(prefix.length()).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                out.append('/');
            }
            out.append(segments[i].isEmpty() ? "" : REDACTED);
        }
        return out.toString();
    }

    private static String redactParameters(String parameters) {
        if (parameters.isEmpty()) {
            return parameters;
        }
        StringBuilder out = new StringBuilder();
        String[] items = parameters.split("[&;]", -1);
        for (int i = 0; i < items.length; i++) {
            if (i > 0) {
                out.append('&');
            }
            String item = items[i];
            int equals = item.indexOf('=');
            if (item.isEmpty()) {
                continue;
            }
            out.append(equals >= 0 ? item.substring(0, equals + 1) + REDACTED : REDACTED);
        }
        return out.toString();
    }

    private static boolean isScheme(String candidate) {
        if (!Character.isLetter(candidate.charAt(0))) {
            return false;
        }
        for (int i = 1; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (!Character.isLetterOrDigit(c) && c != '+' && c != '-' && c != '.') {
                return false;
            }
        }
        return true;
    }

    private static int indexOfAny(String text, char first, char second) {
        int a = text.indexOf(first);
        int b = text.indexOf(second);
        if (a < 0) {
            return b;
        }
        return b < 0 ? a : Math.min(a, b);
    }
}
