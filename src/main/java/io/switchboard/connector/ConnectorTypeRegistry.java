package io.switchboard.connector;

import io.quarkus.arc.All;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every registered connector type, keyed by id, in the order Kibana registers its built-in types (so that
 * {@code GET /api/actions/connector_types} lists them in the same order); types Kibana does not have come last.
 */
@Singleton
public class ConnectorTypeRegistry {

    static final List<String> KIBANA_ORDER = List.of(
            ".email", ".index", ".pagerduty", ".swimlane", ".server-log", ".slack", ".slack_api", ".webhook",
            ".cases-webhook", ".xmatters", ".servicenow", ".servicenow-sir", ".servicenow-itom", ".jira",
            ".resilient", ".teams", ".torq", ".opsgenie", ".tines");

    private final Map<String, ConnectorType> types = new LinkedHashMap<>();

    @Inject
    public ConnectorTypeRegistry(@All List<ConnectorType> discovered) {
        discovered.stream()
                .sorted(Comparator.comparingInt(ConnectorTypeRegistry::rank).thenComparing(ConnectorType::id))
                .forEach(type -> {
                    if (types.putIfAbsent(type.id(), type) != null) {
                        throw new IllegalStateException("connector type " + type.id() + " is registered twice");
                    }
                });
    }

    public Optional<ConnectorType> find(String id) {
        return Optional.ofNullable(types.get(id));
    }

    public List<ConnectorType> all() {
        return List.copyOf(types.values());
    }

    private static int rank(ConnectorType type) {
        int index = KIBANA_ORDER.indexOf(type.id());
        return index < 0 ? Integer.MAX_VALUE : index;
    }
}
