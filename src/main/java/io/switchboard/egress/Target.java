package io.switchboard.egress;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** One parsed hop of an outbound call: an absolute http(s) URL split the way the client needs it. */
record Target(String url, String scheme, String host, String authorityHost, int port, String pathAndQuery) {

    boolean ssl() {
        return scheme.equals("https");
    }

    /** The URL for error messages and logs. */
    String redacted() {
        return UrlRedaction.redact(url);
    }

    /** {@code host[:port]} as a Host header carries it: the port left out when it is the scheme's default. */
    String authority() {
        return authorityHost + (port == (ssl() ? 443 : 80) ? "" : ":" + port);
    }

    /** The absolute form a forwarding proxy is asked for: no userinfo, no fragment. */
    String absoluteForm() {
        return scheme + "://" + authority() + pathAndQuery;
    }

    /** The proxy as a peer, for naming it in error messages. */
    static Target proxy(ProxySettings proxy) {
        String authorityHost = proxy.host().contains(":") ? "[" + proxy.host() + "]" : proxy.host();
        return new Target(proxy.url(), proxy.tls() ? "https" : "http", proxy.host(), authorityHost, proxy.port(), "/");
    }

    static Target parse(String url) throws EgressException {
        URI uri;
        try {
            uri = new URI(encodeIllegal(url.strip()));
        } catch (URISyntaxException e) {
            throw invalid();
        }
        return of(uri);
    }

    /** The hop a {@code Location} header points to, relative to this one. */
    Target resolve(String location) throws EgressException {
        try {
            return of(new URI(encodeIllegal(url)).resolve(new URI(encodeIllegal(location.strip()))));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw invalid();
        }
    }

    private static Target of(URI uri) throws EgressException {
        if (!uri.isAbsolute() || uri.getScheme() == null) {
            throw invalid();
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new EgressException(EgressException.Kind.INVALID_URL, "ERR_BAD_REQUEST",
                    "Unsupported protocol " + scheme + ":");
        }
        String rawHost = uri.getHost();
        if (rawHost == null || rawHost.isEmpty()) {
            throw invalid();
        }
        String authorityHost = rawHost.toLowerCase(Locale.ROOT);
        String host = authorityHost.startsWith("[") && authorityHost.endsWith("]")
                ? authorityHost.substring(1, authorityHost.length() - 1) : authorityHost;
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        if (port == 0 || port > 65535) {
            throw invalid();
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String pathAndQuery = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        String withoutFragment = uri.getRawFragment() == null ? uri.toString()
                : uri.toString().substring(0, uri.toString().indexOf('#'));
        return new Target(withoutFragment, scheme, host, authorityHost, port, pathAndQuery);
    }

    private static EgressException invalid() {
        return new EgressException(EgressException.Kind.INVALID_URL, "ERR_INVALID_URL", "Invalid URL");
    }

    /**
     * Percent-encodes what a browser's URL parser would (spaces, non-ASCII, quotes, angle brackets...) so that
     * URLs Kibana accepts are accepted here too; existing escapes are kept.
     */
    static String encodeIllegal(String url) {
        StringBuilder out = null;
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            boolean legal = c > 0x20 && c < 0x7f && "\"<>\\^`{|}".indexOf(c) < 0;
            if (legal) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(url.length() + 16).append(url, 0, i);
            }
            int codePoint = url.codePointAt(i);
            if (Character.charCount(codePoint) == 2) {
                i++;
            }
            for (byte b : new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8)) {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out == null ? url : out.toString();
    }

    @Override
    public String toString() {
        return "Target[" + redacted() + "]";
    }
}
