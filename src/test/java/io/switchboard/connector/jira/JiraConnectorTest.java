package io.switchboard.connector.jira;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class JiraConnectorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONFIG = "{\"apiUrl\":\"https://jira.example.com\",\"projectKey\":\"CK\"}";
    private static final String SECRETS = "{\"email\":\"elastic@elastic.co\",\"apiToken\":\"jira-secret-api-token\"}";

    private static String body(String config, String secrets) {
        return "{\"name\":\"A jira action\",\"connector_type_id\":\".jira\""
                + (config == null ? "" : ",\"config\":" + config)
                + (secrets == null ? "" : ",\"secrets\":" + secrets) + "}";
    }

    @Test
    void createReturnsConfigAndNeverSecrets() throws Exception {
        String space = freshSpace();
        String created = kibana().body(body(CONFIG, SECRETS)).post(path(space, "/api/actions/connector"))
                .then().statusCode(200)
                .body("connector_type_id", equalTo(".jira")).body("name", equalTo("A jira action"))
                .body("is_missing_secrets", equalTo(false)).body("is_deprecated", equalTo(false))
                .body("$", not(hasKey("secrets")))
                .body(not(containsString("jira-secret-api-token"))).body(not(containsString("elastic@elastic.co")))
                .extract().asString();
        assertEquals(CONFIG, JSON.readTree(created).get("config").toString());
        String id = JSON.readTree(created).get("id").textValue();
        String fetched = kibana().get(path(space, "/api/actions/connector/" + id)).then().statusCode(200)
                .body(not(containsString("jira-secret-api-token"))).body(not(containsString("elastic@elastic.co")))
                .extract().asString();
        assertEquals(CONFIG, JSON.readTree(fetched).get("config").toString());
        kibana().get(path(space, "/api/actions/connectors")).then().statusCode(200)
                .body("find { it.id == '" + id + "' }.config.projectKey", equalTo("CK"))
                .body(not(containsString("jira-secret-api-token"))).body(not(containsString("elastic@elastic.co")));
    }

    @Test
    void configRules() {
        String route = path(freshSpace(), "/api/actions/connector");
        assertError(kibana().body(body("{\"projectKey\":\"CK\"}", SECRETS)).post(route).then(), 400,
                "error validating action type config: [apiUrl]: expected value of type [string] but got [undefined]");
        assertError(kibana().body(body("{\"apiUrl\":\"https://jira.example.com\"}", SECRETS)).post(route).then(),
                400, "error validating action type config: [projectKey]: expected value of type [string] but got "
                        + "[undefined]");
        assertError(kibana().body(body(null, SECRETS)).post(route).then(), 400,
                "error validating action type config: [apiUrl]: expected value of type [string] but got [undefined]");
        assertError(kibana().body(body("{\"apiUrl\":1,\"projectKey\":\"CK\"}", SECRETS)).post(route).then(), 400,
                "error validating action type config: [apiUrl]: expected value of type [string] but got [number]");
        assertError(kibana().body(body("{\"apiUrl\":\"https://j\",\"projectKey\":\"CK\",\"x\":1}", SECRETS))
                        .post(route).then(), 400, "error validating action type config: [x]: definition for this key is missing");
    }

    @Test
    void secretsRules() {
        String route = path(freshSpace(), "/api/actions/connector");
        assertError(kibana().body(body(CONFIG, null)).post(route).then(), 400,
                "error validating action type secrets: [email]: expected value of type [string] but got [undefined]");
        assertError(kibana().body(body(CONFIG, "{\"email\":\"e@x.com\"}")).post(route).then(), 400,
                "error validating action type secrets: [apiToken]: expected value of type [string] but got "
                        + "[undefined]");
        assertError(kibana().body(body(CONFIG, "{\"email\":\"e@x.com\",\"apiToken\":\"t\",\"password\":\"p\"}"))
                        .post(route).then(), 400,
                "error validating action type secrets: [password]: definition for this key is missing");
    }

    @Test
    void updateValidatesAndReplaces() throws Exception {
        String space = freshSpace();
        String id = kibana().body(body(CONFIG, SECRETS)).post(path(space, "/api/actions/connector"))
                .then().statusCode(200).extract().path("id");
        String route = path(space, "/api/actions/connector/" + id);
        assertError(kibana().body("{\"name\":\"n\",\"config\":" + CONFIG + "}").put(route).then(), 400,
                "error validating action type secrets: [email]: expected value of type [string] but got [undefined]");
        assertError(kibana().body("{\"name\":\"n\",\"secrets\":" + SECRETS + "}").put(route).then(), 400,
                "error validating action type config: [apiUrl]: expected value of type [string] but got [undefined]");
        String newConfig = "{\"apiUrl\":\"https://other.example.com/jira\",\"projectKey\":\"OT\"}";
        String updated = kibana().body("{\"name\":\"n\",\"config\":" + newConfig + ",\"secrets\":" + SECRETS + "}")
                .put(route).then().statusCode(200).body("name", equalTo("n"))
                .body(not(containsString("jira-secret-api-token"))).extract().asString();
        assertEquals(newConfig, JSON.readTree(updated).get("config").toString());
    }

    @Test
    void typeIsListedWithKibanaMetadata() {
        kibana().get("/api/actions/connector_types").then().statusCode(200)
                .body("find { it.id == '.jira' }.name", equalTo("Jira"))
                .body("find { it.id == '.jira' }.minimum_license_required", equalTo("gold"))
                .body("find { it.id == '.jira' }.supported_feature_ids", equalTo(
                        java.util.List.of("alerting", "cases", "uptime", "siem")));
        kibana().get("/api/actions/connector_types?feature_id=cases").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.hasItem(".jira"))
                .body("id", not(org.hamcrest.Matchers.hasItem(".slack")));
    }
}
