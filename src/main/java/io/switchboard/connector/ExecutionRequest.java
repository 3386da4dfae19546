package io.switchboard.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * One execution handed to a connector type: validated config, secrets and params, and the instant by which it must
 * have finished.
 */
public record ExecutionRequest(
        String connectorId,
        String connectorName,
        String spaceId,
        ObjectNode config,
        ObjectNode secrets,
        JsonNode params,
        Instant deadline) {

    @Override
    public String toString() {
        return "ExecutionRequest[connectorId=" + connectorId + ", spaceId=" + spaceId + ", deadline=" + deadline + "]";
    }
}
