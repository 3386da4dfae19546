package io.switchboard.render;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.connector.ConnectorType;
import jakarta.inject.Singleton;

/**
 * Renders a queued execution's params with its variables, per connector type and field as Kibana does.
 *
 * <p>Not built yet: params are returned as given.
 */
@Singleton
public class ParamsRenderer {

    /** Never throws for a bad template: the field renders Kibana's error text instead. */
    public JsonNode render(ConnectorType type, JsonNode params, JsonNode variables) {
        return params;
    }
}
