package io.switchboard.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.config.ActionsSettings;
import io.switchboard.egress.EgressSettings;
import io.switchboard.schema.SchemaError;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Runs a type's schemas and checks in Kibana's order: config, then secrets, then both together. Used on create and
 * update and again before every execution.
 */
@Singleton
public class ConnectorValidator {

    private final ValidationContext context;

    @Inject
    public ConnectorValidator(EgressSettings egress, ActionsSettings settings) {
        this.context = new ValidationContext(egress.allowedHosts(), settings.emailDomainAllowlist());
    }

    public record Validated(ObjectNode config, ObjectNode secrets) {
        @Override
        public String toString() {
            return "Validated[config=" + config + ", secrets=<secret>]";
        }
    }

    /** @throws ConnectorValidationException with the message Kibana gives for the first failure */
    public Validated validate(ConnectorType type, JsonNode config, JsonNode secrets) {
        ObjectNode validConfig = (ObjectNode) run("config", () -> type.configSchema().validate(config));
        fail("config", type.checkConfig(validConfig, context));
        ObjectNode validSecrets = (ObjectNode) run("secrets", () -> type.secretsSchema().validate(secrets));
        fail("secrets", type.checkSecrets(validSecrets, context));
        fail("connector", type.checkConnector(asObject(config), asObject(secrets)));
        return new Validated(validConfig, validSecrets);
    }

    /** @throws ConnectorValidationException {@code error validating action params: ...} */
    public JsonNode validateParams(ConnectorType type, JsonNode params) {
        JsonNode valid = run("params", () -> type.paramsSchema().validate(params));
        String failure = type.checkParams(valid, context);
        if (failure != null) {
            throw new ConnectorValidationException("error validating action params: " + failure);
        }
        return valid;
    }

    private static JsonNode run(String what, java.util.function.Supplier<JsonNode> validation) {
        try {
            return validation.get();
        } catch (SchemaError error) {
            throw new ConnectorValidationException(prefix(what) + error.getMessage());
        }
    }

    private static void fail(String what, String failure) {
        if (failure != null) {
            throw new ConnectorValidationException(prefix(what) + failure);
        }
    }

    /** The given value as an object; the schemas above have already refused anything else. */
    private static ObjectNode asObject(JsonNode value) {
        return value instanceof ObjectNode object ? object : JsonNodeFactory.instance.objectNode();
    }

    private static String prefix(String what) {
        return what.equals("params") ? "error validating action params: " : "error validating action type " + what + ": ";
    }
}
