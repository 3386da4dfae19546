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
                     Optional<String> publicBaseUrl, Map<String, CustomHostSettings> smtpHosts) {

    private static final String PREFIX = "xpack.actions.";

    static EmailSettings defaults() {
        return new EmailSettings("full", Duration.ofSeconds(60), true, Optional.empty(), Map.of());
    }

    /** Email's own settings, and the outbound ones (TLS, timeout, custom hosts) as the egress settings hold them. */
    static EmailSettings read(Config config, EgressSettings egress) {
        boolean footer = config.getOptionalValue(PREFIX + "enableFooterInEmail", Boolean.class).orElse(true);
        Optional<String> publicBaseUrl = config.getOptionalValue("server.publicBaseUrl", String.class)
                .filter(url -> !url.isBlank());
        Map<String, CustomHostSettings> smtpHosts = new HashMap<>();
        for (CustomHostSettings custom : egress.customHostSettings()) {
            URI url = URI.create(custom.url());
            if ("smtp".equals(url.getScheme())) {
                smtpHosts.putIfAbsent(key(url.getHost(), url.getPort()), custom);
            }
        }
        return new EmailSettings(egress.verificationMode(), egress.responseTimeout(), footer, publicBaseUrl,
                Map.copyOf(smtpHosts));
    }

    /** The custom settings of {@code host:port}, if any. */
    Optional<CustomHostSettings> smtpHost(String host, int port) {
        return Optional.ofNullable(smtpHosts.get(key(host, port)));
    }

    private static String key(String host, int port) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return bare.toLowerCase(Locale.ROOT) + ":" + port;
    }
}
