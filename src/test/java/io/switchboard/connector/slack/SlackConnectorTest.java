package io.switchboard.connector.slack;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.switchboard.support.Api.assertError;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.kibana;
import static io.switchboard.support.Api.path;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

@QuarkusTest
class SlackConnectorTest {

    private static final String SECRET_URL = "https://hooks.slack.com/services/T0/B0/very-secret-token";

    private static String body(String secrets) {
        return "{\"name\":\"slack\",\"connector_type_id\":\".slack\",\"secrets\":" + secrets + "}";
    }

    @Test
    void createReturnsEmptyConfigAndNeverTheWebhookUrl() {
        String space = freshSpace();
        String created = kibana().body(body("{\"webhookUrl\":\"" + SECRET_URL + "\"}"))
                .post(path(space, "/api/actions/connector")).then().statusCode(200)
                .body("connector_type_id", equalTo(".slack")).body("name", equalTo("slack"))
                .body("config", equalTo(java.util.Map.of()))
                .body("is_missing_secrets", equalTo(false)).body("is_preconfigured", equalTo(false))
                .body("$", not(hasKey("secrets")))
                .body(not(containsString("very-secret-token")))
                .extract().asString();
        String id = created.substring(7, 43);
        kibana().get(path(space, "/api/actions/connector/" + id)).then().statusCode(200)
                .body("config", equalTo(java.util.Map.of())).body(not(containsString("very-secret-token")));
        kibana().get(path(space, "/api/actions/connectors")).then().statusCode(200)
                .body(not(containsString("very-secret-token")));
        kibana().body("{\"name\":\"renamed\",\"secrets\":{\"webhookUrl\":\"" + SECRET_URL + "2\"}}")
                .put(path(space, "/api/actions/connector/" + id)).then().statusCode(200)
                .body("name", equalTo("renamed")).body("config", equalTo(java.util.Map.of()))
                .body(not(containsString("very-secret-token")));
    }

    @Test
    void configMustBeEmpty() {
        assertError(kibana().body("{\"name\":\"s\",\"connector_type_id\":\".slack\",\"config\":{\"a\":1},"
                        + "\"secrets\":{\"webhookUrl\":\"" + SECRET_URL + "\"}}")
                        .post(path(freshSpace(), "/api/actions/connector")).then(), 400,
                "error validating action type config: [a]: definition for this key is missing");
    }

    @Test
    void secretsRules() {
        String route = path(freshSpace(), "/api/actions/connector");
        assertError(kibana().body(body("{}")).post(route).then(), 400,
                "error validating action type secrets: [webhookUrl]: expected value of type [string] but got "
                        + "[undefined]");
        assertError(kibana().body("{\"name\":\"s\",\"connector_type_id\":\".slack\"}").post(route).then(), 400,
                "error validating action type secrets: [webhookUrl]: expected value of type [string] but got "
                        + "[undefined]");
        assertError(kibana().body(body("{\"webhookUrl\":1}")).post(route).then(), 400,
                "error validating action type secrets: [webhookUrl]: expected value of type [string] but got "
                        + "[number]");
        assertError(kibana().body(body("{\"webhookUrl\":\"" + SECRET_URL + "\",\"channel\":\"c\"}")).post(route)
                        .then(), 400, "error validating action type secrets: [channel]: definition for this key is missing");
        assertError(kibana().body(body("{\"webhookUrl\":\"fee-fi-fo-fum\"}")).post(route).then(), 400,
                "error validating action type secrets: error configuring slack action: unable to parse host name "
                        + "from webhookUrl");
    }

    @Test
    void updateValidatesSecretsAgain() {
        String space = freshSpace();
        String id = kibana().body(body("{\"webhookUrl\":\"" + SECRET_URL + "\"}"))
                .post(path(space, "/api/actions/connector")).then().statusCode(200).extract().path("id");
        String route = path(space, "/api/actions/connector/" + id);
        assertError(kibana().body("{\"name\":\"x\"}").put(route).then(), 400,
                "error validating action type secrets: [webhookUrl]: expected value of type [string] but got "
                        + "[undefined]");
        assertError(kibana().body("{\"name\":\"x\",\"secrets\":{\"webhookUrl\":\"no url\"}}").put(route).then(), 400,
                "error validating action type secrets: error configuring slack action: unable to parse host name "
                        + "from webhookUrl");
        kibana().get(route).then().body("name", equalTo("slack"));
    }

    @Test
    void typeIsListedWithKibanaMetadata() {
        kibana().get("/api/actions/connector_types").then().statusCode(200)
                .body("find { it.id == '.slack' }.name", equalTo("Slack"))
                .body("find { it.id == '.slack' }.minimum_license_required", equalTo("gold"))
                .body("find { it.id == '.slack' }.supported_feature_ids", equalTo(
                        java.util.List.of("alerting", "uptime", "siem")));
    }
}
