package io.switchboard.connector.pagerduty;

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
class PagerDutyConnectorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRETS = "{\"routingKey\":\"pd-secret-routing-key\"}";

    private static String body(String config, String secrets) {
        return "{\"name\":\"pd\",\"connector_type_id\":\".pagerduty\""
                + (config == null ? "" : ",\"config\":" + config)
                + (secrets == null ? "" : ",\"secrets\":" + secrets) + "}";
    }

    private static String configOf(String response) throws Exception {
        return JSON.readTree(response).get("config").toString();
    }

    @Test
    void createWithoutConfigReturnsNullApiUrl() throws Exception {
        String space = freshSpace();
        String created = kibana().body(body(null, SECRETS)).post(path(space, "/api/actions/connector"))
                .then().statusCode(200)
                .body("connector_type_id", equalTo(".pagerduty")).body("is_missing_secrets", equalTo(false))
                .body("$", not(hasKey("secrets"))).body(not(containsString("pd-secret-routing-key")))
                .extract().asString();
        assertEquals("{\"apiUrl\":null}", configOf(created));
        String id = JSON.readTree(created).get("id").textValue();
        String fetched = kibana().get(path(space, "/api/actions/connector/" + id)).then().statusCode(200)
                .body(not(containsString("pd-secret-routing-key"))).extract().asString();
        assertEquals("{\"apiUrl\":null}", configOf(fetched));
        kibana().get(path(space, "/api/actions/connectors")).then().statusCode(200)
                .body("find { it.id == '" + id + "' }.config.apiUrl", equalTo(null))
                .body(not(containsString("pd-secret-routing-key")));
    }

    @Test
    void createWithApiUrlKeepsIt() throws Exception {
        String created = kibana().body(body("{\"apiUrl\":\"http://pagerduty.example.com/v2/enqueue\"}", SECRETS))
                .post(path(freshSpace(), "/api/actions/connector")).then().statusCode(200).extract().asString();
        assertEquals("{\"apiUrl\":\"http://pagerduty.example.com/v2/enqueue\"}", configOf(created));
        String withNull = kibana().body(body("{\"apiUrl\":null}", SECRETS))
                .post(path(freshSpace(), "/api/actions/connector")).then().statusCode(200).extract().asString();
        assertEquals("{\"apiUrl\":null}", configOf(withNull));
    }

    @Test
    void configRules() {
        String route = path(freshSpace(), "/api/actions/connector");
        assertError(kibana().body(body("{\"apiUrl\":1}", SECRETS)).post(route).then(), 400,
                "error validating action type config: [apiUrl]: types that failed validation:\n"
                        + "- [apiUrl.0]: expected value of type [string] but got [number]\n"
                        + "- [apiUrl.1]: expected value to equal [null]");
        assertError(kibana().body(body("{\"url\":\"http://x\"}", SECRETS)).post(route).then(), 400,
                "error validating action type config: [url]: definition for this key is missing");
    }

    @Test
    void secretsRules() {
        String route = path(freshSpace(), "/api/actions/connector");
        assertError(kibana().body(body("{}", null)).post(route).then(), 400,
                "error validating action type secrets: [routingKey]: expected value of type [string] but got "
                        + "[undefined]");
        assertError(kibana().body(body("{}", "{\"routingKey\":true}")).post(route).then(), 400,
                "error validating action type secrets: [routingKey]: expected value of type [string] but got "
                        + "[boolean]");
        assertError(kibana().body(body("{}", "{\"routingKey\":\"k\",\"token\":\"t\"}")).post(route).then(), 400,
                "error validating action type secrets: [token]: definition for this key is missing");
        assertError(kibana().body(body("{\"apiUrl\":2}", "{}")).post(route).then(), 400,
                "error validating action type config: [apiUrl]: types that failed validation:\n"
                        + "- [apiUrl.0]: expected value of type [string] but got [number]\n"
                        + "- [apiUrl.1]: expected value to equal [null]");
    }

    @Test
    void updateValidatesAndReplaces() throws Exception {
        String space = freshSpace();
        String id = kibana().body(body(null, SECRETS)).post(path(space, "/api/actions/connector"))
                .then().statusCode(200).extract().path("id");
        String route = path(space, "/api/actions/connector/" + id);
        assertError(kibana().body("{\"name\":\"n\",\"config\":{}}").put(route).then(), 400,
                "error validating action type secrets: [routingKey]: expected value of type [string] but got "
                        + "[undefined]");
        String updated = kibana().body("{\"name\":\"n\",\"config\":{\"apiUrl\":\"https://pd.example.com/e\"},"
                        + "\"secrets\":" + SECRETS + "}").put(route).then().statusCode(200)
                .body(not(containsString("pd-secret-routing-key"))).extract().asString();
        assertEquals("{\"apiUrl\":\"https://pd.example.com/e\"}", configOf(updated));
        String cleared = kibana().body("{\"name\":\"n\",\"secrets\":" + SECRETS + "}").put(route).then()
                .statusCode(200).extract().asString();
        assertEquals("{\"apiUrl\":null}", configOf(cleared));
    }

    @Test
    void typeIsListedWithKibanaMetadata() {
        kibana().get("/api/actions/connector_types").then().statusCode(200)
                .body("find { it.id == '.pagerduty' }.name", equalTo("PagerDuty"))
                .body("find { it.id == '.pagerduty' }.minimum_license_required", equalTo("gold"))
                .body("find { it.id == '.pagerduty' }.supported_feature_ids", equalTo(
                        java.util.List.of("alerting", "uptime", "siem")));
    }
}
