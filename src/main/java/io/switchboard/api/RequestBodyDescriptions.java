package io.switchboard.api;

import io.switchboard.schema.ArraySchema;
import io.switchboard.schema.BooleanSchema;
import io.switchboard.schema.NumberSchema;
import io.switchboard.schema.ObjectSchema;
import io.switchboard.schema.RecordSchema;
import io.switchboard.schema.StringSchema;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The request bodies of the routes, for the OpenAPI document. Resources take their bodies as text and validate them
 * with Kibana's schemas, so the generator sees only a string: where a route validates with one of our
 * {@link ObjectSchema}s the description is made from that schema; the security and Alertmanager bodies, checked
 * field by field, are described here with the fields Elasticsearch, Kibana and Alertmanager define.
 */
final class RequestBodyDescriptions {

    private RequestBodyDescriptions() {
    }

    /** {@code METHOD path} → the schema of its JSON body. */
    static Map<String, Schema> all() {
        Map<String, Schema> bodies = new LinkedHashMap<>();
        bodies.put("POST /api/actions/connector", of(RequestBodies.CREATE));
        bodies.put("POST /api/actions/connector/{id}", of(RequestBodies.CREATE));
        bodies.put("PUT /api/actions/connector/{id}", of(RequestBodies.UPDATE));
        bodies.put("POST /api/actions/connector/{id}/_execute", of(RequestBodies.EXECUTE));
        bodies.put("POST /api/actions/connector/{id}/_enqueue", of(QueueResource.ITEM_FIELDS));
        bodies.put("POST /api/actions/_bulk_enqueue", array(of(QueueResource.BULK_ITEM)));
        bodies.put("POST /api/actions/connector/{id}/_render", of(RenderResource.RENDER));
        bodies.put("PUT /api/actions/references/rule/{rule_id}", of(RuleReferenceResource.BODY));
        bodies.put("PUT /api/actions/alertmanager/receiver/{name}", object(
                "actions", array(object("id", string(), "params", anyObject()).addRequired("id"))).addRequired("actions"));
        bodies.put("POST /api/actions/alertmanager/receiver/{name}/_notify", alertmanagerNotification());
        Schema user = object("password", string(), "roles", array(string()), "full_name", string(), "email", string(),
                "metadata", anyObject(), "enabled", scalar(SchemaType.BOOLEAN));
        bodies.put("PUT /_security/user/{name}", user);
        bodies.put("POST /_security/user/{name}", user);
        Schema password = object("password", string()).addRequired("password");
        bodies.put("PUT /_security/user/{name}/_password", password);
        bodies.put("POST /_security/user/{name}/_password", password);
        Schema apiKey = object("name", string(), "expiration", string(), "role_descriptors", anyObject(),
                "metadata", anyObject());
        bodies.put("PUT /_security/api_key", apiKey);
        bodies.put("POST /_security/api_key", apiKey);
        bodies.put("DELETE /_security/api_key", object("ids", array(string()), "id", string(), "name", string(),
                "username", string(), "owner", scalar(SchemaType.BOOLEAN), "realm_name", string()));
        bodies.put("PUT /api/security/role/{name}", object(
                "elasticsearch", object("cluster", array(string()), "indices", array(anyObject()),
                        "run_as", array(string())),
                "kibana", array(object("base", array(string()), "feature", object("actions", array(string())),
                        "spaces", array(string()))),
                "metadata", anyObject(), "description", string()));
        return bodies;
    }

    /** A JSON Schema of one of our validation schemas: its fields, which are required, and their types. */
    static Schema of(io.switchboard.schema.Schema schema) {
        if (schema instanceof ObjectSchema object) {
            Schema described = OASFactory.createSchema().addType(SchemaType.OBJECT);
            object.fields().forEach((name, field) -> {
                described.addProperty(name, of(field));
                if (field.required()) {
                    described.addRequired(name);
                }
            });
            return described;
        }
        if (schema instanceof StringSchema) {
            return string();
        }
        if (schema instanceof NumberSchema) {
            return scalar(SchemaType.NUMBER);
        }
        if (schema instanceof BooleanSchema) {
            return scalar(SchemaType.BOOLEAN);
        }
        if (schema instanceof ArraySchema) {
            return OASFactory.createSchema().addType(SchemaType.ARRAY);
        }
        if (schema instanceof RecordSchema) {
            return anyObject();
        }
        // maybe(...), nullable(...), one of several: any value the validation then narrows
        return OASFactory.createSchema();
    }

    private static Schema alertmanagerNotification() {
        Schema labels = OASFactory.createSchema().addType(SchemaType.OBJECT).additionalPropertiesSchema(string());
        Schema alert = object("status", string(), "labels", labels, "annotations", labels, "startsAt", string(),
                "endsAt", string(), "generatorURL", string(), "fingerprint", string());
        return object("version", string(), "groupKey", string(), "truncatedAlerts", scalar(SchemaType.INTEGER),
                "status", string(), "receiver", string(), "groupLabels", labels, "commonLabels", labels,
                "commonAnnotations", labels, "externalURL", string(), "alerts", array(alert));
    }

    private static Schema object(Object... namesAndSchemas) {
        Schema object = OASFactory.createSchema().addType(SchemaType.OBJECT);
        for (int i = 0; i < namesAndSchemas.length; i += 2) {
            object.addProperty((String) namesAndSchemas[i], (Schema) namesAndSchemas[i + 1]);
        }
        return object;
    }

    private static Schema array(Schema items) {
        return OASFactory.createSchema().addType(SchemaType.ARRAY).items(items);
    }

    private static Schema anyObject() {
        return OASFactory.createSchema().addType(SchemaType.OBJECT);
    }

    private static Schema string() {
        return scalar(SchemaType.STRING);
    }

    private static Schema scalar(SchemaType type) {
        return OASFactory.createSchema().addType(type);
    }
}
