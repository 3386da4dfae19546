package io.switchboard.management;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ibm.icu.text.Collator;
import com.ibm.icu.util.ULocale;
import io.switchboard.config.ActionsSettings;
import io.switchboard.config.PreconfiguredConnector;
import io.switchboard.connector.ConnectorType;
import io.switchboard.connector.ConnectorTypeRegistry;
import io.switchboard.connector.ConnectorValidationException;
import io.switchboard.connector.ConnectorValidator;
import io.switchboard.store.ConnectorStore;
import io.switchboard.store.RuleReferenceStore;
import io.switchboard.store.StoredConnector;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.persistence.OptimisticLockException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Create, read, update and delete of connectors, with Kibana's checks in Kibana's order. Request bodies arrive here
 * already shaped by the route schemas; everything else (types, settings, preconfigured ids, storage) is decided here.
 */
@Singleton
public class ConnectorService {

    private static final Comparator<Connector> BY_NAME;

    static {
        // JavaScript's localeCompare, as Kibana sorts the list: ICU collation with English rules.
        Collator collator = Collator.getInstance(ULocale.ENGLISH).freeze();
        BY_NAME = Comparator.comparing(Connector::name, collator::compare);
    }

    private final ConnectorTypeRegistry types;
    private final ConnectorValidator validator;
    private final ActionsSettings settings;
    private final ConnectorStore store;
    private final RuleReferenceStore references;

    @Inject
    public ConnectorService(ConnectorTypeRegistry types, ConnectorValidator validator, ActionsSettings settings,
                            ConnectorStore store, RuleReferenceStore references) {
        this.types = types;
        this.validator = validator;
        this.settings = settings;
        this.store = store;
        this.references = references;
    }

    public Connector create(String spaceId, String requestedId, String typeId, String name, JsonNode config,
                            JsonNode secrets) {
        String id = requestedId == null ? UUID.randomUUID().toString() : requestedId;
        if (settings.preconfigured().containsKey(id)) {
            throw ApiException.badRequest("This " + id + " already exists in a preconfigured action.");
        }
        ConnectorType type = types.find(typeId)
                .orElseThrow(() -> ApiException.badRequest("Action type \"" + typeId + "\" is not registered."));
        ConnectorValidator.Validated valid = validate(type, config, secrets);
        ensureEnabled(typeId);
        if (!store.insert(spaceId, id, typeId, name, valid.config(), valid.secrets())) {
            throw ApiException.conflict("Saved object [action/" + id + "] conflict");
        }
        return new Connector(id, typeId, name, valid.config(), false, false, false, false, null);
    }

    public Connector update(String spaceId, String id, String name, JsonNode config, JsonNode secrets) {
        if (settings.preconfigured().containsKey(id)) {
            throw ApiException.badRequest("Preconfigured action " + id + " can not be updated.");
        }
        StoredConnector existing = store.find(spaceId, id).orElseThrow(() -> ApiException.connectorNotFound(id));
        ConnectorType type = types.find(existing.connectorTypeId())
                .orElseThrow(() -> ApiException.badRequest(
                        "Action type \"" + existing.connectorTypeId() + "\" is not registered."));
        ConnectorValidator.Validated valid = validate(type, config, secrets);
        ensureEnabled(type.id());
        try {
            StoredConnector updated = store.replace(spaceId, id, name, valid.config(), valid.secrets())
                    .orElseThrow(() -> ApiException.connectorNotFound(id));
            return fromStored(updated);
        } catch (OptimisticLockException concurrentWrite) {
            throw ApiException.conflict("Saved object [action/" + id + "] conflict");
        }
    }

    public Connector get(String spaceId, String id) {
        PreconfiguredConnector preconfigured = settings.preconfigured().get(id);
        if (preconfigured != null) {
            return fromPreconfigured(preconfigured);
        }
        return store.find(spaceId, id).map(ConnectorService::fromStored)
                .orElseThrow(() -> ApiException.connectorNotFound(id));
    }

    public void delete(String spaceId, String id) {
        if (settings.preconfigured().containsKey(id)) {
            throw ApiException.badRequest("Preconfigured action " + id + " is not allowed to delete.");
        }
        if (!store.delete(spaceId, id)) {
            throw ApiException.connectorNotFound(id);
        }
    }

    /**
     * Stored connectors of the space and every preconfigured one, sorted by name as Kibana sorts them, each with the
     * number of the space's rules that reference it. The count goes by connector id alone, as Kibana's does: rules
     * keep referencing a deleted connector, and count again for a connector created later under the same id.
     */
    public List<Connector> list(String spaceId) {
        List<Connector> listed = new ArrayList<>();
        store.list(spaceId).forEach(stored -> listed.add(fromStored(stored)));
        settings.preconfigured().values()
                .forEach(preconfigured -> listed.add(fromPreconfigured(preconfigured).withoutConfig()));
        Map<String, Integer> ruleCounts = references.countRules(spaceId, listed.stream().map(Connector::id).toList());
        List<Connector> counted = new ArrayList<>(listed.size());
        listed.forEach(connector -> counted.add(
                connector.withReferencedByCount(ruleCounts.getOrDefault(connector.id(), 0))));
        counted.sort(BY_NAME);
        return counted;
    }

    private ConnectorValidator.Validated validate(ConnectorType type, JsonNode config, JsonNode secrets) {
        try {
            return validator.validate(type, config, secrets);
        } catch (ConnectorValidationException invalid) {
            throw ApiException.badRequest(invalid.getMessage());
        }
    }

    private void ensureEnabled(String typeId) {
        if (!settings.isActionTypeEnabled(typeId)) {
            throw ApiException.forbidden("action type \"" + typeId
                    + "\" is not enabled in the Kibana config xpack.actions.enabledActionTypes");
        }
    }

    private static Connector fromStored(StoredConnector stored) {
        return new Connector(stored.id(), stored.connectorTypeId(), stored.name(), stored.config(), false, false,
                stored.missingSecrets(), false, null);
    }

    private Connector fromPreconfigured(PreconfiguredConnector preconfigured) {
        ObjectNode config = preconfigured.exposeConfig() ? exposedConfig(preconfigured) : null;
        return new Connector(preconfigured.id(), preconfigured.actionTypeId(), preconfigured.name(), config, true,
                false, null, false, null);
    }

    /** The config of an {@code exposeConfig} connector, with its type's defaults when it validates. */
    private ObjectNode exposedConfig(PreconfiguredConnector preconfigured) {
        Optional<ConnectorType> type = types.find(preconfigured.actionTypeId());
        try {
            return type.map(t -> (ObjectNode) t.configSchema().validate(preconfigured.config()))
                    .orElse(preconfigured.config());
        } catch (RuntimeException invalid) {
            return preconfigured.config();
        }
    }
}
