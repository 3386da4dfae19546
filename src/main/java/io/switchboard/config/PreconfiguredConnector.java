package io.switchboard.config;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A connector declared in {@code xpack.actions.preconfigured}: visible in every space, never stored, never editable.
 * Its config and secrets are validated when it runs, as Kibana does.
 */
public record PreconfiguredConnector(
        String id,
        String actionTypeId,
        String name,
        ObjectNode config,
        ObjectNode secrets,
        boolean exposeConfig) {

    @Override
    public String toString() {
        return "PreconfiguredConnector[id=" + id + ", actionTypeId=" + actionTypeId + ", name=" + name + "]";
    }
}
