package io.switchboard.alertmanager;

import io.switchboard.config.ActionsSettings;
import io.switchboard.config.PreconfiguredConnector;
import io.switchboard.store.ConnectorStore;
import io.switchboard.store.StoredConnector;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.Optional;

/** The type of a connector a receiver names: a preconfigured one, or one stored in the receiver's space. */
@Singleton
public class ConnectorTypes {

    private final ActionsSettings settings;
    private final ConnectorStore connectors;

    @Inject
    public ConnectorTypes(ActionsSettings settings, ConnectorStore connectors) {
        this.settings = settings;
        this.connectors = connectors;
    }

    /** Read from the database: for saving a receiver, where a connector deleted a moment ago must not be found. */
    public Optional<String> current(String spaceId, String connectorId) {
        return preconfigured(connectorId).or(() -> connectors.find(spaceId, connectorId)
                .map(StoredConnector::connectorTypeId));
    }

    /** From the connector cache when it holds the connector: for notifications, which should not wait. */
    public Optional<String> cached(String spaceId, String connectorId) {
        return preconfigured(connectorId).or(() -> connectors.findCached(spaceId, connectorId)
                .map(StoredConnector::connectorTypeId));
    }

    private Optional<String> preconfigured(String connectorId) {
        return Optional.ofNullable(settings.preconfigured().get(connectorId))
                .map(PreconfiguredConnector::actionTypeId);
    }
}
