package io.switchboard.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.switchboard.support.Database;
import io.switchboard.support.LogCapture;
import io.switchboard.support.WireMockPeer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.kibana;
import static io.switchboard.support.Api.path;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Creates, reads, lists, updates, mis-updates and runs a connector of every type that has secrets, then looks for
 * each secret value in every response, every log line, the metrics, the stored rows and the event rows.
 */
@QuarkusTest
class SecretLeakTest {

    private static final LogCapture LOGS = LogCapture.install();

    /**
     * type → a valid create body whose secrets hold the marker ({@code %1$s}) and whose peer ({@code %2$s}, a stub
     * answering 500, or a closed SMTP port) fails, and params that pass validation so the connector really runs.
     */
    private static final Map<String, String[]> CONNECTORS = Map.of(
            ".slack", new String[] {"""
                    {"name":"s","connector_type_id":".slack","secrets":{"webhookUrl":"%2$s/services/T0/B0/%1$s"}}""",
                    "{\"message\":\"hello\"}"},
            ".pagerduty", new String[] {"""
                    {"name":"p","connector_type_id":".pagerduty","config":{"apiUrl":"%2$s/v2/enqueue"},
                     "secrets":{"routingKey":"%1$s"}}""", "{\"summary\":\"s\"}"},
            ".jira", new String[] {"""
                    {"name":"j","connector_type_id":".jira","config":{"apiUrl":"%2$s","projectKey":"OPS"},
                     "secrets":{"email":"ops@example.com","apiToken":"%1$s"}}""",
                    "{\"subAction\":\"getIncident\",\"subActionParams\":{\"externalId\":\"OPS-1\"}}"},
            ".email", new String[] {"""
                    {"name":"e","connector_type_id":".email","config":{"from":"alerts@example.com","host":"127.0.0.1",
                     "port":%3$d},"secrets":{"user":"alerts","password":"%1$s"}}""",
                    "{\"to\":[\"ops@example.com\"],\"subject\":\"s\",\"message\":\"m\"}"},
            ".webhook", new String[] {"""
                    {"name":"w","connector_type_id":".webhook","config":{"url":"%2$s/in"},
                     "secrets":{"user":"ops","password":"%1$s"}}""", "{\"body\":\"{}\"}"});

    @Inject
    DataSource dataSource;

    private static int closedPort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void noSecretValueLeavesTheStore() {
        String space = freshSpace();
        List<String> responses = new ArrayList<>();
        List<String> markers = new ArrayList<>();
        WireMockPeer.server().stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(500)));
        int closedPort = closedPort();
        CONNECTORS.forEach((type, connector) -> {
            String marker = "sekret" + type.substring(1).replace("-", "") + "Zq81";
            markers.add(marker);
            String body = connector[0].formatted(marker, WireMockPeer.url(""), closedPort);
            String created = kibana().body(body).post(path(space, "/api/actions/connector"))
                    .then().statusCode(200).extract().asString();
            responses.add(created);
            String id = created.substring(7, 43);
            String route = path(space, "/api/actions/connector/" + id);
            responses.add(kibana().get(route).then().statusCode(200).extract().asString());
            // An update whose secrets fail validation: the error must not echo them.
            responses.add(kibana().body("{\"name\":\"x\",\"secrets\":{\"unknownKey\":\"" + marker + "\"}}").put(route)
                    .then().statusCode(400).extract().asString());
            responses.add(kibana().body("{\"params\":{}}").post(route + "/_execute").then().extract().asString());
            responses.add(kibana().body("{\"params\":" + connector[1] + "}").post(route + "/_execute").then()
                    .statusCode(200).body("status", org.hamcrest.Matchers.equalTo("error")).extract().asString());
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
