package io.switchboard.queue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.switchboard.support.WireMockPeer;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.switchboard.queue.QueueTest.awaitState;
import static io.switchboard.queue.QueueTest.read;
import static io.switchboard.queue.QueueTest.received;
import static io.switchboard.queue.QueueTest.webhook;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.path;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Queued executions run with the privileges of the API key given with the item, or of the caller that queued them,
 * checked again at every attempt.
 */
@QuarkusTest
class QueuedPrivilegesTest {

    private static final String PASSWORD = "queue tester password";

    private static String key(String privilege, String space) {
        return RestAssured.given().contentType(ContentType.JSON).body("""
                {"name":"rule","role_descriptors":{"r":{"applications":[{"application":"kibana-.kibana",
                 "privileges":["%s"],"resources":["space:%s"]}]}}}""".formatted(privilege, space))
                .post("/_security/api_key").then().statusCode(200).extract().path("encoded");
    }

    private static String slowReceiver(String space) {
        String hook = "/queue/slow-" + UUID.randomUUID();
        // Each attempt is told to come back no sooner than 3 s later: time enough to change privileges between.
        WireMockPeer.server().stubFor(any(urlEqualTo(hook)).willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", "3")));
        return hook;
    }

    @Test
    void anItemRunsWithTheApiKeyItCarries() {
        String space = freshSpace();
        String hook = "/queue/ok-" + UUID.randomUUID();
        WireMockPeer.server().stubFor(any(urlEqualTo(hook)).willReturn(aResponse().withStatus(200)));
        String id = webhook(space, hook);
        String good = key("feature_actions.all", space);
        String readOnly = key("feature_actions.read", space);
        String bogus = java.util.Base64.getEncoder().encodeToString("nope:nope".getBytes());
        JsonNode answer = read(RestAssured.given().header("kbn-xsrf", "true").contentType(ContentType.JSON)
                .body("""
                        [{"id":"%1$s","params":{"body":"a"},"apiKey":"%2$s"},
                         {"id":"%1$s","params":{"body":"b"},"apiKey":"%3$s"},
                         {"id":"%1$s","params":{"body":"c"},"apiKey":"%4$s"}]""".formatted(id, good, readOnly, bogus))
                .post(path(space, "/api/actions/_bulk_enqueue")).then().statusCode(200));
        assertEquals("success", answer.at("/items/0/response").asText(), answer.toString());
        assertEquals(403, answer.at("/items/1/error/statusCode").asInt(), answer.toString());
        assertEquals("Unauthorized to execute actions", answer.at("/items/1/error/message").asText());
        assertEquals(401, answer.at("/items/2/error/statusCode").asInt(), answer.toString());
        awaitState(space, answer.at("/items/0/uuid").asText(), "succeeded");
        assertEquals(1, received(hook).size());
    }

    @Test
    void aKeyInvalidatedBeforeTheNextAttemptStopsIt() {
        String space = freshSpace();
        String hook = slowReceiver(space);
        String id = webhook(space, hook);
        String encoded = key("feature_actions.all", space);
        String keyId = new String(java.util.Base64.getDecoder().decode(encoded)).split(":")[0];
        String uuid = read(RestAssured.given().header("kbn-xsrf", "true").contentType(ContentType.JSON)
                .body("[{\"id\":\"" + id + "\",\"params\":{\"body\":\"x\"},\"apiKey\":\"" + encoded + "\"}]")
                .post(path(space, "/api/actions/_bulk_enqueue")).then().statusCode(200)).at("/items/0/uuid").asText();
        awaitState(space, uuid, "retrying");
        RestAssured.given().contentType(ContentType.JSON).body("{\"ids\":[\"" + keyId + "\"]}")
                .delete("/_security/api_key").then().statusCode(200);

        JsonNode failed = awaitState(space, uuid, "failed");
        assertEquals("Unauthorized to execute actions", failed.at("/last_result/message").asText(),
                failed.toString());
        assertEquals(1, received(hook).size());
    }

    @Test
    void aCallerWhosePrivilegeIsTakenAwayNoLongerRuns() {
        String space = freshSpace();
        String hook = slowReceiver(space);
        String id = webhook(space, hook);
        String role = "queue-role-" + UUID.randomUUID().toString().substring(0, 8);
        String user = "queue-user-" + UUID.randomUUID().toString().substring(0, 8);
        putRole(role, "all", space);
        RestAssured.given().contentType(ContentType.JSON)
                .body("{\"password\":\"" + PASSWORD + "\",\"roles\":[\"" + role + "\"]}")
                .put("/_security/user/" + user).then().statusCode(200);
        String uuid = RestAssured.given().auth().preemptive().basic(user, PASSWORD).header("kbn-xsrf", "true")
                .contentType(ContentType.JSON).body("{\"params\":{\"body\":\"x\"}}")
                .post(path(space, "/api/actions/connector/" + id + "/_enqueue")).then().statusCode(202)
                .extract().path("uuid");
        awaitState(space, uuid, "retrying");
        putRole(role, "read", space);

        JsonNode failed = awaitState(space, uuid, "failed");
        assertEquals("Unauthorized to execute actions", failed.at("/last_result/message").asText(),
                failed.toString());
        assertEquals(1, received(hook).size());
    }

    private static void putRole(String name, String privilege, String space) {
        RestAssured.given().header("kbn-xsrf", "true").contentType(ContentType.JSON)
                .body("{\"kibana\":[{\"feature\":{\"actions\":[\"" + privilege + "\"]},\"spaces\":[\"" + space + "\"]}]}")
                .put("/api/security/role/" + name).then().statusCode(204);
    }
}
