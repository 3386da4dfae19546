package io.switchboard.execution;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.config.ActionsSettings;
import io.switchboard.config.PreconfiguredConnector;
import io.switchboard.connector.ConnectorType;
import io.switchboard.connector.ConnectorTypeRegistry;
import io.switchboard.store.ConnectorStore;
import io.switchboard.store.StoredConnector;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Finds a connector that may run in a space, preconfigured or stored (from the cache), with its type, and refuses
 * one that may not as Kibana's executor does: unknown (404), unregistered type (400), type not enabled (403).
 */
@Singleton
public class ConnectorLookup {

    private final ConnectorTypeRegistry types;
    private final ActionsSettings settings;
    private final ConnectorStore connectors;

    @Inject
    public ConnectorLookup(ConnectorTypeRegistry types, ActionsSettings settings, ConnectorStore connectors) {
        this.types = types;
        this.settings = settings;
        this.connectors = connectors;
    }

    /** A connector ready to run; {@code secrets} is null when stored secrets cannot be decrypted. */
    public record Runnable(String id, ConnectorType type, String name, ObjectNode config, ObjectNode secrets,
                           boolean preconfigured) {
        @Override
        public String toString() {
            return "Runnable[id=" + id + ", type=" + type.id() + "]";
        }
    }

    /** @throws ExecutionRefusedException when the connector is unknown in the space or its type may not run */
    public Runnable find(String spaceId, String connectorId) {
        PreconfiguredConnector preconfigured = settings.preconfigured().get(connectorId);
        if (preconfigured != null) {
            return new Runnable(connectorId, runnableType(preconfigured.actionTypeId(), true),
                    preconfigured.name(), preconfigured.config(), preconfigured.secrets(), true);
        }
        StoredConnector stored = connectors.findCached(spaceId, connectorId)
                .orElseThrow(() -> new ExecutionRefusedException(404,
                        "Saved object [action/" + connectorId + "] not found"));
        return new Runnable(stored.id(), runnableType(stored.connectorTypeId(), false), stored.name(),
                stored.config(), stored.secrets().orElse(null), false);
    }

    private ConnectorType runnableType(String typeId, boolean preconfigured) {
        ConnectorType type = types.find(typeId)
                .orElseThrow(() -> new ExecutionRefusedException(400,
                        "Action type \"" + typeId + "\" is not registered."));
        if (!preconfigured && !settings.isActionTypeEnabled(type.id())) {
            throw new ExecutionRefusedException(403, "action type \"" + type.id()
                    + "\" is not enabled in the Kibana config xpack.actions.enabledActionTypes");
        }
        return type;
    }
}
