package io.switchboard.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.Startup;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code xpack.actions.*} settings, under Kibana's own names so an operator's kibana.yml can be used as is.
 * Read once at start-up; invalid values stop the start with a message naming the setting.
 */
@Startup
@Singleton
public class ActionsSettings {

    static final String PREFIX = "xpack.actions.";
    static final String ALERT_HISTORY_ID = "preconfigured-alert-history-es-index";
    private static final Set<String> FORBIDDEN_IDS = Set.of("", "__proto__", "constructor");

    private final List<String> enabledActionTypes;
    private final Map<String, PreconfiguredConnector> preconfigured;
    private final Optional<List<String>> emailDomainAllowlist;

    @Inject
    public ActionsSettings(Config config) {
        this.enabledActionTypes = list(config, "enabledActionTypes");
        this.preconfigured = Collections.unmodifiableMap(readPreconfigured(config));
        this.emailDomainAllowlist = config.getOptionalValues(PREFIX + "email.domain_allowlist", String.class);
    }

    /** {@code xpack.actions.email.domain_allowlist}: when set, the only domains email may be sent from and to. */
    public Optional<List<String>> emailDomainAllowlist() {
        return emailDomainAllowlist;
    }

    /** {@code xpack.actions.enabledActionTypes}, default {@code ["*"]}. */
    public List<String> enabledActionTypes() {
        return enabledActionTypes;
    }

    public boolean isActionTypeEnabled(String typeId) {
        return enabledActionTypes.contains("*") || enabledActionTypes.contains(typeId);
    }

    /** Preconfigured connectors by id, in configuration order. */
    public Map<String, PreconfiguredConnector> preconfigured() {
        return preconfigured;
    }

    private static List<String> list(Config config, String name) {
        return config.getOptionalValues(PREFIX + name, String.class).orElse(List.of("*"));
    }

    private static Map<String, PreconfiguredConnector> readPreconfigured(Config config) {
        Map<String, PreconfiguredConnector> result = new LinkedHashMap<>();
        ObjectNode tree = ConfigTree.read(config, PREFIX + "preconfigured");
        for (Map.Entry<String, JsonNode> entry : tree.properties()) {
            String id = entry.getKey();
            String setting = PREFIX + "preconfigured." + id;
            if (FORBIDDEN_IDS.contains(id)) {
                throw new IllegalArgumentException(setting + ": the id '" + id + "' is not allowed");
            }
            JsonNode body = entry.getValue();
            String actionTypeId = requiredText(body, "actionTypeId", setting);
            String name = requiredText(body, "name", setting);
            boolean exposeConfig = Boolean.parseBoolean(body.path("exposeConfig").asText("false"));
            result.put(id, new PreconfiguredConnector(id, actionTypeId, name,
                    objectOrEmpty(body.get("config")), objectOrEmpty(body.get("secrets")), exposeConfig));
        }
        boolean alertHistory = config.getOptionalValue(PREFIX + "preconfiguredAlertHistoryEsIndex", Boolean.class)
                .orElse(false);
        if (alertHistory) {
            ObjectNode indexConfig = JsonNodeFactory.instance.objectNode()
                    .put("index", "kibana-alert-history-default");
            result.put(ALERT_HISTORY_ID, new PreconfiguredConnector(ALERT_HISTORY_ID, ".index",
                    "Alert history Elasticsearch index", indexConfig, JsonNodeFactory.instance.objectNode(), false));
        }
        return result;
    }

    private static String requiredText(JsonNode body, String field, String setting) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            throw new IllegalArgumentException(setting + "." + field + " is required and must not be empty");
        }
        return value.textValue();
    }

    /** An empty YAML map may arrive as an empty string: both mean {@code {}}. */
    private static ObjectNode objectOrEmpty(JsonNode value) {
        return Optional.ofNullable(value).filter(JsonNode::isObject).map(ObjectNode.class::cast)
                .orElseGet(JsonNodeFactory.instance::objectNode);
    }
}
