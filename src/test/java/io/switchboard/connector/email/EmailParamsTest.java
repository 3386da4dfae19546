package io.switchboard.connector.email;

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

class EmailParamsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EmailConnectorType TYPE = new EmailConnectorType();
    private static final ValidationContext OPEN =
            new ValidationContext(new AllowedHosts(List.of("*")), Optional.empty());
    private static final ValidationContext RESTRICTED = new ValidationContext(new AllowedHosts(List.of("*")),
            Optional.of(List.of("allowed.example.com", "example.org")));

    @Test
    void appliesDefaults() throws Exception {
        JsonNode valid = TYPE.paramsSchema().validate(json("{\"to\":[\"a@example.org\"],\"subject\":\"s\",\"message\":\"m\"}"));
        assertEquals(json("""
                {"to":["a@example.org"],"cc":[],"bcc":[],"subject":"s","message":"m",
                 "kibanaFooterLink":{"path":"/","text":"Go to Elastic"}}"""), valid);
        JsonNode partialLink = TYPE.paramsSchema().validate(json(
                "{\"cc\":[\"a@example.org\"],\"subject\":\"s\",\"message\":\"m\",\"kibanaFooterLink\":{\"path\":\"/app\"}}"));
        assertEquals(json("{\"path\":\"/app\",\"text\":\"Go to Elastic\"}"), partialLink.get("kibanaFooterLink"));
    }

    @Test
    void schemaMessages() {
        assertSchemaError("{\"to\":[\"a@example.org\"],\"message\":\"m\"}",
                "[subject]: expected value of type [string] but got [undefined]");
        assertSchemaError("{\"to\":[\"a@example.org\"],\"subject\":\"s\"}",
                "[message]: expected value of type [string] but got [undefined]");
        assertSchemaError("{\"to\":\"a@example.org\",\"subject\":\"s\",\"message\":\"m\"}",
                "[to]: expected value of type [array] but got [string]");
        assertSchemaError("{\"to\":[1],\"subject\":\"s\",\"message\":\"m\"}",
                "[to.0]: expected value of type [string] but got [number]");
        assertSchemaError("{\"to\":[],\"subject\":\"s\",\"message\":\"m\",\"kibanaFooterLink\":{\"url\":\"x\"}}",
                "[kibanaFooterLink.url]: definition for this key is missing");
        assertSchemaError("{\"to\":[],\"subject\":\"s\",\"message\":\"m\",\"messageHTML\":\"<b>\"}",
                "[messageHTML]: definition for this key is missing");
    }

    @Test
    void needsAtLeastOneRecipient() throws Exception {
        assertEquals("no [to], [cc], or [bcc] entries", check("{\"subject\":\"s\",\"message\":\"m\"}", OPEN));
        assertNull(check("{\"bcc\":[\"x\"],\"subject\":\"s\",\"message\":\"m\"}", OPEN));
    }

    @Test
    void recipientsMustBeInAllowedDomains() throws Exception {
        assertNull(check("""
                {"to":["a@example.org","Bob <b@allowed.example.com>"],"cc":["c@example.org, d@example.org"],
                 "bcc":["Team: e@example.org, f@allowed.example.com;"],"subject":"s","message":"m"}""", RESTRICTED));
        assertEquals("[to/cc/bcc]: not allowed emails: x@evil.example.net, y@Example.org", check("""
                {"to":["a@example.org","x@evil.example.net"],"cc":["y@Example.org"],"subject":"s","message":"m"}""",
                RESTRICTED));
        assertEquals("[to/cc/bcc]: not valid emails: nobody, a@b@c; not allowed emails: z@evil.example.net",
                check("""
                        {"to":["nobody"],"cc":["z@evil.example.net"],"bcc":["a@b@c"],"subject":"s","message":"m"}""",
                        RESTRICTED));
        assertEquals("[to/cc/bcc]: not allowed emails: ok@example.org, bad@evil.example.net",
                check("{\"to\":[\"ok@example.org, bad@evil.example.net\"],\"subject\":\"s\",\"message\":\"m\"}",
                        RESTRICTED));
    }

    @Test
    void skipsMustacheTemplatesUntilRendered() throws Exception {
        assertNull(check("{\"to\":[\"{{context.owner}}\",\"{{user}}@evil.example.net\"],\"subject\":\"s\","
                + "\"message\":\"m\"}", RESTRICTED));
        assertEquals("[to/cc/bcc]: not allowed emails: x@evil.example.net", check(
                "{\"to\":[\"{{context.owner}}\"],\"cc\":[\"x@evil.example.net\"],\"subject\":\"s\",\"message\":\"m\"}",
                RESTRICTED));
    }

    @Test
    void withoutAnAllowlistAddressesAreNotChecked() throws Exception {
        assertNull(check("{\"to\":[\"not an address\"],\"subject\":\"s\",\"message\":\"m\"}", OPEN));
    }

    private static String check(String params, ValidationContext context) throws Exception {
        return TYPE.checkParams(TYPE.paramsSchema().validate(json(params)), context);
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
