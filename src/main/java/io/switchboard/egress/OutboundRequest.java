package io.switchboard.egress;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One outbound HTTP call as a connector describes it. Headers are sent in the map's iteration order, names as
 * given; {@code Content-Length} is always computed from {@code body}. {@code body} may be null (no body);
 * {@code tls} may be null (server settings apply).
 *
 * <p>{@link #toString()} shows only the method and the redacted URL: headers and body may hold credentials.
 */
public record OutboundRequest(String method, String url, Map<String, String> headers, byte[] body, TlsOverrides tls) {

    public OutboundRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    public OutboundRequest(String method, String url, Map<String, String> headers, byte[] body) {
        this(method, url, headers, body, null);
    }

    @Override
    public String toString() {
        return "OutboundRequest[" + method + " " + UrlRedaction.redact(url) + "]";
    }
}
