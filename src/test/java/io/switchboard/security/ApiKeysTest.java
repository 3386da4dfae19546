package io.switchboard.security;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static io.switchboard.security.Users.as;
import static io.switchboard.security.Users.role;
import static io.switchboard.security.Users.user;
import static io.switchboard.security.Users.withKey;
import static io.switchboard.support.Api.assertError;
import static io.switchboard.support.Api.create;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.path;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** API keys as Elasticsearch makes them: shown once, stored hashed, limited by role descriptors and their owner. */
@QuarkusTest
class ApiKeysTest {

    private static final String SERVER_LOG = "{\"name\":\"log\",\"connector_type_id\":\".server-log\"}";

    private static String descriptors(String privilege, String space) {
        return """
                {"r":{"cluster":[],"indices":[],"applications":[{"application":"kibana-.kibana",
                 "privileges":["%s"],"resources":["space:%s"]}]}}""".formatted(privilege, space);
    }

    @Test
    void aKeyIsShownOnceAndAuthenticatesAsItsOwner() {
        ExtractableResponse<Response> created = RestAssured.given().contentType("application/json")
                .body("{\"name\":\"ci\",\"expiration\":\"1d\",\"metadata\":{\"team\":\"ops\"}}")
                .post("/_security/api_key").then().statusCode(200).extract();
        String id = created.path("id");
        String secret = created.path("api_key");
        String encoded = created.path("encoded");
        assertEquals(Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8)),
                encoded);
        assertEquals("ci", created.path("name"));
        long expiration = created.path("expiration");
        assertTrue(Math.abs(expiration - Instant.now().plus(Duration.ofDays(1)).toEpochMilli()) < 600_000);

        withKey(encoded).get("/_security/_authenticate").then().statusCode(200)
                .body("username", equalTo("elastic")).body("api_key.id", equalTo(id))
                .body("authentication_type", equalTo("api_key"));
        String listed = RestAssured.given().get("/_security/api_key?id=" + id).then().statusCode(200)
                .body("api_keys[0].name", equalTo("ci")).body("api_keys[0].invalidated", equalTo(false))
                .body("api_keys[0].username", equalTo("elastic"))
                .body("api_keys[0].metadata.team", equalTo("ops")).extract().asString();
        assertFalse(listed.contains(secret), "the key's secret is never shown again");

        RestAssured.given().contentType("application/json").body("{\"ids\":[\"" + id + "\"]}")
                .delete("/_security/api_key").then().statusCode(200)
                .body("invalidated_api_keys", equalTo(List.of(id))).body("error_count", equalTo(0));
        withKey(encoded).get("/_security/_authenticate").then().statusCode(401);
        RestAssured.given().contentType("application/json").body("{\"ids\":[\"" + id + "\"]}")
                .delete("/_security/api_key").then().statusCode(200)
                .body("previously_invalidated_api_keys", equalTo(List.of(id)));
        RestAssured.given().get("/_security/api_key?id=" + id).then().statusCode(200)
                .body("api_keys[0].invalidated", equalTo(true));
    }

    @Test
    void roleDescriptorsLimitAKeyToWhatTheyGrant() {
        String space = freshSpace();
        String other = freshSpace();
        String id = create(space, SERVER_LOG);
        String elsewhere = create(other, SERVER_LOG);
        String readKey = RestAssured.given().contentType("application/json")
                .body("{\"name\":\"reader\",\"role_descriptors\":" + descriptors("feature_actions.read", space) + "}")
                .post("/_security/api_key").then().statusCode(200).extract().path("encoded");

        withKey(readKey).get(path(space, "/api/actions/connector/" + id)).then().statusCode(200);
        assertError(withKey(readKey).body("{\"params\":{\"message\":\"x\"}}")
                .post(path(space, "/api/actions/connector/" + id + "/_execute")).then(), 403,
                "Unauthorized to execute actions");
        assertError(withKey(readKey).get(path(other, "/api/actions/connector/" + elsewhere)).then(), 403,
                "Unauthorized to get actions");
        // a key made by a superuser with descriptors is not a superuser
        withKey(readKey).get("/_security/user").then().statusCode(403);
    }

    @Test
    void aKeyHoldsAtMostWhatItsOwnerHolds() {
        String space = freshSpace();
        String owner = user(role("read", space));
        String key = as(owner).body("{\"name\":\"mine\",\"role_descriptors\":"
                + descriptors("feature_actions.all", space) + "}").post("/_security/api_key").then()
                .statusCode(200).extract().path("encoded");
        String id = create(space, SERVER_LOG);
        withKey(key).get(path(space, "/api/actions/connector/" + id)).then().statusCode(200);
        assertError(withKey(key).body("{\"params\":{\"message\":\"x\"}}")
                .post(path(space, "/api/actions/connector/" + id + "/_execute")).then(), 403,
                "Unauthorized to execute actions");

        // its owner sees and invalidates only its own keys
        as(owner).get("/_security/api_key").then().statusCode(200)
                .body("api_keys.username", not(hasItem("elastic")));
        as(owner).contentType("application/json").body("{\"owner\":true}").delete("/_security/api_key").then()
                .statusCode(200);
        withKey(key).get(path(space, "/api/actions/connector/" + id)).then().statusCode(401);
    }

    @Test
    void anExpiredKeyIsRefused() throws InterruptedException {
        String key = RestAssured.given().contentType("application/json")
                .body("{\"name\":\"short-lived\",\"expiration\":\"2s\"}").post("/_security/api_key").then()
                .statusCode(200).extract().path("encoded");
        withKey(key).get("/api/actions/connectors").then().statusCode(200);
        Thread.sleep(2_500);
        withKey(key).get("/api/actions/connectors").then().statusCode(401);
    }

    @Test
    void keyInputIsChecked() {
        RestAssured.given().contentType("application/json").body("{}").post("/_security/api_key").then()
                .statusCode(400).body("message", equalTo("Validation Failed: 1: api key name is required;"));
        RestAssured.given().contentType("application/json").body("{\"name\":\"x\",\"expiration\":\"soon\"}")
                .post("/_security/api_key").then().statusCode(400);
        RestAssured.given().contentType("application/json").body("{\"name\":\"x\",\"role_descriptors\":[]}")
                .post("/_security/api_key").then().statusCode(400);
        RestAssured.given().contentType("application/json").body("{}").delete("/_security/api_key").then()
                .statusCode(400);
        String key = RestAssured.given().contentType("application/json").body("{\"name\":\"k\"}")
                .post("/_security/api_key").then().statusCode(200).extract().path("encoded");
        withKey(key).body("{\"name\":\"derived\"}").post("/_security/api_key").then().statusCode(403);
    }
}
