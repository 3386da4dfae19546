package io.switchboard.egress;

import io.switchboard.url.WhatwgUrl;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * One parsed hop of an outbound call: an absolute http(s) URL as {@link WhatwgUrl} reads it, which is what the
 * connector's validation and {@code allowedHosts} saw, split the way the client needs it.
 *
 * @param url           the parsed URL, userinfo included
 * @param host          the host name to resolve and to check: punycode, dotted-decimal IPv4 or IPv6 without brackets
 * @param authorityHost the host as the {@code Host} header and the client carry it (IPv6 in brackets)
 * @param literal       the address of an IP host as the parser read it, or null for a name to resolve
 * @param port          the port, the scheme's default when the URL has none
 */
record Target(WhatwgUrl url, String host, String authorityHost, InetAddress literal, int port) {

    boolean ssl() {
        return url.scheme().equals("https");
    }

    /** As axios sends it: the path and the query, never the fragment. */
    String pathAndQuery() {
        return url.pathname() + url.search();
    }

    /** The URL without userinfo or fragment: what {@code customHostSettings} match and messages name. */
    String href() {
        return url.scheme() + "://" + authority() + pathAndQuery();
    }

    /**
     * The URL for logs: scheme, host and port only. The egress cannot tell which URLs are secret as a whole (a Slack
     * webhook's path is its key, on whatever host it is served from), so it shows none of their paths.
     */
    String redacted() {
        return UrlRedaction.originOnly(href());
    }

    /** {@code host[:port]} as a Host header carries it: the port left out when it is the scheme's default. */
    String authority() {
        return authorityHost + (port == (ssl() ? 443 : 80) ? "" : ":" + port);
    }

    /** The absolute form a forwarding proxy is asked for: no userinfo, no fragment. */
    String absoluteForm() {
        return href();
    }

    /**
     * The {@code Authorization} the URL's userinfo stands for: as axios does, {@code Basic} of the username and
     * password exactly as the parser left them (percent-encoded), when there is a username.
     */
    Optional<String> basicAuthorization() {
        if (url.username().isEmpty()) {
            return Optional.empty();
        }
        String credentials = url.username() + ":" + url.password();
        return Optional.of("Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }

    /** The proxy as a peer, for naming it in error messages. */
    static Target proxy(ProxySettings proxy) {
        String authorityHost = proxy.host().contains(":") ? "[" + proxy.host() + "]" : proxy.host();
        WhatwgUrl url = WhatwgUrl.parse((proxy.tls() ? "https://" : "http://") + authorityHost + ":" + proxy.port())
                .orElseThrow(() -> new IllegalArgumentException("xpack.actions.proxyUrl: not a valid URL"));
        return new Target(url, proxy.host(), authorityHost, null, proxy.port());
    }

    static Target parse(String url) throws EgressException {
        return of(WhatwgUrl.parse(url).orElseThrow(Target::invalid));
    }

    /** The hop a {@code Location} header points to, resolved against this one as the URL Standard does. */
    Target resolve(String location) throws EgressException {
        return of(WhatwgUrl.parse(location, url).orElseThrow(Target::invalid));
    }

    private static Target of(WhatwgUrl url) throws EgressException {
        if (!url.scheme().equals("http") && !url.scheme().equals("https")) {
            throw new EgressException(EgressException.Kind.INVALID_URL, "ERR_BAD_REQUEST",
                    "Unsupported protocol " + url.protocol());
        }
        // An http(s) URL that parsed always has a host, and it is never empty.
        WhatwgUrl.Host host = url.host().orElseThrow(Target::invalid);
        int port = url.effectivePort();
        if (port == 0) {
            throw invalid();
        }
        InetAddress literal = null;
        Optional<byte[]> address = host.address();
        if (address.isPresent()) {
            try {
                literal = InetAddress.getByAddress(address.get());
            } catch (UnknownHostException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
        return new Target(url, host.name(), host.serialized(), literal, port);
    }

    private static EgressException invalid() {
        return new EgressException(EgressException.Kind.INVALID_URL, "ERR_INVALID_URL", "Invalid URL");
    }

    @Override
    public String toString() {
        return "Target[" + redacted() + "]";
    }
}
