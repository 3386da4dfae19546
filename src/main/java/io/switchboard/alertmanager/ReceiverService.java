package io.switchboard.alertmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.switchboard.connector.email.EmailConnectorType;
import io.switchboard.management.ApiException;
import io.switchboard.schema.ObjectSchema;
import io.switchboard.schema.Schema;
import io.switchboard.schema.SchemaError;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

import static io.switchboard.schema.Schemas.any;
import static io.switchboard.schema.Schemas.arrayOf;
import static io.switchboard.schema.Schemas.maybe;
import static io.switchboard.schema.Schemas.object;
import static io.switchboard.schema.Schemas.recordOf;
import static io.switchboard.schema.Schemas.string;

/** Create or replace, read, list and delete of receivers, with the checks a receiver must pass to be saved. */
@Singleton
public class ReceiverService {

    static final int MAX_NAME_LENGTH = 255;
    static final int MAX_ACTIONS = 100;

    private static final Schema NAME = string().minLength(1).maxLength(MAX_NAME_LENGTH)
            .validator(name -> name.textValue().isBlank() ? "value '' is not valid" : null);

    /** A receiver's body: the {@code actions} of a Kibana rule, each a connector id and optional params templates. */
    static final ObjectSchema BODY = object(
            "actions", arrayOf(object(
                    "id", string().minLength(1),
                    "params", maybe(recordOf(string(), any()))))
                    .minSize(1).maxSize(MAX_ACTIONS));

    private final ReceiverStore store;
    private final ConnectorTypes connectorTypes;

    @Inject
    public ReceiverService(ReceiverStore store, ConnectorTypes connectorTypes) {
        this.store = store;
        this.connectorTypes = connectorTypes;
    }

    /** Creates the receiver or replaces its actions; {@code body} is the parsed request body. */
    public Receiver save(String spaceId, String name, JsonNode body) {
        checkName(name);
        ObjectNode valid;
        try {
            valid = (ObjectNode) BODY.validate(body);
        } catch (SchemaError invalid) {
            throw ApiException.badRequest(invalid.format("request body"));
        }
        List<ReceiverAction> actions = new ArrayList<>();
        JsonNode given = valid.get("actions");
        for (int i = 0; i < given.size(); i++) {
            JsonNode action = given.get(i);
            String connectorId = action.get("id").textValue();
            String field = "[request body.actions." + i + ".";
            String typeId = connectorTypes.current(spaceId, connectorId).orElseThrow(() -> ApiException.badRequest(
                    field + "id]: connector [" + connectorId + "] not found in space [" + spaceId + "]"));
            ObjectNode params = (ObjectNode) action.get("params");
            if (params == null && !DefaultParams.exist(typeId)) {
                throw ApiException.badRequest(field + "params]: " + noDefaultsReason(typeId));
            }
            actions.add(new ReceiverAction(connectorId, params));
        }
        return store.save(spaceId, name, List.copyOf(actions));
    }

    private static String noDefaultsReason(String typeId) {
        if (EmailConnectorType.ID.equals(typeId)) {
            return "required for a .email connector: give at least to, subject and message, as no default can "
                    + "choose recipients";
        }
        return "required for a " + typeId + " connector: it has no default params";
    }

    public Receiver get(String spaceId, String name) {
        checkName(name);
        return store.find(spaceId, name).orElseThrow(() -> notFound(name));
    }

    public List<Receiver> list(String spaceId) {
        return store.list(spaceId);
    }

    public void delete(String spaceId, String name) {
        checkName(name);
        if (!store.delete(spaceId, name)) {
            throw notFound(name);
        }
    }

    static ApiException notFound(String name) {
        return ApiException.notFound("Saved object [alertmanager-receiver/" + name + "] not found");
    }

    static void checkName(String name) {
        try {
            NAME.validate(name == null ? null : TextNode.valueOf(name));
        } catch (SchemaError invalid) {
            throw ApiException.badRequest(invalid.format("request params.name"));
        }
    }
}
