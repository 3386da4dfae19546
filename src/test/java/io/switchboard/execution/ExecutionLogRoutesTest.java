package io.switchboard.execution;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.switchboard.support.Api.assertError;
import static io.switchboard.support.Api.create;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.kibana;
import static io.switchboard.support.Api.path;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.matchesPattern;

@QuarkusTest
class ExecutionLogRoutesTest {

    private static void run(String space, String id, String params) {
        kibana().body("{\"params\":" + params + "}").post(path(space, "/api/actions/connector/" + id + "/_execute"))
                .then().statusCode(200);
    }

    @Test
    void globalLogListsExecutionsOfTheSpaceNewestFirst() {
        String space = freshSpace();
        String id = create(space, "{\"name\":\"audited\",\"connector_type_id\":\".server-log\"}");
        String since = Instant.now().minusSeconds(5).toString();
        run(space, id, "{\"message\":\"first\"}");
        run(space, id, "{\"level\":\"warn\"}");
        run(space, id, "{\"message\":\"third\"}");

        RestAssured.given().queryParam("date_start", since).queryParam("per_page", 2)
                .get(path(space, "/internal/actions/_global_connector_execution_logs"))
                .then().statusCode(200)
                .body("total", equalTo(3))
                .body("data.size()", equalTo(2))
                .body("data[0].status", equalTo("success"))
                .body("data[0].connector_id", equalTo(id))
                .body("data[0].connector_name", equalTo("audited"))
                .body("data[0].space_ids", equalTo(List.of(space)))
                .body("data[0].source", equalTo("http_request"))
                .body("data[0].timed_out", equalTo(false))
                .body("data[0].id", matchesPattern("[0-9a-f-]{36}"))
                .body("data[0].message", equalTo("action executed: .server-log:" + id + ": audited"))
                .body("data[1].status", equalTo("failure"))
                .body("data[1].message", equalTo("action execution failure: .server-log:" + id + ": audited - "
                        + "error validating action params: [message]: expected value of type [string] but got [undefined]"))
                .body("data[1].duration_ms", greaterThanOrEqualTo(0));

        RestAssured.given().queryParam("date_start", since).queryParam("page", 2).queryParam("per_page", 2)
                .queryParam("sort", "[{\"timestamp\":{\"order\":\"asc\"}}]")
                .get(path(space, "/internal/actions/_global_connector_execution_logs"))
                .then().statusCode(200).body("data.size()", equalTo(1)).body("data[0].message",
                        equalTo("action executed: .server-log:" + id + ": audited"));

        RestAssured.given().queryParam("date_start", "1h").queryParam("filter", "event.outcome:failure and kibana.action.id:\"" + id + "\"")
                .get(path(space, "/internal/actions/_global_connector_execution_logs"))
                .then().statusCode(200).body("total", equalTo(1));

        RestAssured.given().queryParam("date_start", since)
                .get(path(space, "/internal/actions/_global_connector_execution_kpi"))
                .then().statusCode(200).body("success", equalTo(2)).body("failure", equalTo(1))
                .body("unknown", equalTo(0)).body("warning", equalTo(0));

        RestAssured.given().queryParam("date_start", since)
                .get(path(freshSpace(), "/internal/actions/_global_connector_execution_logs"))
                .then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void queryErrorsAreKibanaBadRequests() {
        assertError(RestAssured.given().get("/internal/actions/_global_connector_execution_logs").then(), 400,
                "[request query.date_start]: expected value of type [string] but got [undefined]");
        assertError(RestAssured.given().queryParam("date_start", "yesterday-ish")
                .get("/internal/actions/_global_connector_execution_logs").then(), 400,
                "Invalid date for parameter dateStart: \"yesterday-ish\"");
        assertError(RestAssured.given().queryParam("date_start", "1d").queryParam("per_page", 0)
                .get("/internal/actions/_global_connector_execution_logs").then(), 400,
                "[request query.per_page]: Value must be equal to or greater than [1].");
        RestAssured.given().queryParam("date_start", "1d").queryParam("filter", "message:* or x")
                .get("/internal/actions/_global_connector_execution_logs").then().statusCode(400)
                .body("statusCode", equalTo(400));
    }

    /** Kibana's route schema caps a page at 100 entries and the log at 1,000 pages. */
    @Test
    void pagingIsBoundedAsInKibana() {
        String logs = "/internal/actions/_global_connector_execution_logs";
        RestAssured.given().queryParam("date_start", "1d").queryParam("per_page", 100).queryParam("page", 1000)
                .get(logs).then().statusCode(200).body("data.size()", equalTo(0));
        assertError(RestAssured.given().queryParam("date_start", "1d").queryParam("per_page", 101).get(logs).then(),
                400, "[request query.per_page]: Value must be equal to or lower than [100].");
        assertError(RestAssured.given().queryParam("date_start", "1d").queryParam("per_page", "1e300").get(logs)
                .then(), 400, "[request query.per_page]: Value must be equal to or lower than [100].");
        assertError(RestAssured.given().queryParam("date_start", "1d").queryParam("page", 1001).get(logs).then(),
                400, "[request query.page]: Value must be equal to or lower than [1000].");
        assertError(RestAssured.given().queryParam("date_start", "1d").queryParam("page", 0).get(logs).then(),
                400, "[request query.page]: Value must be equal to or greater than [1].");
        assertError(RestAssured.given().queryParam("date_start", "1d")
                .queryParam("sort", "[" + String.join(",", java.util.Collections.nCopies(11,
                        "{\"timestamp\":{\"order\":\"asc\"}}")) + "]").get(logs).then(),
                400, "[request query.sort]: array size is [11], but cannot be greater than [10]");
        assertError(RestAssured.given().queryParam("date_start", "1".repeat(101)).get(logs).then(), 400,
                "[request query.date_start]: value has length [101] but it must have a maximum length of [100].");
        assertError(RestAssured.given().queryParam("date_start", "1d").queryParam("filter", "x".repeat(8193))
                .get("/internal/actions/_global_connector_execution_kpi").then(), 400,
                "[request query.filter]: value has length [8193] but it must have a maximum length of [8192].");
    }
}
