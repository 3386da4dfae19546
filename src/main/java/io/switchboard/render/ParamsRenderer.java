package io.switchboard.render;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.connector.ConnectorType;
import jakarta.inject.Singleton;

/**
 * Renders a queued execution's params with the rule's variables, per connector type and field as Kibana's
 * {@code renderParameterTemplates} does (see {@link ConnectorType#renderParams}). Thread-safe.
 */
@Singleton
public class ParamsRenderer {

    /** Never throws for a bad template: the field renders Kibana's error text instead. */
    public JsonNode render(ConnectorType type, JsonNode params, JsonNode variables) {
        if (params == null) {
            return null;
        }
        return type.renderParams(params, MustacheRenderer.withVariables(variables));
    }
}
