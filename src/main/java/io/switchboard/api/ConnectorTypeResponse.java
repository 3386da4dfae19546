package io.switchboard.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.switchboard.connector.ConnectorType;
import io.switchboard.connector.License;

import java.util.List;

/** The wire form of a connector type in {@code GET /api/actions/connector_types}. */
@JsonPropertyOrder({"id", "name", "enabled", "enabled_in_config", "enabled_in_license", "minimum_license_required",
        "supported_feature_ids", "is_system_action_type"})
public record ConnectorTypeResponse(
        String id,
        String name,
        boolean enabled,
        @JsonProperty("enabled_in_config") boolean enabledInConfig,
        @JsonProperty("enabled_in_license") boolean enabledInLicense,
        @JsonProperty("minimum_license_required") License minimumLicenseRequired,
        @JsonProperty("supported_feature_ids") List<String> supportedFeatureIds,
        @JsonProperty("is_system_action_type") boolean isSystemActionType) {

    /** No licensing here: every type is enabled in licence. */
    static ConnectorTypeResponse of(ConnectorType type, boolean enabledInConfig) {
        return new ConnectorTypeResponse(type.id(), type.name(), enabledInConfig, enabledInConfig, true,
                type.minimumLicense(), type.supportedFeatureIds(), false);
    }
}
