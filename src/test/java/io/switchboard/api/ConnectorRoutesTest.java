package io.switchboard.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.switchboard.support.Api.assertError;
import static io.switchboard.support.Api.create;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.kibana;
import static io.switchboard.support.Api.path;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class ConnectorRoutesTest {

    private static final String INDEX = """
            {"name":"my-connector","connector_type_id":".index","config":{"index":"test-index"}}""";

    @Test
    void createWithoutIdGeneratesUuidAndReturnsDefaults() {
        String space = freshSpace();
        String body = kibana().body(INDEX).post(path(space, "/api/actions/connector"))
                .then().statusCode(200)
                .body("id", matchesPattern("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"))
                .extract().asString();
        String id = body.substring(7, 43);
        assertEquals("{\"id\":\"" + id + "\",\"name\":\"my-connector\",\"config\":{\"index\":\"test-index\","
                + "\"refresh\":false,\"executionTimeField\":null},\"connector_type_id\":\".index\","
                + "\"is_preconfigured\":false,\"is_deprecated\":false,\"is_missing_secrets\":false,"
                + "\"is_system_action\":false}", body);
    }

    @Test
    void createWithIdThenDuplicateIsConflictAndKeepsTheFirst() {
        String space = freshSpace();
        kibana().body(INDEX).post(path(space, "/api/actions/connector/my-id"))
                .then().statusCode(200).body("id", equalTo("my-id"));
        assertError(kibana().body("""
                {"name":"other","connector_type_id":".server-log"}""")
                .post(path(space, "/api/actions/connector/my-id")).then(), 409, "Saved object [action/my-id] conflict");
        kibana().get(path(space, "/api/actions/connector/my-id")).then().statusCode(200)
                .body("name", equalTo("my-connector")).body("connector_type_id", equalTo(".index"));
    }

    @Test
    void sameIdInAnotherSpaceIsIndependent() {
        String a = freshSpace();
        String b = freshSpace();
        kibana().body(INDEX).post(path(a, "/api/actions/connector/shared-id")).then().statusCode(200);
        assertError(kibana().get(path(b, "/api/actions/connector/shared-id")).then(), 404,
                "Saved object [action/shared-id] not found");
        assertError(kibana().body("{\"name\":\"x\"}").put(path(b, "/api/actions/connector/shared-id")).then(), 404,
                "Saved object [action/shared-id] not found");
        assertError(kibana().delete(path(b, "/api/actions/connector/shared-id")).then(), 404,
                "Saved object [action/shared-id] not found");
        kibana().body("""
                {"name":"in b","connector_type_id":".server-log"}""")
                .post(path(b, "/api/actions/connector/shared-id")).then().statusCode(200);
        kibana().get(path(a, "/api/actions/connector/shared-id")).then().body("name", equalTo("my-connector"));
        kibana().get(path(b, "/api/actions/connector/shared-id")).then().body("name", equalTo("in b"));
    }

    @Test
    void defaultSpaceIsTheSameWithAndWithoutPrefix() {
        String id = "default-" + UUID.randomUUID();
        kibana().body(INDEX).post("/api/actions/connector/" + id).then().statusCode(200);
        kibana().get("/s/default/api/actions/connector/" + id).then().statusCode(200);
        kibana().delete("/s/default/api/actions/connector/" + id).then().statusCode(204);
    }

    @Test
    void requestBodyValidationMessages() {
        String space = freshSpace();
        String route = path(space, "/api/actions/connector");
        assertError(kibana().body("{\"connector_type_id\":\".index\"}").post(route).then(), 400,
                "[request body.name]: expected value of type [string] but got [undefined]");
        assertError(kibana().body("{\"name\":\"x\"}").post(route).then(), 400,
                "[request body.connector_type_id]: expected value of type [string] but got [undefined]");
        assertError(kibana().body("{\"name\":1,\"connector_type_id\":\".index\"}").post(route).then(), 400,
                "[request body.name]: expected value of type [string] but got [number]");
        assertError(kibana().body("{\"name\":\"  \",\"connector_type_id\":\".index\"}").post(route).then(), 400,
                "[request body.name]: value '' is not valid");
        assertError(kibana().body("{\"name\":\"x\",\"connector_type_id\":\".index\",\"config\":null}").post(route)
                .then(), 400, "[request body.config]: expected value of type [object] but got [null]");
        assertError(kibana().body("{\"name\":\"x\",\"connector_type_id\":\".index\",\"config\":{\"index\":\" \"}}")
                .post(route).then(), 400, "[request body.config.index]: value '' is not valid");
        assertError(kibana().body("{\"name\":\"x\",\"connector_type_id\":\".webhook\",\"secrets\":{\"a\":{\"b\":\"\"}}}")
                .post(route).then(), 400, "[request body.secrets.a]: value '' is not valid");
        assertError(kibana().body("{\"name\":\"x\",\"connector_type_id\":\".webhook\",\"config\":{\"list\":[\"a\",\" \"]}}")
                .post(route).then(), 400, "[request body.config.list]: value '' is not valid");
        assertError(kibana().body("{\"name\":\"x\",\"connector_type_id\":\".index\",\"extra\":true}").post(route)
                .then(), 400, "[request body.extra]: definition for this key is missing");
        assertError(kibana().body("[]").post(route).then(), 400,
                "[request body]: expected a plain object value, but found [Array] instead.");
        assertError(kibana().body("{\"name\":").post(route).then(), 400, "Invalid request payload JSON format");
        kibana().get(path(space, "/api/actions/connectors")).then().statusCode(200)
                .body("findAll { !it.is_preconfigured }.size()", equalTo(0));
    }

    @Test
    void typeChecksComeInKibanaOrder() {
        String space = freshSpace();
        String route = path(space, "/api/actions/connector");
        assertError(kibana().body("{\"name\":\"x\",\"connector_type_id\":\".nope\"}").post(route).then(), 400,
                "Action type \".nope\" is not registered.");
        assertError(kibana().body("{\"name\":\"x\",\"connector_type_id\":\".index\"}").post(route).then(), 400,
                "error validating action type config: [index]: expected value of type [string] but got [undefined]");
        assertError(kibana().body("{\"name\":\"x\",\"connector_type_id\":\".index\",\"config\":{\"index\":\"i\"},"
                        + "\"secrets\":{\"k\":\"v\"}}").post(route).then(), 400,
                "error validating action type secrets: [k]: definition for this key is missing");
        assertError(kibana().body("{\"name\":\"x\",\"connector_type_id\":\".server-log\"}")
                .post(path(space, "/api/actions/connector/my-slack1")).then(), 400,
                "This my-slack1 already exists in a preconfigured action.");
    }

    @Test
    void updateReplacesNameAndConfigAndRejectsTypeChange() {
        String space = freshSpace();
        String id = create(space, INDEX);
        String route = path(space, "/api/actions/connector/" + id);
        assertError(kibana().body("{\"name\":\"n\",\"connector_type_id\":\".server-log\"}").put(route).then(), 400,
                "[request body.connector_type_id]: definition for this key is missing");
        assertError(kibana().body("{\"name\":\"n\",\"config\":{\"index\":\"i\",\"nope\":1}}").put(route).then(), 400,
                "error validating action type config: [nope]: definition for this key is missing");
        kibana().get(route).then().body("name", equalTo("my-connector")).body("config.index", equalTo("test-index"));

        kibana().body("{\"name\":\"renamed\",\"config\":{\"index\":\"other\",\"refresh\":true}}").put(route)
                .then().statusCode(200)
                .body("id", equalTo(id)).body("name", equalTo("renamed"))
                .body("connector_type_id", equalTo(".index"))
                .body("config.index", equalTo("other")).body("config.refresh", equalTo(true))
                .body("config", hasKey("executionTimeField"))
                .body("is_missing_secrets", equalTo(false));
        kibana().get(route).then().body("name", equalTo("renamed")).body("config.refresh", equalTo(true));
        assertError(kibana().body("{\"config\":{}}").put(route).then(), 400,
                "[request body.name]: expected value of type [string] but got [undefined]");
    }

    @Test
    void deleteAnswers204ThenTheConnectorIsGone() {
        String space = freshSpace();
        String id = create(space, INDEX);
        String route = path(space, "/api/actions/connector/" + id);
        kibana().delete(route).then().statusCode(204).body(equalTo(""));
        assertError(kibana().get(route).then(), 404, "Saved object [action/" + id + "] not found");
        assertError(kibana().delete(route).then(), 404, "Saved object [action/" + id + "] not found");
    }

    @Test
    void preconfiguredConnectorsAreVisibleEverywhereAndImmutable() {
        String space = freshSpace();
        kibana().get(path(space, "/api/actions/connector/my-slack1")).then().statusCode(200)
                .body("id", equalTo("my-slack1")).body("name", equalTo("Slack#xyz"))
                .body("connector_type_id", equalTo(".slack"))
                .body("is_preconfigured", equalTo(true)).body("is_deprecated", equalTo(false))
                .body("is_system_action", equalTo(false))
                .body("$", not(hasKey("config"))).body("$", not(hasKey("is_missing_secrets")));
        kibana().get("/api/actions/connector/exposed-index").then().statusCode(200)
                .body("config.index", equalTo("preconfigured-index")).body("config.refresh", equalTo(true))
                .body("config.executionTimeField", nullValue());
        assertError(kibana().body("{\"name\":\"x\"}").put(path(space, "/api/actions/connector/my-slack1")).then(),
                400, "Preconfigured action my-slack1 can not be updated.");
        assertError(kibana().delete(path(space, "/api/actions/connector/my-slack1")).then(), 400,
                "Preconfigured action my-slack1 is not allowed to delete.");
    }

    @Test
    void alertHistoryIndexConnectorIsPreconfiguredWhenEnabled() {
        kibana().get("/api/actions/connector/preconfigured-alert-history-es-index").then().statusCode(200)
                .body("name", equalTo("Alert history Elasticsearch index"))
                .body("connector_type_id", equalTo(".index"))
                .body("is_preconfigured", equalTo(true))
                .body("$", not(hasKey("config")));
    }

    @Test
    void listHoldsTheSpaceAndPreconfiguredSortedByLocaleName() {
        String space = freshSpace();
        for (String name : List.of("TestEmail#xyz", "ServiceNow#xyz", "My connector", "Notification zz")) {
            create(space, "{\"name\":\"" + name + "\",\"connector_type_id\":\".server-log\"}");
        }
        create(freshSpace(), "{\"name\":\"Another space\",\"connector_type_id\":\".server-log\"}");
        List<String> names = kibana().get(path(space, "/api/actions/connectors")).then().statusCode(200)
                .extract().jsonPath().getList("name");
        assertEquals(List.of("Alert history Elasticsearch index", "My connector", "Notification zz", "preconfigured_es_index_action", "ServiceNow#xyz",
                "Slack#xyz", "Test:_Preconfigured server log", "TestEmail#xyz"), names);
        kibana().get(path(space, "/api/actions/connectors")).then()
                .body("find { it.id == 'my-slack1' }", not(hasKey("config")))
                .body("find { it.id == 'my-slack1' }", not(hasKey("is_missing_secrets")))
                .body("find { it.id == 'my-slack1' }.referenced_by_count", equalTo(0))
                .body("find { it.name == 'My connector' }.referenced_by_count", equalTo(0))
                .body("find { it.name == 'My connector' }.is_missing_secrets", equalTo(false))
                .body("find { it.name == 'My connector' }.config", equalTo(java.util.Map.of()));
    }

    @Test
    void connectorTypesListAndFeatureFilter() {
        kibana().get("/api/actions/connector_types").then().statusCode(200)
                .body("find { it.id == '.index' }.name", equalTo("Index"))
                .body("find { it.id == '.index' }.minimum_license_required", equalTo("basic"))
                .body("find { it.id == '.index' }.enabled", equalTo(true))
                .body("find { it.id == '.index' }.enabled_in_config", equalTo(true))
                .body("find { it.id == '.index' }.enabled_in_license", equalTo(true))
                .body("find { it.id == '.index' }.is_system_action_type", equalTo(false))
                .body("find { it.id == '.index' }.supported_feature_ids", equalTo(List.of("alerting", "uptime", "siem")));
        List<String> ids = kibana().get("/api/actions/connector_types").then().extract().jsonPath().getList("id");
        assertEquals(List.of(".email", ".index", ".pagerduty", ".server-log", ".slack", ".webhook", ".jira"),
                ids.stream().filter(id -> !id.startsWith(".test-")).toList(), "Kibana's registration order");
        kibana().get("/api/actions/connector_types?feature_id=cases").then().statusCode(200)
                .body("id", equalTo(List.of(".jira")));
        kibana().get("/s/any-space/api/actions/connector_types?feature_id=no-such-feature").then().statusCode(200)
                .body("size()", equalTo(0));
        assertError(kibana().queryParam("feature_id", "x".repeat(101)).get("/api/actions/connector_types").then(),
                400, "[request query.feature_id]: value has length [101] but it must have a maximum length of [100].");
    }

    @Test
    void mutatingRequestsNeedTheXsrfHeader() {
        assertError(RestAssured.given().contentType("application/json").body(INDEX)
                .post("/api/actions/connector").then(), 400, "Request must contain a kbn-xsrf header.");
        assertError(RestAssured.given().delete("/api/actions/connector/whatever").then(), 400,
                "Request must contain a kbn-xsrf header.");
        RestAssured.given().header("kbn-version", "8.17.0").contentType("application/json").body(INDEX)
                .post(path(freshSpace(), "/api/actions/connector")).then().statusCode(200);
    }

    @Test
    void unknownRoutesAreKibanaNotFound() {
        assertError(RestAssured.given().get("/api/actions/nothing-here").then(), 404, "Not Found");
        assertError(RestAssured.given().get("/s/Bad%20Space/api/actions/connectors").then(), 404, "Not Found");
    }
}
