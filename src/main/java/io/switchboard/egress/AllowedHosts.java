package io.switchboard.egress;

import io.switchboard.url.WhatwgUrl;

import java.util.List;
import java.util.Locale;

/**
 * {@code xpack.actions.allowedHosts}: the hostnames outbound URLs may target, or {@code *} for any. Matching is on
 * the hostname alone (no scheme or port), as Kibana does, and on the host the URL Standard's parser reads: an
 * international name in its punycode form, an IPv4 address in dotted-decimal form whatever form the URL wrote it
 * in ({@code 0x7f.1} is {@code 127.0.0.1}), an IPv6 address compressed and without brackets. Configured entries go
 * through the same host parser, so {@code bücher.example} and {@code xn--bcher-kva.example} are one entry.
 */
public final class AllowedHosts {

    static final String ANY = "*";

    private final List<String> hosts;

    public AllowedHosts(List<String> hosts) {
        this.hosts = hosts.stream().map(String::strip).map(AllowedHosts::canonical).toList();
    }

    /** The configured hostnames, in the form URLs are compared in. */
    public List<String> hosts() {
        return hosts;
    }

    /** Whether a host name, as configured for a connector (an SMTP host) or read from a URL, may be called. */
    public boolean isHostnameAllowed(String hostname) {
        return hosts.contains(ANY) || (hostname != null && !hostname.isEmpty()
                && hosts.contains(canonical(hostname)));
    }

    /** Whether a URL may be called; a URL that does not parse, or has no host, is allowed only when every host is. */
    public boolean isUriAllowed(String uri) {
        return hosts.contains(ANY) || WhatwgUrl.parse(uri).map(this::isUrlAllowed).orElse(false);
    }

    public boolean isUrlAllowed(WhatwgUrl url) {
        return hosts.contains(ANY) || url.host().map(host -> hosts.contains(host.name())).orElse(false);
    }

    /** Kibana's refusal, naming the URL as configured but without its userinfo. */
    public static String uriNotAllowedMessage(String uri) {
        return "target url \"" + UrlRedaction.withoutUserinfo(uri)
                + "\" is not added to the Kibana config xpack.actions.allowedHosts";
    }

    private static String canonical(String host) {
        if (host.equals(ANY)) {
            return ANY;
        }
        return WhatwgUrl.parseHost(host).map(WhatwgUrl.Host::name).orElse(host.toLowerCase(Locale.ROOT));
    }
}
