package io.switchboard.connector.webhook;

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

/** {@code .webhook} through the connector API, with Kibana's default settings (any host allowed). */
@QuarkusTest
class WebhookConnectorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONFIG_ERROR = "error validating action type config: ";
    private static final String SECRETS_ERROR = "error validating action type secrets: ";
    private static final String COMBINATION = "must specify one of the following schemas: user and password; "
            + "crt and key (with optional password); or pfx (with optional password)";
    private static final String PASSWORD = "webhook-pw-never-returned-77ab";
    private static final String KEY = "webhook-key-never-returned-31cd";

    @Test
    void urlAloneGetsKibanasDefaults() throws Exception {
        String body = kibana().body(connector("{\"url\":\"https://hooks.example.com/x\"}", "{}"))
                .post(path(freshSpace(), "/api/actions/connector"))
                .then().statusCode(200).body("connector_type_id", equalTo(".webhook")).extract().asString();
        assertEquals("{\"url\":\"https://hooks.example.com/x\",\"method\":\"post\",\"headers\":null,\"hasAuth\":true}",
                JSON.readTree(body).get("config").toString());
    }

    @Test
    void keepsEveryOptionalKeyGiven() throws Exception {
        String config = """
                {"url":"http://localhost:9200/endpoint","method":"put","headers":{"Content-Type":"application/json"},
                 "hasAuth":true,"authType":"webhook-authentication-ssl","certType":"ssl-crt-key","ca":"Q0E=",
                 "verificationMode":"certificate"}""";
        String body = kibana().body(connector(config, "{\"crt\":\"Y3J0\",\"key\":\"" + KEY + "\",\"password\":\"p\"}"))
                .post(path(freshSpace(), "/api/actions/connector")).then().statusCode(200).extract().asString();
        assertEquals(JSON.readTree(config), JSON.readTree(body).get("config"));
    }

    @Test
    void acceptsNewerMethodsAndNullAuthType() {
        String space = freshSpace();
        for (String method : new String[] {"post", "put", "patch", "get", "delete"}) {
            create(space, connector("{\"url\":\"http://x.example.com\",\"method\":\"" + method + "\"}", "{}"));
        }
        create(space, connector("{\"url\":\"http://x.example.com\",\"hasAuth\":false,\"authType\":null}", "{}"));
        create(space, connector("{\"url\":\"http://x.example.com\",\"hasAuth\":false}", "{}"));
    }

    @Test
    void configSchemaMessages() {
        assertConfigError("{}", "[url]: expected value of type [string] but got [undefined]");
        assertConfigError("{\"url\":\"http://x.example.com\",\"method\":\"head\"}",
                "[method]: types that failed validation:\n"
                        + "- [method.0]: expected value to equal [post]\n"
                        + "- [method.1]: expected value to equal [put]\n"
                        + "- [method.2]: expected value to equal [patch]\n"
                        + "- [method.3]: expected value to equal [get]\n"
                        + "- [method.4]: expected value to equal [delete]");
        assertConfigError("{\"url\":\"http://x.example.com\",\"headers\":\"a\"}",
                "[headers]: types that failed validation:\n"
                        + "- [headers.0]: expected value of type [object] but got [string]\n"
                        + "- [headers.1]: expected value to equal [null]");
        assertConfigError("{\"url\":\"http://x.example.com\",\"headers\":{\"n\":1}}",
                "[headers]: types that failed validation:\n"
                        + "- [headers.0.n]: expected value of type [string] but got [number]\n"
                        + "- [headers.1]: expected value to equal [null]");
        assertConfigError("{\"url\":\"http://x.example.com\",\"authType\":\"webhook-oauth\"}",
                "[authType]: types that failed validation:\n"
                        + "- [authType.0]: expected value to equal [webhook-authentication-basic]\n"
                        + "- [authType.1]: expected value to equal [webhook-authentication-ssl]\n"
                        + "- [authType.2]: expected value to equal [null]");
        assertConfigError("{\"url\":\"http://x.example.com\",\"certType\":\"pem\"}",
                "[certType]: types that failed validation:\n"
                        + "- [certType.0]: expected value to equal [ssl-crt-key]\n"
                        + "- [certType.1]: expected value to equal [ssl-pfx]");
        assertConfigError("{\"url\":\"http://x.example.com\",\"verificationMode\":\"strict\"}",
                "[verificationMode]: types that failed validation:\n"
                        + "- [verificationMode.0]: expected value to equal [none]\n"
                        + "- [verificationMode.1]: expected value to equal [certificate]\n"
                        + "- [verificationMode.2]: expected value to equal [full]");
        assertConfigError("{\"url\":\"http://x.example.com\",\"proxy\":\"p\"}",
                "[proxy]: definition for this key is missing");
    }

    @Test
    void urlMustParse() {
        assertConfigError("{\"url\":\"example.com/do-something\"}",
                "error configuring webhook action: unable to parse url: TypeError: Invalid URL: example.com/do-something");
        assertConfigError("{\"url\":\"http://\"}",
                "error configuring webhook action: unable to parse url: TypeError: Invalid URL: http://");
        assertConfigError("{\"url\":\"http://exa mple.com\"}",
                "error configuring webhook action: unable to parse url: TypeError: Invalid URL: http://exa mple.com");
        assertConfigError("{\"url\":\"http://example.com:99999/\"}",
                "error configuring webhook action: unable to parse url: TypeError: Invalid URL: http://example.com:99999/");
    }

    @Test
    void authTypeNeedsHasAuth() {
        assertConfigError("{\"url\":\"http://x.example.com\",\"hasAuth\":false,\"authType\":\"webhook-authentication-basic\"}",
                "error configuring webhook action: authType must be null or undefined if hasAuth is false");
    }

    @Test
    void secretsCombinations() {
        String space = freshSpace();
        String config = "{\"url\":\"http://x.example.com\"}";
        for (String ok : new String[] {"{}", "{\"user\":\"u\",\"password\":\"p\"}", "{\"crt\":\"c\",\"key\":\"k\"}",
                "{\"crt\":\"c\",\"key\":\"k\",\"password\":\"p\"}", "{\"pfx\":\"x\"}", "{\"pfx\":\"x\",\"password\":\"p\"}",
                "{\"user\":null,\"password\":null,\"crt\":null,\"key\":null,\"pfx\":null}"}) {
            create(space, connector(config, ok));
        }
        String route = path(space, "/api/actions/connector");
        for (String bad : new String[] {"{\"user\":\"u\"}", "{\"password\":\"p\"}", "{\"crt\":\"c\"}",
                "{\"key\":\"k\"}", "{\"user\":\"u\",\"password\":\"p\",\"pfx\":\"x\"}",
                "{\"crt\":\"c\",\"key\":\"k\",\"pfx\":\"x\"}", "{\"user\":\"u\",\"crt\":\"c\",\"key\":\"k\"}",
                "{\"pfx\":\"x\",\"key\":\"k\"}"}) {
            assertError(kibana().body(connector(config, bad)).post(route).then(), 400, SECRETS_ERROR + COMBINATION);
        }
        assertError(kibana().body(connector(config, "{\"token\":\"t\"}")).post(route).then(), 400,
                SECRETS_ERROR + "[token]: definition for this key is missing");
    }

    @Test
    void updateValidatesLikeCreate() {
        String space = freshSpace();
        String id = create(space, connector("{\"url\":\"http://x.example.com\"}",
                "{\"user\":\"u\",\"password\":\"" + PASSWORD + "\"}"));
        String route = path(space, "/api/actions/connector/" + id);
        assertError(kibana().body("{\"name\":\"hook\",\"config\":{\"url\":\"nope\"}}").put(route).then(), 400,
                CONFIG_ERROR + "error configuring webhook action: unable to parse url: TypeError: Invalid URL: nope");
        assertError(kibana().body("{\"name\":\"hook\",\"config\":{\"url\":\"http://x.example.com\"},"
                + "\"secrets\":{\"user\":\"u\"}}").put(route).then(), 400, SECRETS_ERROR + COMBINATION);
        kibana().body("{\"name\":\"hook\",\"config\":{\"url\":\"http://y.example.com\",\"method\":\"put\"}}")
                .put(route).then().statusCode(200)
                .body("config.url", equalTo("http://y.example.com"))
                .body("config.method", equalTo("put"));
    }

    @Test
    void secretsNeverLeaveTheServer() {
        String space = freshSpace();
        String created = kibana().body(connector("{\"url\":\"http://x.example.com\"}",
                "{\"user\":\"u\",\"password\":\"" + PASSWORD + "\"}"))
                .post(path(space, "/api/actions/connector")).then().statusCode(200).extract().asString();
        String id = created.substring(created.indexOf("\"id\":\"") + 6, created.indexOf("\"", created.indexOf("\"id\":\"") + 6));
        String updated = kibana().body("{\"name\":\"hook\",\"config\":{\"url\":\"http://x.example.com\","
                        + "\"authType\":\"webhook-authentication-ssl\"},\"secrets\":{\"pfx\":\"" + KEY + "\",\"password\":\""
                        + PASSWORD + "\"}}")
                .put(path(space, "/api/actions/connector/" + id)).then().statusCode(200).extract().asString();
        String got = kibana().get(path(space, "/api/actions/connector/" + id)).then().statusCode(200)
                .extract().asString();
        String listed = kibana().get(path(space, "/api/actions/connectors")).then().statusCode(200)
                .extract().asString();
        for (String response : new String[] {created, updated, got, listed}) {
            assertFalse(response.contains(PASSWORD), response);
            assertFalse(response.contains(KEY), response);
            assertFalse(response.contains("\"secrets\""), response);
        }
    }

    @Test
    void isListedAsAGoldType() {
        kibana().get("/api/actions/connector_types").then().statusCode(200)
                .body("find { it.id == '.webhook' }.name", equalTo("Webhook"))
                .body("find { it.id == '.webhook' }.minimum_license_required", equalTo("gold"))
                .body("find { it.id == '.webhook' }.supported_feature_ids", contains("alerting", "uptime", "siem"));
    }

    private static void assertConfigError(String config, String reason) {
        assertError(kibana().body(connector(config, "{}")).post(path(freshSpace(), "/api/actions/connector")).then(),
                400, CONFIG_ERROR + reason);
    }

    static String connector(String config, String secrets) {
        return "{\"name\":\"hook\",\"connector_type_id\":\".webhook\",\"config\":" + config + ",\"secrets\":" + secrets
                + "}";
    }
}
