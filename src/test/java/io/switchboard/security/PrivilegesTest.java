package io.switchboard.security;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import static io.switchboard.security.Users.as;
import static io.switchboard.security.Users.role;
import static io.switchboard.security.Users.user;
import static io.switchboard.support.Api.assertError;
import static io.switchboard.support.Api.create;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.path;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** The {@code actions} feature privilege per space, with Kibana's 403 messages. */
@QuarkusTest
class PrivilegesTest {

    private static final String SERVER_LOG = "{\"name\":\"log\",\"connector_type_id\":\".server-log\"}";
    private static final String EXECUTE = "{\"params\":{\"message\":\"hello\"}}";

    @Test
    void readMayListAndGetButNotChangeOrRun() {
        String space = freshSpace();
        String id = create(space, SERVER_LOG);
        String reader = user(role("read", space));

        as(reader).get(path(space, "/api/actions/connectors")).then().statusCode(200);
        as(reader).get(path(space, "/api/actions/connector/" + id)).then().statusCode(200);
        as(reader).get(path(space, "/api/actions/connector_types")).then().statusCode(200);
        as(reader).get(path(space, "/internal/actions/_global_connector_execution_logs?date_start=1h"))
                .then().statusCode(200);

        assertError(as(reader).body(SERVER_LOG).post(path(space, "/api/actions/connector")).then(), 403,
                "Unauthorized to create a \".server-log\" action");
        assertError(as(reader).body("{\"name\":\"renamed\"}").put(path(space, "/api/actions/connector/" + id))
                .then(), 403, "Unauthorized to update actions");
        assertError(as(reader).delete(path(space, "/api/actions/connector/" + id)).then(), 403,
                "Unauthorized to delete actions");
        assertError(as(reader).body(EXECUTE).post(path(space, "/api/actions/connector/" + id + "/_execute"))
                .then(), 403, "Unauthorized to execute actions");
        assertError(as(reader).body(EXECUTE).post(path(space, "/api/actions/connector/" + id + "/_enqueue"))
                .then(), 403, "Unauthorized to execute actions");
        assertError(as(reader).body("[{\"id\":\"" + id + "\",\"params\":{\"message\":\"x\"}}]")
                .post(path(space, "/api/actions/_bulk_enqueue")).then(), 403, "Unauthorized to execute actions");
        assertError(as(reader).post("/api/encrypted_saved_objects/_rotate_key").then(), 403,
                "Unauthorized to rotate encryption keys: the actions privilege [all] in every space is needed");

        // nothing changed
        RestAssured.given().get(path(space, "/api/actions/connector/" + id)).then().statusCode(200)
                .body("name", equalTo("log"));
    }

    @Test
    void allMayDoEverythingInItsSpacesOnly() {
        String space = freshSpace();
        String other = freshSpace();
        String writer = user(role("all", space));

        String id = as(writer).body(SERVER_LOG).post(path(space, "/api/actions/connector")).then().statusCode(200)
                .extract().path("id");
        as(writer).body(EXECUTE).post(path(space, "/api/actions/connector/" + id + "/_execute")).then()
                .statusCode(200).body("status", equalTo("ok"));
        as(writer).body("{\"name\":\"renamed\"}").put(path(space, "/api/actions/connector/" + id)).then()
                .statusCode(200);
        as(writer).body(EXECUTE).post(path(space, "/api/actions/connector/" + id + "/_enqueue")).then()
                .statusCode(202);

        String elsewhere = create(other, SERVER_LOG);
        assertError(as(writer).get(path(other, "/api/actions/connectors")).then(), 403,
                "Unauthorized to get actions");
        assertError(as(writer).get(path(other, "/api/actions/connector/" + elsewhere)).then(), 403,
                "Unauthorized to get actions");
        assertError(as(writer).body(EXECUTE).post(path(other, "/api/actions/connector/" + elsewhere + "/_execute"))
                .then(), 403, "Unauthorized to execute actions");
        assertError(as(writer).get("/internal/actions/_global_connector_execution_logs?date_start=1h&namespaces="
                + "[\"" + other + "\"]").then(), 403, "Unauthorized to get actions");

        as(writer).delete(path(space, "/api/actions/connector/" + id)).then().statusCode(204);
    }

    @Test
    void theExecutionLogOfEverySpaceHoldsOnlyTheSpacesTheCallerMayRead() {
        String mine = freshSpace();
        String theirs = freshSpace();
        String reader = user(role("all", mine));
        String myConnector = create(mine, SERVER_LOG);
        String theirConnector = create(theirs, SERVER_LOG);
        RestAssured.given().header("kbn-xsrf", "true").contentType("application/json").body(EXECUTE)
                .post(path(mine, "/api/actions/connector/" + myConnector + "/_execute")).then().statusCode(200);
        RestAssured.given().header("kbn-xsrf", "true").contentType("application/json").body(EXECUTE)
                .post(path(theirs, "/api/actions/connector/" + theirConnector + "/_execute")).then().statusCode(200);

        as(reader).get("/internal/actions/_global_connector_execution_logs?date_start=1h&per_page=100"
                        + "&namespaces=[\"*\"]")
                .then().statusCode(200)
                .body("data.findAll { it.connector_id == '" + theirConnector + "' }", hasSize(0))
                .body("data.findAll { it.connector_id == '" + myConnector + "' }", hasSize(1));
    }

    @Test
    void aChangedRoleTakesEffectAtOnce() {
        String space = freshSpace();
        String roleName = role("all", space);
        String name = user(roleName);
        as(name).body(SERVER_LOG).post(path(space, "/api/actions/connector")).then().statusCode(200);
        RestAssured.given().header("kbn-xsrf", "true").contentType("application/json")
                .body("{\"kibana\":[{\"base\":[\"read\"],\"spaces\":[\"" + space + "\"]}]}")
                .put("/api/security/role/" + roleName).then().statusCode(204);
        assertError(as(name).body(SERVER_LOG).post(path(space, "/api/actions/connector")).then(), 403,
                "Unauthorized to create a \".server-log\" action");
        as(name).get(path(space, "/api/actions/connectors")).then().statusCode(200);
    }

    @Test
    void aUserWithoutRolesMayOnlyListTypes() {
        String name = user();
        as(name).get("/api/actions/connector_types").then().statusCode(200);
        assertError(as(name).get("/api/actions/connectors").then(), 403, "Unauthorized to get actions");
    }
}
