package io.switchboard.connector.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.schema.SchemaError;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The params schema (texts as printed after {@code error validating action params: }) and the URL parse check. */
class SlackParamsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final SlackConnectorType type = new SlackConnectorType(null, new com.fasterxml.jackson.databind.ObjectMapper());

    private String failure(String json) throws Exception {
        JsonNode params = JSON.readTree(json);
        return assertThrows(SchemaError.class, () -> type.paramsSchema().validate(params)).getMessage();
    }

    @Test
    void messageIsRequiredAndNotEmpty() throws Exception {
        assertEquals("{\"message\":\"hi\"}", type.paramsSchema().validate(JSON.readTree("{\"message\":\"hi\"}"))
                .toString());
        assertEquals("[message]: value has length [0] but it must have a minimum length of [1].",
                failure("{\"message\":\"\"}"));
        assertEquals("[message]: expected value of type [string] but got [undefined]", failure("{}"));
        assertEquals("[message]: expected value of type [string] but got [number]", failure("{\"message\":1}"));
        assertEquals("[blocks]: definition for this key is missing", failure("{\"message\":\"m\",\"blocks\":[]}"));
    }
}
