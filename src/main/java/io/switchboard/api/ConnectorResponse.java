package io.switchboard.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.management.Connector;

/** The wire form of a connector. Absent values are left out, as JavaScript drops undefined keys. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "name", "config", "connector_type_id", "is_preconfigured", "is_deprecated",
        "referenced_by_count", "is_missing_secrets", "is_system_action"})
public record ConnectorResponse(
        String id,
        String name,
        ObjectNode config,
        @JsonProperty("connector_type_id") String connectorTypeId,
        @JsonProperty("is_preconfigured") boolean isPreconfigured,
        @JsonProperty("is_deprecated") boolean isDeprecated,
        @JsonProperty("referenced_by_count") Integer referencedByCount,
        @JsonProperty("is_missing_secrets") Boolean isMissingSecrets,
        @JsonProperty("is_system_action") boolean isSystemAction) {

    static ConnectorResponse of(Connector connector) {
        return new ConnectorResponse(connector.id(), connector.name(), connector.config(),
                connector.connectorTypeId(), connector.preconfigured(), connector.deprecated(),
                connector.referencedByCount(), connector.missingSecrets(), connector.systemAction());
    }
}
