package io.switchboard.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.switchboard.support.Database;
import io.switchboard.support.LogCapture;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.kibana;
import static io.switchboard.support.Api.path;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Creates, reads, lists, updates and mis-updates a connector of every type that has secrets, then looks for each
 * secret value in every response, every log line, the metrics and the stored rows.
 */
@QuarkusTest
class SecretLeakTest {

    private static final LogCapture LOGS = LogCapture.install();

    /** type → a valid create body whose secrets hold the marker {@code %s}. */
    private static final Map<String, String> BODIES = Map.of(
            ".slack", """
                    {"name":"s","connector_type_id":".slack","secrets":{"webhookUrl":"https://hooks.slack.com/services/T0/B0/%s"}}""",
            ".pagerduty", """
                    {"name":"p","connector_type_id":".pagerduty","config":{},"secrets":{"routingKey":"%s"}}""",
            ".jira", """
                    {"name":"j","connector_type_id":".jira","config":{"apiUrl":"https://jira.example.com","projectKey":"OPS"},
                     "secrets":{"email":"ops@example.com","apiToken":"%s"}}""",
            ".email", """
                    {"name":"e","connector_type_id":".email","config":{"from":"alerts@example.com","host":"smtp.example.com","port":587},
                     "secrets":{"user":"alerts","password":"%s"}}""",
            ".webhook", """
                    {"name":"w","connector_type_id":".webhook","config":{"url":"https://hooks.example.com/in"},
                     "secrets":{"user":"ops","password":"%s"}}""");

    @Inject
    DataSource dataSource;

    @Test
    void noSecretValueLeavesTheStore() {
        String space = freshSpace();
        List<String> responses = new ArrayList<>();
        List<String> markers = new ArrayList<>();
        BODIES.forEach((type, body) -> {
            String marker = "sekret" + type.substring(1).replace("-", "") + "Zq81";
            markers.add(marker);
            String created = kibana().body(body.formatted(marker)).post(path(space, "/api/actions/connector"))
                    .then().statusCode(200).extract().asString();
            responses.add(created);
            String id = created.substring(7, 43);
            String route = path(space, "/api/actions/connector/" + id);
            responses.add(kibana().get(route).then().statusCode(200).extract().asString());
            // An update whose secrets fail validation: the error must not echo them.
            responses.add(kibana().body("{\"name\":\"x\",\"secrets\":{\"unknownKey\":\"" + marker + "\"}}").put(route)
                    .then().statusCode(400).extract().asString());
            responses.add(kibana().body("{\"params\":{}}").post(route + "/_execute").then().extract().asString());
        });
        responses.add(kibana().get(path(space, "/api/actions/connectors")).then().statusCode(200).extract().asString());
        String metrics = RestAssured.given().get("/q/metrics").then().extract().asString();
        String stored = Database.dump(dataSource);
        for (String marker : markers) {
            for (String response : responses) {
                assertFalse(response.contains(marker), "a response contains a secret: " + response);
            }
            assertFalse(LOGS.text().contains(marker), "the log contains a secret");
            assertFalse(metrics.contains(marker), "the metrics contain a secret");
            assertFalse(stored.contains(marker), "a secret is stored in clear");
        }
    }
}
