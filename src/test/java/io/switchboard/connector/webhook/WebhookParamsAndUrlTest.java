package io.switchboard.connector.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

    @Test
    void theUrlIsCheckedOnTheHostTheUrlParserReads() throws Exception {
        ValidationContext allowed = new ValidationContext(
                new AllowedHosts(List.of("xn--bcher-kva.example", "127.0.0.1", "my_host.internal")), Optional.empty());
        assertNull(TYPE.checkConfig(config("https://bücher.example/hook"), allowed));
        assertNull(TYPE.checkConfig(config("http://0x7f.1:8080/hook"), allowed));
        assertNull(TYPE.checkConfig(config("http://2130706433:8080/hook"), allowed));
        assertNull(TYPE.checkConfig(config("http://my_host.internal/hook"), allowed));
        assertEquals("error configuring webhook action: target url \"http://bucher.example/hook\" is not added to "
                + "the Kibana config xpack.actions.allowedHosts",
                TYPE.checkConfig(config("http://ops:s3cret@bucher.example/hook"), allowed));
    }

    @Test
    void anIpv6ZoneIdIsRefusedWithoutPrintingTheUserinfo() throws Exception {
        assertEquals("error configuring webhook action: unable to parse url: TypeError: Invalid URL: "
                + "http://[fe80::1%25eth0]:8080/hook",
                TYPE.checkConfig(config("http://ops:s3cret@[fe80::1%25eth0]:8080/hook"), CONTEXT));
    }

    private static ObjectNode config(String url) {
        return JSON.createObjectNode().put("url", url).put("hasAuth", false);
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
