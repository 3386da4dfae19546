package io.switchboard.config;

import io.quarkus.runtime.Startup;
import io.switchboard.egress.UrlRedaction;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The Elasticsearch cluster {@code .index} connectors write to, under Kibana's names: {@code elasticsearch.hosts},
 * and {@code elasticsearch.username}/{@code password} or {@code elasticsearch.apiKey}.
 */
@Startup
@Singleton
public class ElasticsearchSettings {

    private final List<String> hosts;
    private final Optional<String> username;
    private final Optional<String> password;
    private final Optional<String> apiKey;

    @Inject
    public ElasticsearchSettings(Config config) {
        this.hosts = config.getOptionalValues("elasticsearch.hosts", String.class)
                .orElse(List.of("http://localhost:9200")).stream()
                .map(host -> host.endsWith("/") ? host.substring(0, host.length() - 1) : host).toList();
        for (String host : hosts) {
            URI uri;
            try {
                uri = URI.create(host);
            } catch (IllegalArgumentException notAUrl) {
                // Not the parser's message: it quotes the value, and a host URL may carry credentials.
                throw new IllegalArgumentException("elasticsearch.hosts holds a value that is not a URL: "
                        + UrlRedaction.redact(host));
            }
            if (uri.getHost() == null || !(host.startsWith("http://") || host.startsWith("https://"))) {
                throw new IllegalArgumentException("elasticsearch.hosts must hold http or https URLs");
            }
        }
        this.username = config.getOptionalValue("elasticsearch.username", String.class);
        this.password = config.getOptionalValue("elasticsearch.password", String.class);
        this.apiKey = config.getOptionalValue("elasticsearch.apiKey", String.class);
        if (username.isPresent() != password.isPresent()) {
            throw new IllegalArgumentException("elasticsearch.username and elasticsearch.password go together");
        }
    }

    /** Base URLs without a trailing slash, tried in order. */
    public List<String> hosts() {
        return hosts;
    }

    /** The {@code Authorization} header value, if credentials are configured. */
    public Optional<String> authorization() {
        if (apiKey.isPresent()) {
            return Optional.of("ApiKey " + apiKey.get());
        }
        return username.map(user -> "Basic " + java.util.Base64.getEncoder().encodeToString(
                (user + ":" + password.orElseThrow()).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
        return "ElasticsearchSettings[hosts=" + hosts.stream().map(UrlRedaction::redact).toList() + "]";
    }
}
