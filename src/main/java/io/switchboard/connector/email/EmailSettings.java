package io.switchboard.connector.email;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.config.ConfigTree;
import org.eclipse.microprofile.config.Config;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings an email execution depends on, read once at start-up under Kibana's names. The TLS, timeout and
 * custom-host values are outbound settings that other connectors share; they are read here only until the egress
 * package owns them.
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
    private static final Pattern DURATION = Pattern.compile("^(\\d+)(ms|s|m|h|d|w|y)?$");
    private static final int DEFAULT_SMTP_PORT = 25;

    /** What {@code customHostSettings} says about one SMTP server. */
    record SmtpHost(boolean requireTls, boolean ignoreTls) {
        static final SmtpHost NONE = new SmtpHost(false, false);
    }

    static EmailSettings defaults() {
        return new EmailSettings("full", Duration.ofSeconds(60), true, Optional.empty(), Map.of());
    }

    static EmailSettings read(Config config) {
        String mode = config.getOptionalValue(PREFIX + "ssl.verificationMode", String.class).orElse("full");
        if (!mode.equals("full") && !mode.equals("certificate") && !mode.equals("none")) {
            throw new IllegalArgumentException(PREFIX + "ssl.verificationMode: expected one of [full, certificate, "
                    + "none] but got [" + mode + "]");
        }
        Duration timeout = config.getOptionalValue(PREFIX + "responseTimeout", String.class)
                .map(value -> duration(PREFIX + "responseTimeout", value))
                .orElse(Duration.ofSeconds(60));
        boolean footer = config.getOptionalValue(PREFIX + "enableFooterInEmail", Boolean.class).orElse(true);
        Optional<String> publicBaseUrl = config.getOptionalValue("server.publicBaseUrl", String.class)
                .filter(url -> !url.isBlank());
        return new EmailSettings(mode, timeout, footer, publicBaseUrl, smtpHosts(config));
    }

    /** The custom settings of {@code host:port}, or none. */
    SmtpHost smtpHost(String host, int port) {
        return smtpHosts.getOrDefault(key(host, port), SmtpHost.NONE);
    }

    /** Kibana's duration: a number of milliseconds, or a number with a unit such as {@code 60s}. */
    private static Duration duration(String setting, String value) {
        Matcher matcher = DURATION.matcher(value.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException(setting + ": failed to parse [" + value + "] as a duration");
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "ms" : matcher.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            case "w" -> Duration.ofDays(7 * amount);
            default -> Duration.ofDays(365 * amount);
        };
    }

    /** Entries whose {@code url} is {@code smtp://host[:port]}; the port defaults to 25 as Kibana canonicalises it. */
    private static Map<String, SmtpHost> smtpHosts(Config config) {
        Map<String, SmtpHost> hosts = new HashMap<>();
        JsonNode entries = ConfigTree.read(config, PREFIX.substring(0, PREFIX.length() - 1)).path("customHostSettings");
        for (JsonNode entry : entries) {
            URI url;
            try {
                url = URI.create(entry.path("url").asText(""));
            } catch (IllegalArgumentException invalid) {
                throw new IllegalArgumentException(PREFIX + "customHostSettings: invalid url " + entry.path("url"));
            }
            if (!"smtp".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
                continue;
            }
            JsonNode smtp = entry.path("smtp");
            hosts.put(key(url.getHost(), url.getPort() < 0 ? DEFAULT_SMTP_PORT : url.getPort()), new SmtpHost(
                    Boolean.parseBoolean(smtp.path("requireTLS").asText("false")),
                    Boolean.parseBoolean(smtp.path("ignoreTLS").asText("false"))));
        }
        return Map.copyOf(hosts);
    }

    private static String key(String host, int port) {
        return host.toLowerCase(Locale.ROOT) + ":" + port;
    }
}
