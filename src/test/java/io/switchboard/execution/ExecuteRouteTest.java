package io.switchboard.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.switchboard.support.LogCapture;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;

import static io.switchboard.support.Api.assertError;
import static io.switchboard.support.Api.create;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.kibana;
import static io.switchboard.support.Api.path;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class ExecuteRouteTest {

    private static final LogCapture LOGS = LogCapture.install();

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper json;

    private static String serverLog(String space, String name) {
        return create(space, "{\"name\":\"" + name + "\",\"connector_type_id\":\".server-log\"}");
    }

    @Test
    void serverLogRunsAndAnswersExactlyAsKibana() {
        String space = freshSpace();
        String id = serverLog(space, "ops log");
        String body = kibana().body("{\"params\":{\"message\":\"disk full\\non node-1\",\"level\":\"warn\"}}")
                .post(path(space, "/api/actions/connector/" + id + "/_execute"))
                .then().statusCode(200).extract().asString();
        assertEquals("{\"status\":\"ok\",\"connector_id\":\"" + id + "\"}", body);
        assertTrue(LOGS.text().contains("Server log: disk full;on node-1"), "the message is logged on one line");
    }

    @Test
    void paramsAreRequiredAndValidated() {
        String space = freshSpace();
        String id = serverLog(space, "validated");
        String route = path(space, "/api/actions/connector/" + id + "/_execute");
        assertError(kibana().body("{}").post(route).then(), 400,
                "[request body.params]: expected value of type [object] but got [undefined]");
        assertError(kibana().body("{\"params\":{},\"extra\":1}").post(route).then(), 400,
                "[request body.extra]: definition for this key is missing");
        kibana().body("{\"params\":{\"message\":\"m\",\"level\":\"loud\"}}").post(route).then().statusCode(200)
                .body("status", equalTo("error"))
                .body("connector_id", equalTo(id))
                .body("message", equalTo("error validating action params: [level]: types that failed validation:\n"
                        + "- [level.0]: expected value to equal [trace]\n"
                        + "- [level.1]: expected value to equal [debug]\n"
                        + "- [level.2]: expected value to equal [info]\n"
                        + "- [level.3]: expected value to equal [warn]\n"
                        + "- [level.4]: expected value to equal [error]\n"
                        + "- [level.5]: expected value to equal [fatal]"))
                .body("retry", equalTo(false))
                .body("errorSource", equalTo("user"));
        kibana().body("{\"params\":{}}").post(route).then().statusCode(200)
                .body("message", equalTo("error validating action params: [message]: expected value of type [string] "
                        + "but got [undefined]"));
    }

    @Test
    void connectorsOfOtherSpacesAreNotFoundButPreconfiguredOnesRunEverywhere() {
        String space = freshSpace();
        String id = serverLog(space, "mine");
        assertError(kibana().body("{\"params\":{\"message\":\"x\"}}")
                .post(path(freshSpace(), "/api/actions/connector/" + id + "/_execute")).then(), 404,
                "Saved object [action/" + id + "] not found");
        assertError(RestAssured.given().contentType("application/json").body("{\"params\":{\"message\":\"x\"}}")
                .post(path(space, "/api/actions/connector/" + id + "/_execute")).then(), 400,
                "Request must contain a kbn-xsrf header.");
        kibana().body("{\"params\":{\"message\":\"from anywhere\"}}")
                .post(path(freshSpace(), "/api/actions/connector/preconfigured-server-log/_execute"))
                .then().statusCode(200).body("status", equalTo("ok"))
                .body("connector_id", equalTo("preconfigured-server-log"));
    }

    @Test
    void everyExecutionWritesStartAndResultEvents() throws Exception {
        String space = freshSpace();
        String id = serverLog(space, "logged");
        String route = path(space, "/api/actions/connector/" + id + "/_execute");
        kibana().body("{\"params\":{\"message\":\"ok\"}}").post(route).then().body("status", equalTo("ok"));
        kibana().body("{\"params\":{\"level\":\"info\"}}").post(route).then().body("status", equalTo("error"));

        List<JsonNode> events = events(space, id);
        assertEquals(List.of("execute-start", "execute", "execute-start", "execute"),
                events.stream().map(e -> e.at("/event/action").asText()).toList());
        JsonNode success = events.get(1);
        assertEquals("success", success.at("/event/outcome").asText());
        assertEquals("action executed: .server-log:" + id + ": logged", success.get("message").asText());
        assertEquals("action started: .server-log:" + id + ": logged", events.get(0).get("message").asText());
        assertEquals("actions", success.at("/event/provider").asText());
        assertTrue(Long.parseLong(success.at("/event/duration").asText()) > 0);
        assertEquals("http_request", success.at("/kibana/action/execution/source").asText());
        assertEquals(0, success.at("/kibana/action/execution/usage/request_body_bytes").asInt(-1));
        assertEquals(events.get(0).at("/kibana/action/execution/uuid"), success.at("/kibana/action/execution/uuid"));
        JsonNode savedObject = success.at("/kibana/saved_objects/0");
        assertEquals("primary", savedObject.get("rel").asText());
        assertEquals("action", savedObject.get("type").asText());
        assertEquals(id, savedObject.get("id").asText());
        assertEquals(".server-log", savedObject.get("type_id").asText());
        assertEquals(space, savedObject.get("namespace").asText());
        assertEquals(space, success.at("/kibana/space_ids/0").asText());

        JsonNode failure = events.get(3);
        assertEquals("failure", failure.at("/event/outcome").asText());
        assertEquals("action execution failure: .server-log:" + id + ": logged", failure.get("message").asText());
        assertEquals("error validating action params: [message]: expected value of type [string] but got [undefined]",
                failure.at("/error/message").asText());
        assertFalse(failure.at("/kibana/action/execution/uuid").equals(success.at("/kibana/action/execution/uuid")));
    }

    @Test
    void metricsCountExecutionsByTypeOutcomeAndReason() {
        String space = freshSpace();
        String id = serverLog(space, "metered");
        kibana().body("{\"params\":{\"message\":\"count me\"}}")
                .post(path(space, "/api/actions/connector/" + id + "/_execute")).then().statusCode(200);
        kibana().body("{\"params\":{}}")
                .post(path(space, "/api/actions/connector/" + id + "/_execute")).then().statusCode(200);
        String metrics = RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains(
                "switchboard_executions_total{connector_type=\".server-log\",outcome=\"success\",reason=\"none\"}"),
                metrics);
        assertTrue(metrics.contains(
                "switchboard_executions_total{connector_type=\".server-log\",outcome=\"failure\",reason=\"validation\"}"),
                metrics);
        assertTrue(metrics.contains("switchboard_execution_duration_seconds_bucket{connector_type=\".server-log\""));
        assertFalse(metrics.contains(id), "no connector id in any metric");
    }

    private List<JsonNode> events(String space, String connectorId) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (String document : io.switchboard.support.Database.events(dataSource, space, connectorId)) {
            events.add(json.readTree(document));
        }
        return events;
    }
}
