package io.switchboard.store;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;

/**
 * A stored connector with its secrets opened. {@code secrets} is empty when they cannot be decrypted with the
 * configured keys; such a connector reads back as missing its secrets.
 */
public record StoredConnector(
        String spaceId,
        String id,
        String connectorTypeId,
        String name,
        ObjectNode config,
        Optional<ObjectNode> secrets,
        boolean missingSecrets) {

    @Override
    public String toString() {
        return "StoredConnector[space=" + spaceId + ", id=" + id + ", type=" + connectorTypeId + ", name=" + name
                + ", missingSecrets=" + missingSecrets + "]";
    }
}
