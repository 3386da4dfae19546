package io.switchboard.security;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.switchboard.support.Api;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static io.switchboard.security.Users.as;
import static io.switchboard.security.Users.role;
import static io.switchboard.security.Users.user;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.path;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every route but the health checks needs a user's password or an API key. */
@QuarkusTest
class AuthenticationTest {

    @Test
    void withoutCredentialsEveryRouteButHealthIsUnauthorized() {
        for (String route : List.of("/api/actions/connectors", "/api/actions/connector_types",
                "/s/ops/api/actions/connectors", "/internal/actions/_global_connector_execution_logs?date_start=1h",
                "/q/metrics", "/_security/_authenticate", "/api/security/role", "/no/such/route")) {
            Response response = RestAssured.given().auth().none().get(route);
            assertEquals(401, response.statusCode(), route);
            assertEquals("Unauthorized", response.path("error"), route);
            assertEquals(401, (int) response.path("statusCode"), route);
            assertEquals("missing authentication credentials", response.path("message"), route);
            List<String> challenges = response.headers().getValues("WWW-Authenticate");
            assertTrue(challenges.stream().anyMatch(value -> value.startsWith("Basic realm=")), route);
            assertTrue(challenges.contains("ApiKey"), route);
        }
        RestAssured.given().auth().none().header("kbn-xsrf", "true").contentType("application/json")
                .body("{\"params\":{\"message\":\"x\"}}")
                .post("/api/actions/connector/preconfigured-server-log/_execute").then().statusCode(401);
        RestAssured.given().auth().none().get("/q/health/ready").then().statusCode(200);
        RestAssured.given().auth().none().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void refusedRequestsAddNoMetricSeriesPerPath() {
        String probe = "probe-" + java.util.UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            io.restassured.RestAssured.given().auth().none().get("/" + probe + "/" + i).then().statusCode(401);
        }
        String metrics = io.restassured.RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
        org.junit.jupiter.api.Assertions.assertFalse(metrics.contains(probe), "a path nobody was allowed to call");
        org.junit.jupiter.api.Assertions.assertTrue(metrics.lines().anyMatch(line -> line.startsWith(
                "http_server_requests_seconds_count{") && line.contains("uri=\"/UNAUTHENTICATED\"")), metrics);
    }

    @Test
    void wrongCredentialsAreRefusedAndRightOnesAccepted() {
        RestAssured.given().auth().preemptive().basic(Api.SUPERUSER, "not-the-password")
                .get("/api/actions/connectors").then().statusCode(401)
                .body("message", equalTo("unable to authenticate user [elastic]"));
        RestAssured.given().auth().preemptive().basic("nobody-" + System.nanoTime(), "whatever")
                .get("/api/actions/connectors").then().statusCode(401);
        RestAssured.given().auth().none().header("Authorization", "Bearer abc").get("/api/actions/connectors")
                .then().statusCode(401);
        RestAssured.given().auth().none().header("Authorization", "Basic !!!not-base64")
                .get("/api/actions/connectors").then().statusCode(401);
        RestAssured.given().auth().none().header("Authorization", "ApiKey "
                        + Base64.getEncoder().encodeToString("no-such-id:secret".getBytes(StandardCharsets.UTF_8)))
                .get("/api/actions/connectors").then().statusCode(401)
                .body("message", equalTo("unable to authenticate with provided credentials"));
        RestAssured.given().get("/_security/_authenticate").then().statusCode(200)
                .body("username", equalTo("elastic")).body("roles", hasItem("superuser"));
    }

    @Test
    void aChangedPasswordStopsTheOldOneAtOnce() {
        String name = user(role("all", "*"));
        as(name).get("/api/actions/connectors").then().statusCode(200);
        RestAssured.given().contentType("application/json").body("{\"password\":\"another password\"}")
                .post("/_security/user/" + name + "/_password").then().statusCode(200);
        as(name).get("/api/actions/connectors").then().statusCode(401);
        RestAssured.given().auth().preemptive().basic(name, "another password").get("/api/actions/connectors")
                .then().statusCode(200);
    }

    @Test
    void aDisabledOrDeletedUserIsRefused() {
        String role = role("all", "*");
        String name = user(role);
        as(name).get("/api/actions/connectors").then().statusCode(200);
        RestAssured.given().contentType("application/json").body("{\"roles\":[\"" + role + "\"],\"enabled\":false}")
                .put("/_security/user/" + name).then().statusCode(200).body("created", equalTo(false));
        as(name).get("/api/actions/connectors").then().statusCode(401);
        RestAssured.given().delete("/_security/user/" + name).then().statusCode(200).body("found", equalTo(true));
        as(name).get("/api/actions/connectors").then().statusCode(401);
        RestAssured.given().get("/_security/user/" + name).then().statusCode(404);
    }

    @Test
    void usersAreManagedBySuperusersOnly() {
        String name = user(role("all", "*"));
        as(name).body("{\"password\":\"whatever1\",\"roles\":[\"superuser\"]}").put("/_security/user/mallory")
                .then().statusCode(403).body("error", equalTo("Forbidden"));
        as(name).body("{\"password\":\"whatever1\"}").post("/_security/user/elastic/_password")
                .then().statusCode(403);
        as(name).get("/_security/user").then().statusCode(403);
        as(name).body("{\"kibana\":[]}").put("/api/security/role/mine").then().statusCode(403);
        // a user may change its own password
        as(name).body("{\"password\":\"" + Users.PASSWORD + "\"}").post("/_security/user/" + name + "/_password")
                .then().statusCode(200);
    }

    @Test
    void userAndRoleInputIsChecked() {
        RestAssured.given().contentType("application/json").body("{\"password\":\"short\",\"roles\":[]}")
                .put("/_security/user/shorty").then().statusCode(400)
                .body("message", equalTo("Validation Failed: 1: passwords must be at least [6] characters long;"));
        RestAssured.given().contentType("application/json").body("{\"roles\":[]}")
                .put("/_security/user/no-password-" + System.nanoTime()).then().statusCode(400);
        RestAssured.given().contentType("application/json").body("{\"password\":\"long enough\",\"roles\":[]}")
                .put("/_security/user/elastic").then().statusCode(400)
                .body("message", equalTo("user [elastic] is reserved and only the password can be changed"));
        RestAssured.given().delete("/_security/user/elastic").then().statusCode(400);
        RestAssured.given().header("kbn-xsrf", "true").contentType("application/json")
                .body("{\"kibana\":[{\"base\":[\"everything\"],\"spaces\":[\"*\"]}]}")
                .put("/api/security/role/bad").then().statusCode(400);
        RestAssured.given().header("kbn-xsrf", "true").contentType("application/json")
                .body("{\"kibana\":[{\"feature\":{\"actions\":[\"all\"]},\"spaces\":[\"Not A Space\"]}]}")
                .put("/api/security/role/bad").then().statusCode(400);
        RestAssured.given().header("kbn-xsrf", "true").contentType("application/json").body("{\"kibana\":[]}")
                .put("/api/security/role/superuser").then().statusCode(400);
        RestAssured.given().header("kbn-xsrf", "true").contentType("application/json").body("{\"nope\":1}")
                .put("/api/security/role/bad").then().statusCode(400)
                .body("message", equalTo("[request body.nope]: definition for this key is missing"));
    }

    @Test
    void rolesReadBackInKibanasShape() {
        String space = freshSpace();
        String name = role("read", space);
        RestAssured.given().get("/api/security/role/" + name).then().statusCode(200)
                .body("name", equalTo(name))
                .body("kibana[0].feature.actions", equalTo(List.of("read")))
                .body("kibana[0].spaces", equalTo(List.of(space)))
                .body("elasticsearch.cluster", equalTo(List.of()));
        RestAssured.given().get("/api/security/role").then().statusCode(200).body("name", hasItem(name));
        RestAssured.given().header("kbn-xsrf", "true").delete("/api/security/role/" + name).then().statusCode(204);
        RestAssured.given().get("/api/security/role/" + name).then().statusCode(404);
    }

    @Test
    void repeatedFailuresOfOneUserAreSlowedDownButItsVerifiedClientsAreNot() {
        String name = user(role("all", "*"));
        as(name).get("/api/actions/connectors").then().statusCode(200);
        for (int i = 0; i < 5; i++) {
            RestAssured.given().auth().preemptive().basic(name, "guess-" + i).get("/api/actions/connectors")
                    .then().statusCode(401);
        }
        RestAssured.given().auth().preemptive().basic(name, "guess-5").get("/api/actions/connectors")
                .then().statusCode(401);
        Response held = RestAssured.given().auth().preemptive().basic(name, "guess-6").get("/api/actions/connectors");
        assertEquals(429, held.statusCode(), held.asString());
        assertEquals("Too Many Requests", held.path("error"));
        assertNotNull(held.header("Retry-After"));
        // the owner's client that already logged in goes on working
        as(name).get("/api/actions/connectors").then().statusCode(200);
        // another user from the same address is not held back
        String other = user(role("read", "*"));
        as(other).get("/api/actions/connectors").then().statusCode(200);
        RestAssured.given().get(path(null, "/api/actions/connectors")).then().statusCode(200);
    }
}
