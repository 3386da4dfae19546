package io.switchboard.connector.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.connector.ValidationContext;
import io.switchboard.egress.AllowedHosts;
import io.switchboard.schema.SchemaError;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WebhookParamsAndUrlTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Only the schemas are used here: no outbound client is needed. */
    private static final WebhookConnectorType TYPE = new WebhookConnectorType(null, JSON);
    private static final ValidationContext CONTEXT =
            new ValidationContext(new AllowedHosts(List.of("*")), Optional.of(List.of("example.org")));

    @Test
    void bodyIsAnOptionalString() throws Exception {
        assertEquals(json("{}"), TYPE.paramsSchema().validate(json("{}")));
        JsonNode valid = TYPE.paramsSchema().validate(json("{\"body\":\"{\\\"a\\\":1}\"}"));
        assertEquals(json("{\"body\":\"{\\\"a\\\":1}\"}"), valid);
        assertNull(TYPE.checkParams(valid, CONTEXT));
    }

    @Test
    void paramsSchemaMessages() {
        assertSchemaError("{\"body\":{\"a\":1}}", "[body]: expected value of type [string] but got [Object]");
        assertSchemaError("{\"body\":\"x\",\"headers\":{}}", "[headers]: definition for this key is missing");
    }

    private static void assertSchemaError(String params, String message) {
        SchemaError error = assertThrows(SchemaError.class, () -> TYPE.paramsSchema().validate(json(params)));
        assertEquals(message, error.getMessage());
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
