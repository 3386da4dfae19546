package io.switchboard.connector.email;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.switchboard.support.Api.assertError;
import static io.switchboard.support.Api.create;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.kibana;
import static io.switchboard.support.Api.path;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** {@code .email} through the connector API, with Kibana's default settings (any host, no domain allowlist). */
@QuarkusTest
class EmailConnectorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONFIG_ERROR = "error validating action type config: ";
    private static final String CONNECTOR_ERROR = "error validating action type connector: ";
    private static final String PASSWORD = "pw-never-returned-1f3a";
    private static final String CLIENT_SECRET = "client-secret-never-returned-9c2e";

    @Test
    void createsWithEveryConfigKeyAndItsDefault() throws Exception {
        String body = kibana().body(connector("""
                {"host":"smtp.example.com","port":587,"from":"alerts@example.com"}""", """
                {"user":"bob","password":"%s"}""".formatted(PASSWORD)))
                .post(path(freshSpace(), "/api/actions/connector"))
                .then().statusCode(200)
                .body("connector_type_id", equalTo(".email"))
                .body("is_missing_secrets", equalTo(false))
                .extract().asString();
        assertEquals(JSON.readTree("""
                {"service":"other","host":"smtp.example.com","port":587,"secure":null,"from":"alerts@example.com",
                 "hasAuth":true,"tenantId":null,"clientId":null,"oauthTokenUrl":null}"""),
                JSON.readTree(body).get("config"));
    }

    @Test
    void keepsGivenValuesOfOptionalKeys() throws Exception {
        String body = kibana().body(connector("""
                {"service":"other","from":"alerts@example.com","hasAuth":false,"tenantId":"t","clientId":"c",
                 "oauthTokenUrl":"https://login.example.com/token","secure":true,"host":"smtp.example.com","port":2525}""",
                "{\"clientSecret\":\"" + CLIENT_SECRET + "\"}"))
                .post(path(freshSpace(), "/api/actions/connector"))
                .then().statusCode(200).extract().asString();
        assertEquals(JSON.readTree("""
                {"service":"other","host":"smtp.example.com","port":2525,"secure":true,"from":"alerts@example.com",
                 "hasAuth":false,"tenantId":"t","clientId":"c","oauthTokenUrl":"https://login.example.com/token"}"""),
                JSON.readTree(body).get("config"));
    }

    @Test
    void acceptsEachKindOfService() {
        String space = freshSpace();
        create(space, connector("{\"service\":\"__json\",\"from\":\"a@example.com\",\"hasAuth\":false}", "{}"));
        create(space, connector("{\"service\":\"gmail\",\"from\":\"a@example.com\"}",
                "{\"user\":\"u\",\"password\":\"p\"}"));
        create(space, connector("{\"service\":\"Outlook365\",\"from\":\"a@example.com\",\"hasAuth\":false}", "{}"));
        create(space, connector("{\"service\":\"user@googlemail.com\",\"from\":\"a@example.com\",\"hasAuth\":false}",
                "{}"));
        create(space, connector("{\"service\":\"elastic_cloud\",\"from\":\"a@example.com\",\"hasAuth\":false}", "{}"));
        // without xpack.actions.email.domain_allowlist Kibana does not look at addresses at all
        create(space, connector("{\"service\":\"__json\",\"from\":\"not an address\",\"hasAuth\":false}", "{}"));
    }

    @Test
    void configSchemaMessages() {
        assertConfigError("{\"service\":\"other\",\"host\":\"h\",\"port\":25}",
                "[from]: expected value of type [string] but got [undefined]");
        assertConfigError("{\"from\":\"a@example.com\",\"host\":\"h\",\"port\":0}",
                "[port]: types that failed validation:\n- [port.0]: Value must be equal to or greater than [1].\n"
                        + "- [port.1]: expected value to equal [null]");
        assertConfigError("{\"from\":\"a@example.com\",\"host\":\"h\",\"port\":65536}",
                "[port]: types that failed validation:\n- [port.0]: Value must be equal to or lower than [65535].\n"
                        + "- [port.1]: expected value to equal [null]");
        assertConfigError("{\"from\":\"a@example.com\",\"host\":\"h\",\"port\":25,\"hasAuth\":\"yes\"}",
                "[hasAuth]: expected value of type [boolean] but got [string]");
        assertConfigError("{\"from\":\"a@example.com\",\"host\":\"h\",\"port\":25,\"allowHtml\":true}",
                "[allowHtml]: definition for this key is missing");
    }

    @Test
    void configRulesOfTheOtherService() {
        assertConfigError("{\"from\":\"a@example.com\"}", "[host]/[port] is required");
        assertConfigError("{\"service\":\"other\",\"from\":\"a@example.com\",\"port\":25}", "[host] is required");
        assertConfigError("{\"from\":\"a@example.com\",\"host\":\"smtp.example.com\"}", "[port] is required");
        assertConfigError("{\"from\":\"a@example.com\",\"host\":\"smtp.example.com\",\"port\":null}",
                "[port] is required");
    }

    @Test
    void configRulesOfExchange() {
        assertConfigError("{\"service\":\"exchange_server\",\"from\":\"a@example.com\"}",
                "[clientId]/[tenantId] is required");
        assertConfigError("{\"service\":\"exchange_server\",\"from\":\"a@example.com\",\"tenantId\":\"t\"}",
                "[clientId] is required");
        assertConfigError("{\"service\":\"exchange_server\",\"from\":\"a@example.com\",\"clientId\":\"c\"}",
                "[tenantId] is required");
    }

    @Test
    void configRulesOfNamedServices() {
        assertConfigError("{\"service\":\"carrier-pigeon\",\"from\":\"a@example.com\"}",
                "[service] value 'carrier-pigeon' is not valid");
        // a service nodemailer knows without a host cannot be used
        assertConfigError("{\"service\":\"maildev\",\"from\":\"a@example.com\"}",
                "[service] value 'maildev' is not valid");
    }

    @Test
    void secretsSchemaMessages() {
        String route = path(freshSpace(), "/api/actions/connector");
        assertError(kibana().body(connector("{\"service\":\"__json\",\"from\":\"a@example.com\"}",
                "{\"user\":\"u\",\"password\":\"p\",\"apiKey\":\"k\"}")).post(route).then(), 400,
                "error validating action type secrets: [apiKey]: definition for this key is missing");
        assertError(kibana().body(connector("{\"service\":\"__json\",\"from\":\"a@example.com\"}",
                "{\"user\":1,\"password\":\"p\"}")).post(route).then(), 400,
                "error validating action type secrets: [user]: types that failed validation:\n"
                        + "- [user.0]: expected value of type [string] but got [number]\n"
                        + "- [user.1]: expected value to equal [null]");
    }

    @Test
    void connectorRules() {
        String route = path(freshSpace(), "/api/actions/connector");
        String smtp = "{\"host\":\"smtp.example.com\",\"port\":25,\"from\":\"a@example.com\",\"hasAuth\":true}";
        assertError(kibana().body(connector(smtp, "{}")).post(route).then(), 400,
                CONNECTOR_ERROR + "[user] is required");
        // Kibana checks the request's own values: a config that leaves hasAuth out is not asked for credentials,
        // though the stored config then says hasAuth:true.
        kibana().body(connector("{\"host\":\"smtp.example.com\",\"port\":25,\"from\":\"a@example.com\"}", "{}"))
                .post(route).then().statusCode(200).body("config.hasAuth", equalTo(true));
        assertError(kibana().body(connector(smtp, "{\"password\":\"p\"}")).post(route).then(), 400,
                CONNECTOR_ERROR + "[user] is required");
        assertError(kibana().body(connector(smtp, "{\"user\":\"u\"}")).post(route).then(), 400,
                CONNECTOR_ERROR + "[password] is required");
        assertError(kibana().body(connector(smtp, "{\"user\":\"u\",\"password\":null}")).post(route).then(), 400,
                CONNECTOR_ERROR + "[password] is required");
        assertError(kibana().body(connector("""
                {"service":"exchange_server","from":"a@example.com","tenantId":"t","clientId":"c"}""",
                "{\"user\":\"u\",\"password\":\"p\"}")).post(route).then(), 400,
                CONNECTOR_ERROR + "[clientSecret] is required");
        // exchange ignores hasAuth: the client secret is needed even without it
        assertError(kibana().body(connector("""
                {"service":"exchange_server","from":"a@example.com","tenantId":"t","clientId":"c","hasAuth":false}""",
                "{}")).post(route).then(), 400, CONNECTOR_ERROR + "[clientSecret] is required");
        create(freshSpace(), connector(smtp.replace("\"hasAuth\":true", "\"hasAuth\":false"), "{}"));
    }

    @Test
    void configIsCheckedBeforeSecretsAndConnector() {
        assertError(kibana().body(connector("{\"from\":\"a@example.com\"}", "{\"nope\":1}"))
                .post(path(freshSpace(), "/api/actions/connector")).then(), 400,
                CONFIG_ERROR + "[host]/[port] is required");
    }

    @Test
    void updateValidatesLikeCreate() {
        String space = freshSpace();
        String id = create(space, connector("{\"host\":\"smtp.example.com\",\"port\":25,\"from\":\"a@example.com\"}",
                "{\"user\":\"u\",\"password\":\"" + PASSWORD + "\"}"));
        String route = path(space, "/api/actions/connector/" + id);
        assertError(kibana().body("{\"name\":\"mail\",\"config\":{\"from\":\"a@example.com\",\"port\":25}}")
                .put(route).then(), 400, CONFIG_ERROR + "[host] is required");
        // secrets are replaced, not merged: leaving them out loses the user
        assertError(kibana().body("""
                {"name":"mail","config":{"host":"smtp.example.com","port":25,"from":"a@example.com","hasAuth":true}}""")
                .put(route).then(), 400, CONNECTOR_ERROR + "[user] is required");
        kibana().body("""
                {"name":"renamed","config":{"service":"gmail","from":"b@example.com"},
                 "secrets":{"user":"u","password":"%s"}}""".formatted(PASSWORD))
                .put(route).then().statusCode(200)
                .body("name", equalTo("renamed"))
                .body("config.service", equalTo("gmail"))
                .body("config.host", equalTo(null));
    }

    @Test
    void secretsNeverLeaveTheServer() {
        String space = freshSpace();
        String created = kibana().body(connector("""
                {"host":"smtp.example.com","port":25,"from":"a@example.com"}""",
                "{\"user\":\"bob\",\"password\":\"" + PASSWORD + "\",\"clientSecret\":\"" + CLIENT_SECRET + "\"}"))
                .post(path(space, "/api/actions/connector")).then().statusCode(200).extract().asString();
        String id = readId(created);
        String got = kibana().get(path(space, "/api/actions/connector/" + id)).then().statusCode(200)
                .extract().asString();
        String updated = kibana().body("""
                {"name":"again","config":{"host":"smtp.example.com","port":25,"from":"a@example.com"},
                 "secrets":{"user":"bob","password":"%s","clientSecret":"%s"}}""".formatted(PASSWORD, CLIENT_SECRET))
                .put(path(space, "/api/actions/connector/" + id)).then().statusCode(200).extract().asString();
        String listed = kibana().get(path(space, "/api/actions/connectors")).then().statusCode(200)
                .extract().asString();
        for (String response : new String[] {created, got, updated, listed}) {
            assertFalse(response.contains(PASSWORD), response);
            assertFalse(response.contains(CLIENT_SECRET), response);
            assertFalse(response.contains("\"secrets\""), response);
        }
    }

    @Test
    void isListedAsAGoldType() {
        kibana().get("/api/actions/connector_types").then().statusCode(200)
                .body("find { it.id == '.email' }.name", equalTo("Email"))
                .body("find { it.id == '.email' }.minimum_license_required", equalTo("gold"))
                .body("find { it.id == '.email' }.supported_feature_ids", contains("alerting", "uptime", "siem"));
    }

    private static void assertConfigError(String config, String reason) {
        assertError(kibana().body(connector(config, "{\"user\":\"u\",\"password\":\"p\"}"))
                .post(path(freshSpace(), "/api/actions/connector")).then(), 400, CONFIG_ERROR + reason);
    }

    static String connector(String config, String secrets) {
        return "{\"name\":\"mail\",\"connector_type_id\":\".email\",\"config\":" + config + ",\"secrets\":" + secrets
                + "}";
    }

    private static String readId(String response) {
        try {
            JsonNode tree = JSON.readTree(response);
            return tree.get("id").textValue();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
