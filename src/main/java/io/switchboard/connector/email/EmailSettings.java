package io.switchboard.connector.email;

import io.switchboard.egress.CustomHostSettings;
import io.switchboard.egress.EgressSettings;
import org.eclipse.microprofile.config.Config;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The settings an email execution depends on, read once at start-up under Kibana's names; the TLS, timeout and
 * custom-host values come from the shared outbound settings.
 *
 * @param verificationMode {@code xpack.actions.ssl.verificationMode}: {@code full} (default), {@code certificate}
 *                         or {@code none}
 * @param responseTimeout  {@code xpack.actions.responseTimeout}, default 60s
 * @param footerEnabled    {@code xpack.actions.enableFooterInEmail}, default true
 * @param publicBaseUrl    {@code server.publicBaseUrl}, the link target of the footer when set
 * @param smtpHosts        {@code xpack.actions.customHostSettings} entries for {@code smtp://host:port} URLs
 */
record EmailSettings(String verificationMode, Duration responseTimeout, boolean footerEnabled,
                     Optional<String> publicBaseUrl, Map<String, SmtpHost> smtpHosts) {

    private static final String PREFIX = "xpack.actions.";

    /** What {@code customHostSettings} says about one SMTP server. */
    record SmtpHost(boolean requireTls, boolean ignoreTls) {
        static final SmtpHost NONE = new SmtpHost(false, false);
    }

    static EmailSettings defaults() {
        return new EmailSettings("full", Duration.ofSeconds(60), true, Optional.empty(), Map.of());
    }

    /** Email's own settings, and the outbound ones (TLS, timeout, custom hosts) as the egress settings hold them. */
    static EmailSettings read(Config config, EgressSettings egress) {
        boolean footer = config.getOptionalValue(PREFIX + "enableFooterInEmail", Boolean.class).orElse(true);
        Optional<String> publicBaseUrl = config.getOptionalValue("server.publicBaseUrl", String.class)
                .filter(url -> !url.isBlank());
        Map<String, SmtpHost> smtpHosts = new HashMap<>();
        for (CustomHostSettings custom : egress.customHostSettings()) {
            URI url = URI.create(custom.url());
            if ("smtp".equals(url.getScheme()) && custom.smtp() != null) {
                smtpHosts.putIfAbsent(key(url.getHost(), url.getPort()), new SmtpHost(
                        Boolean.TRUE.equals(custom.smtp().requireTLS()), Boolean.TRUE.equals(custom.smtp().ignoreTLS())));
            }
        }
        return new EmailSettings(egress.verificationMode(), egress.responseTimeout(), footer, publicBaseUrl,
                Map.copyOf(smtpHosts));
    }

    /** The custom settings of {@code host:port}, or none. */
    SmtpHost smtpHost(String host, int port) {
        return smtpHosts.getOrDefault(key(host, port), SmtpHost.NONE);
    }

    private static String key(String host, int port) {
        return host.toLowerCase(Locale.ROOT) + ":" + port;
    }
}
