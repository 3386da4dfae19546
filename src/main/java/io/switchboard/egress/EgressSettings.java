package io.switchboard.egress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.quarkus.runtime.Startup;
import io.switchboard.config.ConfigTree;
import io.switchboard.url.WhatwgUrl;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings of outbound HTTP, read once at start-up under Kibana's names ({@code xpack.actions.*}) plus
 * {@code switchboard.egress.deniedCidrs}. An invalid value stops the start with a message naming the setting.
 */
@Startup
@Singleton
public class EgressSettings {

    static final String PREFIX = "xpack.actions.";
    static final String DENIED_CIDRS = "switchboard.egress.deniedCidrs";
    static final String MAX_CONNECTIONS_PER_HOST = "switchboard.egress.maxConnectionsPerHost";
    static final int DEFAULT_MAX_CONNECTIONS_PER_HOST = 4096;
    static final List<String> DEFAULT_DENIED_CIDRS = List.of("169.254.169.254/32", "fd00:ec2::254/128");
    static final Set<String> VERIFICATION_MODES = Set.of("none", "certificate", "full");

    private static final Logger LOG = Logger.getLogger(EgressSettings.class);
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d|w)?");
    private static final Pattern BYTE_SIZE = Pattern.compile("(\\d+)\\s*(b|kb|mb|gb)?");

    private final Duration responseTimeout;
    private final long maxResponseContentLength;
    private final AllowedHosts allowedHosts;
    private final List<AddressRange> deniedCidrs;
    private final Optional<ProxySettings> proxy;
    private final String verificationMode;
    private final List<CustomHostSettings> customHostSettings;
    private final int maxConnectionsPerHost;

    @Inject
    public EgressSettings(Config config) {
        this.responseTimeout = config.getOptionalValue(PREFIX + "responseTimeout", String.class)
                .map(value -> duration(PREFIX + "responseTimeout", value)).orElse(Duration.ofSeconds(60));
        this.maxResponseContentLength = config.getOptionalValue(PREFIX + "maxResponseContentLength", String.class)
                .map(value -> byteSize(PREFIX + "maxResponseContentLength", value)).orElse(1024L * 1024);
        this.allowedHosts = new AllowedHosts(config.getOptionalValues(PREFIX + "allowedHosts", String.class).orElse(List.of("*"))
                .stream().map(host -> host.strip().toLowerCase(Locale.ROOT)).toList());
        this.deniedCidrs = config.getOptionalValues(DENIED_CIDRS, String.class).orElse(DEFAULT_DENIED_CIDRS)
                .stream().map(EgressSettings::cidr).toList();
        this.verificationMode = mode(config, PREFIX + "ssl.verificationMode");
        this.proxy = readProxy(config);
        this.customHostSettings = readCustomHosts(config);
        this.maxConnectionsPerHost = config.getOptionalValue(MAX_CONNECTIONS_PER_HOST, String.class)
                .map(EgressSettings::connectionLimit).orElse(DEFAULT_MAX_CONNECTIONS_PER_HOST);
    }

    private static int connectionLimit(String value) {
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit >= 1) {
                return limit;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalArgumentException(MAX_CONNECTIONS_PER_HOST + " must be a whole number of at least 1, got \""
                + value + "\"");
    }

    /**
     * {@code switchboard.egress.maxConnectionsPerHost}, default {@value #DEFAULT_MAX_CONNECTIONS_PER_HOST}: connections
     * open at once to one host and port; calls beyond it wait for a free connection.
     */
    public int maxConnectionsPerHost() {
        return maxConnectionsPerHost;
    }

    /** {@code xpack.actions.responseTimeout}, default 60s. */
    public Duration responseTimeout() {
        return responseTimeout;
    }

    /** {@code xpack.actions.maxResponseContentLength} in bytes, default 1mb. */
    public long maxResponseContentLength() {
        return maxResponseContentLength;
    }

    /** {@code xpack.actions.allowedHosts}, default {@code ["*"]}. */
    public AllowedHosts allowedHosts() {
        return allowedHosts;
    }

    public boolean isHostnameAllowed(String hostname) {
        return allowedHosts.isHostnameAllowed(hostname);
    }

    /** {@code switchboard.egress.deniedCidrs}, as configured. */
    public List<String> deniedCidrs() {
        return deniedCidrs.stream().map(AddressRange::toString).toList();
    }

    /** The denied block that holds {@code address}, if any. */
    public Optional<String> deniedRangeOf(InetAddress address) {
        return deniedCidrs.stream().filter(range -> range.contains(address)).map(AddressRange::toString).findFirst();
    }

    /** {@code xpack.actions.proxyUrl} and companions, when a proxy is configured. */
    public Optional<ProxySettings> proxy() {
        return proxy;
    }

    /** {@code xpack.actions.ssl.verificationMode}: {@code full} (default), {@code certificate} or {@code none}. */
    public String verificationMode() {
        return verificationMode;
    }

    /** Every valid {@code xpack.actions.customHostSettings} entry, in configuration order. */
    public List<CustomHostSettings> customHostSettings() {
        return customHostSettings;
    }

    /**
     * The custom settings for the host of {@code url}, matched on canonical {@code proto://host:port} (default
     * ports 443 for https, 25 for smtp). Empty for unparsable URLs and hosts without settings.
     */
    public Optional<CustomHostSettings> customHostSettings(String url) {
        Optional<String> canonical = canonicalUrl(url);
        return canonical.flatMap(key -> customHostSettings.stream().filter(s -> s.url().equals(key)).findFirst());
    }

    /**
     * {@code proto://host:port} as Kibana builds it from {@code new URL(url)}: the scheme, the host as the URL
     * Standard's parser reads it (lower-cased here also for schemes such as {@code smtp:} whose hosts the standard
     * leaves as written), and the port made explicit. Empty for URLs that do not parse or have no host or port.
     */
    public static Optional<String> canonicalUrl(String url) {
        return WhatwgUrl.parse(url).flatMap(parsed -> {
            String host = parsed.hostname();
            int port = parsed.port() >= 0 ? parsed.port() : switch (parsed.scheme()) {
                case "https" -> 443;
                case "http" -> 80;
                case "smtp" -> 25;
                default -> -1;
            };
            if (host.isEmpty() || port <= 0) {
                return Optional.empty();
            }
            return Optional.of(parsed.scheme() + "://" + host.toLowerCase(Locale.ROOT) + ":" + port);
        });
    }

    /** {@code 60s}, {@code 1m}, {@code 500ms}, an ISO-8601 duration, or a number of milliseconds. */
    static Duration duration(String setting, String value) {
        String text = value.strip().toLowerCase(Locale.ROOT);
        Matcher matcher = DURATION.matcher(text);
        Duration result;
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            String unit = matcher.group(2) == null ? "ms" : matcher.group(2);
            result = switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> Duration.ofDays(7 * amount);
            };
        } else {
            try {
                result = Duration.parse(value.strip().toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(setting + ": '" + value
                        + "' is not a duration (examples: 60s, 1m, 500ms, or a number of milliseconds)");
            }
        }
        if (result.isZero() || result.isNegative()) {
            throw new IllegalArgumentException(setting + ": must be a positive duration, got '" + value + "'");
        }
        return result;
    }

    /** {@code 1mb}, {@code 500kb}, {@code 1024b} (multiples of 1024), or a number of bytes. */
    public static long byteSize(String setting, String value) {
        Matcher matcher = BYTE_SIZE.matcher(value.strip().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException(setting + ": '" + value
                    + "' is not a byte size (examples: 1mb, 500kb, 1024b, or a number of bytes)");
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "b" : matcher.group(2);
        long multiplier = switch (unit) {
            case "kb" -> 1024L;
            case "mb" -> 1024L * 1024;
            case "gb" -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        if (amount <= 0 || amount > Long.MAX_VALUE / multiplier) {
            throw new IllegalArgumentException(setting + ": must be a positive byte size, got '" + value + "'");
        }
        return amount * multiplier;
    }

    private static AddressRange cidr(String value) {
        try {
            return AddressRange.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(DENIED_CIDRS + ": " + e.getMessage(), e);
        }
    }

    private static String mode(Config config, String setting) {
        return config.getOptionalValue(setting, String.class).map(value -> checkMode(setting, value)).orElse("full");
    }

    private static String checkMode(String setting, String value) {
        String mode = value.strip().toLowerCase(Locale.ROOT);
        if (!VERIFICATION_MODES.contains(mode)) {
            throw new IllegalArgumentException(setting + ": '" + value + "' must be one of none, certificate, full");
        }
        return mode;
    }

    private static Optional<ProxySettings> readProxy(Config config) {
        String setting = PREFIX + "proxyUrl";
        Optional<String> url = config.getOptionalValue(setting, String.class).map(String::strip)
                .filter(value -> !value.isEmpty());
        Map<String, String> headers = new LinkedHashMap<>();
        ConfigTree.read(config, PREFIX + "proxyHeaders").properties()
                .forEach(entry -> headers.put(entry.getKey(), entry.getValue().asText()));
        Set<String> bypass = hostSet(config, PREFIX + "proxyBypassHosts");
        Set<String> only = hostSet(config, PREFIX + "proxyOnlyHosts");
        String proxyMode = mode(config, PREFIX + "ssl.proxyVerificationMode");
        if (url.isEmpty()) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(url.get());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(setting + ": not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new IllegalArgumentException(setting + ": must be an http:// or https:// URL with a host");
        }
        String authorization = null;
        if (uri.getRawUserInfo() != null) {
            authorization = "Basic " + Base64.getEncoder()
                    .encodeToString(uri.getUserInfo().getBytes(StandardCharsets.UTF_8));
        }
        if (!bypass.isEmpty() && !only.isEmpty()) {
            LOG.warnf("%sproxyBypassHosts and %sproxyOnlyHosts are both set; proxyOnlyHosts is ignored",
                    PREFIX, PREFIX);
            only = Set.of();
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (!header.getKey().chars().allMatch(c -> c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)
                    || header.getValue().chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                throw new IllegalArgumentException(PREFIX + "proxyHeaders: '" + header.getKey()
                        + "' is not a valid header name or its value holds a line break");
            }
        }
        boolean tls = scheme.equals("https");
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        return Optional.of(new ProxySettings(host, port, tls, authorization,
                Collections.unmodifiableMap(headers), bypass, only, proxyMode));
    }

    private static Set<String> hostSet(Config config, String setting) {
        Set<String> hosts = new LinkedHashSet<>();
        config.getOptionalValues(setting, String.class).orElse(List.of())
                .forEach(host -> hosts.add(host.strip().toLowerCase(Locale.ROOT)));
        return Collections.unmodifiableSet(hosts);
    }

    private static List<CustomHostSettings> readCustomHosts(Config config) {
        ArrayNode entries = ConfigTree.readList(config, PREFIX + "customHostSettings");
        List<CustomHostSettings> result = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            String setting = PREFIX + "customHostSettings[" + i + "]";
            JsonNode entry = entries.get(i);
            if (entry == null || !entry.isObject()) {
                continue;
            }
            String url = entry.path("url").asText("");
            String scheme = url.contains("://") ? url.substring(0, url.indexOf("://")).toLowerCase(Locale.ROOT) : "";
            if (!scheme.equals("https") && !scheme.equals("smtp")) {
                throw new IllegalArgumentException(setting + ".url: must be an https:// or smtp:// URL");
            }
            String canonical = canonicalUrl(url).orElseThrow(() ->
                    new IllegalArgumentException(setting + ".url: not a valid URL"));
            CustomHostSettings.Ssl ssl = readSsl(setting, entry.get("ssl"));
            CustomHostSettings.Smtp smtp = null;
            JsonNode smtpNode = entry.get("smtp");
            if (smtpNode != null && smtpNode.isObject()) {
                if (!scheme.equals("smtp")) {
                    LOG.warnf("%s.smtp: ignored, the URL does not use smtp", setting);
                } else {
                    Boolean ignoreTls = bool(setting + ".smtp.ignoreTLS", smtpNode.get("ignoreTLS"));
                    Boolean requireTls = bool(setting + ".smtp.requireTLS", smtpNode.get("requireTLS"));
                    if (Boolean.TRUE.equals(ignoreTls) && Boolean.TRUE.equals(requireTls)) {
                        LOG.warnf("%s.smtp: requireTLS and ignoreTLS are both true; using requireTLS", setting);
                        ignoreTls = false;
                    }
                    smtp = new CustomHostSettings.Smtp(ignoreTls, requireTls);
                }
            }
            if (!seen.add(canonical)) {
                LOG.warnf("%s.url: another entry already matches %s; only the first is used", setting, canonical);
                continue;
            }
            result.add(new CustomHostSettings(canonical, ssl, smtp));
        }
        return List.copyOf(result);
    }

    private static CustomHostSettings.Ssl readSsl(String setting, JsonNode ssl) {
        if (ssl == null || !ssl.isObject()) {
            return null;
        }
        String mode = ssl.hasNonNull("verificationMode")
                ? checkMode(setting + ".ssl.verificationMode", ssl.get("verificationMode").asText()) : null;
        StringBuilder data = new StringBuilder();
        JsonNode inline = ssl.get("certificateAuthoritiesData");
        if (inline != null && !inline.asText().isBlank()) {
            data.append(inline.asText());
        }
        for (String file : textList(ssl.get("certificateAuthoritiesFiles"))) {
            try {
                String contents = Files.readString(Path.of(file), StandardCharsets.UTF_8);
                if (!data.isEmpty()) {
                    data.append('\n');
                }
                data.append(contents);
            } catch (IOException e) {
                throw new IllegalArgumentException(setting + ".ssl.certificateAuthoritiesFiles: cannot read '"
                        + file + "': " + e.getClass().getSimpleName());
            }
        }
        return new CustomHostSettings.Ssl(mode, data.isEmpty() ? null : data.toString());
    }

    private static List<String> textList(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (node.isArray()) {
            node.forEach(item -> values.add(item.asText()));
        } else {
            for (String item : node.asText().split(",")) {
                if (!item.isBlank()) {
                    values.add(item.strip());
                }
            }
        }
        return values;
    }

    private static Boolean bool(String setting, JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        String text = node.asText().strip().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(setting + ": '" + text + "' must be true or false");
        };
    }
}
