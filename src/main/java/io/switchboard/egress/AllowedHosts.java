package io.switchboard.egress;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code xpack.actions.allowedHosts}: the hostnames outbound URLs may target, or {@code *} for any. Matching is on
 * the hostname alone (no scheme or port), as Kibana does.
 */
public final class AllowedHosts {

    static final String ANY = "*";

    private final List<String> hosts;

    public AllowedHosts(List<String> hosts) {
        this.hosts = hosts.stream().map(host -> host.toLowerCase(Locale.ROOT)).toList();
    }

    /** The configured hostnames, lower-cased. */
    public List<String> hosts() {
        return hosts;
    }

    public boolean isHostnameAllowed(String hostname) {
        return hosts.contains(ANY) || (hostname != null && hosts.contains(hostname.toLowerCase(Locale.ROOT)));
    }

    /** Whether a URL may be called; a URL whose hostname cannot be read is allowed only when every host is. */
    public boolean isUriAllowed(String uri) {
        return hosts.contains(ANY) || hostnameOf(uri).map(this::isHostnameAllowed).orElse(false);
    }

    public static String uriNotAllowedMessage(String uri) {
        return "target url \"" + uri + "\" is not added to the Kibana config xpack.actions.allowedHosts";
    }


    /** The hostname of an absolute URL, without brackets for IPv6 literals. */
    public static Optional<String> hostnameOf(String uri) {
        try {
            URI parsed = new URI(uri.trim());
            String host = parsed.getHost();
            if (host == null || host.isEmpty()) {
                return Optional.empty();
            }
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return Optional.of(host.toLowerCase(Locale.ROOT));
        } catch (Exception unparsable) {
            return Optional.empty();
        }
    }
}
