package io.switchboard.audit;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.switchboard.support.Api.create;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.kibana;
import static io.switchboard.support.Api.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Who did what, readable by superusers, never holding a secret. */
@QuarkusTest
class AuditTrailTest {

    private static List<Map<String, Object>> events(String query) {
        return RestAssured.given().get("/internal/switchboard/audit_events?per_page=1000&" + query).then()
                .statusCode(200).extract().path("data");
    }

    @Test
    void changesExecutionsAndFailedLoginsAreAudited() {
        String space = freshSpace();
        String secret = "hooks-secret-" + UUID.randomUUID();
        String id = create(space, """
                {"name":"hook","connector_type_id":".webhook","config":{"url":"http://127.0.0.1:9/x"},
                 "secrets":{"user":"u","password":"%s"}}""".formatted(secret));
        kibana().body("{\"name\":\"hook2\",\"config\":{\"url\":\"http://127.0.0.1:9/y\"},"
                + "\"secrets\":{\"user\":\"u\",\"password\":\"" + secret + "\"}}")
                .put(path(space, "/api/actions/connector/" + id)).then().statusCode(200);
        kibana().body("{\"params\":{\"body\":\"x\"}}").post(path(space, "/api/actions/connector/" + id + "/_execute"))
                .then().statusCode(200);
        kibana().delete(path(space, "/api/actions/connector/" + id)).then().statusCode(204);
        String intruder = "intruder-" + UUID.randomUUID().toString().substring(0, 8);
        RestAssured.given().auth().preemptive().basic(intruder, secret).get("/api/actions/connectors")
                .then().statusCode(401);

        for (String action : List.of("connector_create", "connector_update", "connector_execute",
                "connector_delete")) {
            List<Map<String, Object>> found = events("action=" + action + "&user=elastic").stream()
                    .filter(event -> space.equals(kibanaField(event, "space_id"))).toList();
            assertEquals(1, found.size(), action + ": " + found);
            Map<String, Object> event = found.get(0);
            assertEquals("success", ((Map<?, ?>) event.get("event")).get("outcome"));
            assertEquals(id, ((Map<?, ?>) ((Map<?, ?>) event.get("kibana")).get("saved_object")).get("id"));
            assertEquals("127.0.0.1", ((Map<?, ?>) event.get("client")).get("ip"));
        }
        List<Map<String, Object>> failures = events("action=user_login&user=" + intruder);
        assertEquals(1, failures.size());
        assertEquals("failure", ((Map<?, ?>) failures.get(0).get("event")).get("outcome"));

        Response all = RestAssured.given().get("/internal/switchboard/audit_events?per_page=1000");
        assertFalse(all.asString().contains(secret), "no secret in the audit trail");
    }

    @Test
    void aRefusedChangeIsAuditedAsAFailure() {
        String space = freshSpace();
        kibana().body("{\"name\":\"x\",\"connector_type_id\":\".server-log\"}")
                .post(path(space, "/api/actions/connector/taken")).then().statusCode(200);
        kibana().body("{\"name\":\"x\",\"connector_type_id\":\".server-log\"}")
                .post(path(space, "/api/actions/connector/taken")).then().statusCode(409);
        List<Map<String, Object>> found = events("action=connector_create&outcome=failure").stream()
                .filter(event -> space.equals(kibanaField(event, "space_id"))).toList();
        assertEquals(1, found.size());
        assertTrue(found.get(0).get("message").toString().contains("409"));
    }

    @Test
    void onlySuperusersReadTheTrail() {
        String user = "auditor-" + UUID.randomUUID().toString().substring(0, 8);
        RestAssured.given().contentType("application/json").body("{\"password\":\"long enough\",\"roles\":[]}")
                .put("/_security/user/" + user).then().statusCode(200);
        RestAssured.given().auth().preemptive().basic(user, "long enough").get("/internal/switchboard/audit_events")
                .then().statusCode(403);
        RestAssured.given().get("/internal/switchboard/audit_events?per_page=1001").then().statusCode(400);
        RestAssured.given().get("/internal/switchboard/audit_events?date_start=yesterday").then().statusCode(400);
    }

    private static Object kibanaField(Map<String, Object> event, String field) {
        return ((Map<?, ?>) event.get("kibana")).get(field);
    }
}
