package io.switchboard.egress;

/**
 * An outbound call that produced no response. The message is safe to show to users and to log: it never holds
 * header values, bodies, query strings or userinfo, and names hosts rather than URLs. {@link #code()} is the
 * Node.js error code where one applies ({@code ECONNREFUSED}, {@code ENOTFOUND}, {@code ECONNRESET},
 * {@code ECONNABORTED} for timeouts as axios reports them, TLS codes such as {@code ERR_TLS_CERT_ALTNAME_INVALID}),
 * so connectors can write Kibana's {@code [<code>] <message>} service messages.
 */
public final class EgressException extends Exception {

    public enum Kind {
        /** Not an absolute http(s) URL, or an unusable method or header. */
        INVALID_URL,
        /** The host (first URL or a redirect hop) is not in {@code xpack.actions.allowedHosts}. */
        HOST_NOT_ALLOWED,
        /** The host resolves to an address in {@code switchboard.egress.deniedCidrs}. */
        ADDRESS_DENIED,
        /** The effective deadline passed before the response was complete. */
        TIMEOUT,
        /** Name resolution, connection or transfer failed, or too many redirects. */
        CONNECTION,
        /** The TLS handshake failed, or the client certificate could not be used. */
        TLS,
        /** The response body exceeded {@code xpack.actions.maxResponseContentLength}. */
        RESPONSE_TOO_LARGE
    }

    private final Kind kind;
    private final String code;

    public EgressException(Kind kind, String code, String message) {
        super(message, null, false, true);
        this.kind = kind;
        this.code = code;
    }

    public Kind kind() {
        return kind;
    }

    /** The Node.js-style error code, or null when none applies. */
    public String code() {
        return code;
    }

    @Override
    public String toString() {
        return "EgressException[" + kind + (code == null ? "" : ", " + code) + "]: " + getMessage();
    }
}
