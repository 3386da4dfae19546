package io.switchboard.connector.email;

import io.switchboard.egress.CustomHostSettings;
import io.switchboard.egress.EgressSettings;
import org.eclipse.microprofile.config.Config;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The settings an email execution depends on, read once at start-up under Kibana's names; TLS, timeouts and the rest
 * of the outbound rules belong to {@link io.switchboard.egress.SmtpSessions}.
 *
 * @param footerEnabled {@code xpack.actions.enableFooterInEmail}, default true
 * @param publicBaseUrl {@code server.publicBaseUrl}, the link target of the footer when set
 * @param smtpHosts     {@code xpack.actions.customHostSettings} entries for {@code smtp://} URLs, by canonical URL
 */
record EmailSettings(boolean footerEnabled, Optional<String> publicBaseUrl, Map<String, CustomHostSettings> smtpHosts) {

    private static final String PREFIX = "xpack.actions.";

    static EmailSettings defaults() {
        return new EmailSettings(true, Optional.empty(), Map.of());
    }

    /** Email's own settings, and the custom-host entries for SMTP servers as the egress settings hold them. */
    static EmailSettings read(Config config, EgressSettings egress) {
        boolean footer = config.getOptionalValue(PREFIX + "enableFooterInEmail", Boolean.class).orElse(true);
        Optional<String> publicBaseUrl = config.getOptionalValue("server.publicBaseUrl", String.class)
                .filter(url -> !url.isBlank());
        Map<String, CustomHostSettings> smtpHosts = new HashMap<>();
        for (CustomHostSettings custom : egress.customHostSettings()) {
            if (custom.url().startsWith("smtp://")) {
                smtpHosts.put(custom.url(), custom);
            }
        }
        return new EmailSettings(footer, publicBaseUrl, Map.copyOf(smtpHosts));
    }

    /** The custom settings of the server at {@code host:port}, if any. */
    Optional<CustomHostSettings> smtpHost(String host, int port) {
        String authority = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return EgressSettings.canonicalUrl("smtp://" + authority + ":" + port).map(smtpHosts::get);
    }
}
