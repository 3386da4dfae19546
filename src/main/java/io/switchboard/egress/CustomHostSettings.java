package io.switchboard.egress;

/**
 * One entry of {@code xpack.actions.customHostSettings}, with its URL in canonical {@code proto://host:port} form
 * and its CA files already read into {@code ssl.certificateAuthoritiesData}.
 *
 * @param url  canonical {@code https://host:port} or {@code smtp://host:port}
 * @param ssl  TLS settings for the host, or null
 * @param smtp SMTP settings (smtp URLs only), or null
 */
public record CustomHostSettings(String url, Ssl ssl, Smtp smtp) {

    /**
     * @param verificationMode              {@code none}, {@code certificate}, {@code full}, or null to keep the
     *                                      server-wide mode
     * @param certificateAuthoritiesData    PEM certificates (inline data followed by the files' contents), or null
     */
    public record Ssl(String verificationMode, String certificateAuthoritiesData) {
    }

    /** Both null when unset; never both true (requireTLS wins, as in Kibana). */
    public record Smtp(Boolean ignoreTLS, Boolean requireTLS) {
    }
}
