package io.switchboard.egress;

import java.util.Map;
import java.util.Set;

/**
 * {@code xpack.actions.proxyUrl} and its companions. Only one of the host sets applies: when both are configured,
 * {@code proxyOnlyHosts} is ignored, as in Kibana.
 *
 * @param host             proxy host
 * @param port             proxy port (defaults: 80 for http, 443 for https)
 * @param tls              whether the proxy itself is reached over TLS ({@code https://} proxy URL)
 * @param authorization    {@code Basic} credentials from the proxy URL's userinfo, or null
 * @param headers          {@code xpack.actions.proxyHeaders}, sent with every CONNECT
 * @param bypassHosts      hostnames reached directly; empty when unset
 * @param onlyHosts        when non-empty, the only hostnames reached through the proxy
 * @param verificationMode {@code xpack.actions.ssl.proxyVerificationMode}, for a TLS proxy
 */
public record ProxySettings(String host, int port, boolean tls, String authorization, Map<String, String> headers,
                            Set<String> bypassHosts, Set<String> onlyHosts, String verificationMode) {

    /** Whether a request to {@code hostname} goes through the proxy. */
    public boolean appliesTo(String hostname) {
        if (!bypassHosts.isEmpty()) {
            return !bypassHosts.contains(hostname);
        }
        return onlyHosts.isEmpty() || onlyHosts.contains(hostname);
    }

    /** The proxy's own URL, without userinfo: what {@code customHostSettings} entries are matched against. */
    public String url() {
        return (tls ? "https://" : "http://") + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * The headers of a CONNECT request: {@code proxyHeaders}, plus the userinfo credentials unless a
     * {@code Proxy-Authorization} header is configured.
     */
    public Map<String, String> connectHeaders() {
        Map<String, String> connect = new java.util.LinkedHashMap<>(headers);
        if (authorization != null && headers.keySet().stream().noneMatch("proxy-authorization"::equalsIgnoreCase)) {
            connect.put("Proxy-Authorization", authorization);
        }
        return connect;
    }

    /**
     * The {@code Proxy-Authorization} of a request forwarded in absolute form (plain-http targets): the userinfo
     * credentials, or a configured {@code Proxy-Authorization} header. Other proxy headers are not sent there, as a
     * forwarding proxy would pass them on to the target.
     */
    public String forwardAuthorization() {
        return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase("proxy-authorization"))
                .map(Map.Entry::getValue).findFirst().orElse(authorization);
    }

    @Override
    public String toString() {
        return "ProxySettings[" + url() + ", auth=" + (forwardAuthorization() != null) + ", headers="
                + headers.keySet() + "]";
    }
}
