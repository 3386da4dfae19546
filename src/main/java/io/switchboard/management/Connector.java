package io.switchboard.management;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A connector as the API shows it: stored or preconfigured, never with secrets. {@code config},
 * {@code missingSecrets} and {@code referencedByCount} are null where Kibana leaves the field out.
 */
public record Connector(
        String id,
        String connectorTypeId,
        String name,
        ObjectNode config,
        boolean preconfigured,
        boolean deprecated,
        Boolean missingSecrets,
        boolean systemAction,
        Integer referencedByCount) {

    Connector withReferencedByCount(int count) {
        return new Connector(id, connectorTypeId, name, config, preconfigured, deprecated, missingSecrets,
                systemAction, count);
    }

    Connector withoutConfig() {
        return new Connector(id, connectorTypeId, name, null, preconfigured, deprecated, missingSecrets,
                systemAction, referencedByCount);
    }
}
