package io.switchboard.egress;

import java.util.Map;
import java.util.Set;

/**
 * {@code xpack.actions.proxyUrl} and its companions. Only one of the host sets applies: when both are configured,
 * {@code proxyOnlyHosts} is ignored, as in Kibana.
 *
 * @param host               proxy host
 * @param port               proxy port (defaults: 80 for http)
 * @param username           from the proxy URL's userinfo or a Basic {@code Proxy-Authorization} proxy header; may be null
 * @param password           likewise; may be null
 * @param headers            {@code xpack.actions.proxyHeaders}
 * @param bypassHosts        hostnames reached directly; empty when unset
 * @param onlyHosts          when non-empty, the only hostnames reached through the proxy
 * @param verificationMode   {@code xpack.actions.ssl.proxyVerificationMode}
 */
public record ProxySettings(String host, int port, String username, String password, Map<String, String> headers,
                            Set<String> bypassHosts, Set<String> onlyHosts, String verificationMode) {

    /** Whether a request to {@code hostname} goes through the proxy. */
    public boolean appliesTo(String hostname) {
        if (!bypassHosts.isEmpty()) {
            return !bypassHosts.contains(hostname);
        }
        return onlyHosts.isEmpty() || onlyHosts.contains(hostname);
    }

    @Override
    public String toString() {
        return "ProxySettings[" + host + ":" + port + ", auth=" + (username != null) + "]";
    }
}
