package io.switchboard.api;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.switchboard.support.Api.assertError;
import static io.switchboard.support.Api.create;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.kibana;
import static io.switchboard.support.Api.path;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

/** Requests PostgreSQL cannot take as they are: answered 4xx in Kibana's shape, never 500. */
@QuarkusTest
class HostileInputTest {

    @Test
    void aRoleNameHoldingAControlCharacterIsRefusedAndNothingIsStored() {
        String body = "{\"kibana\":[{\"feature\":{\"actions\":[\"read\"]},\"spaces\":[\"*\"]}]}";
        for (String name : java.util.List.of("a%00b", "a%0Ab", "%20leading", "x".repeat(508))) {
            kibana().urlEncodingEnabled(false).body(body).put("/api/security/role/" + name).then().statusCode(400)
                    .body("message", org.hamcrest.Matchers.startsWith("Validation Failed: 1: Role names must be"));
        }
        kibana().get("/api/security/role").then().statusCode(200)
                .body("name", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("a\u0000b")));
    }

    @Test
    void anIdHoldingANulCharacterIsNotFound() {
        String space = freshSpace();
        assertError(kibana().get(path(space, "/api/actions/connector/x%00y")).then(), 404,
                "Saved object [action/x\u0000y] not found");
        assertError(kibana().delete(path(space, "/api/actions/connector/x%00y")).then(), 404,
                "Saved object [action/x\u0000y] not found");
        assertError(kibana().body("{\"params\":{\"message\":\"m\"}}")
                .post(path(space, "/api/actions/connector/x%00y/_execute")).then(), 404,
                "Saved object [action/x\u0000y] not found");
        kibana().body("[{\"id\":\"x\\u0000y\",\"params\":{}}]").post(path(space, "/api/actions/_bulk_enqueue"))
                .then().statusCode(200).body("items[0].response", equalTo("error"))
                .body("items[0].error.statusCode", equalTo(404));
    }

    @Test
    void aValueHoldingANulCharacterIsRefusedAndNothingIsStored() {
        String space = freshSpace();
        assertError(kibana().body("{\"name\":\"a\\u0000b\",\"connector_type_id\":\".server-log\"}")
                .post(path(space, "/api/actions/connector/nul-name")).then(), 400,
                "the request holds a value that cannot be stored, such as a NUL character");
        assertError(kibana().get(path(space, "/api/actions/connector/nul-name")).then(), 404,
                "Saved object [action/nul-name] not found");
        String id = create(space, "{\"name\":\"log\",\"connector_type_id\":\".server-log\"}");
        assertError(kibana().body("{\"connector_ids\":[\"" + id + "\"]}")
                .put(path(space, "/api/actions/references/rule/r%00")).then(), 400,
                "the request holds a value that cannot be stored, such as a NUL character");
    }

    @Test
    void aBodyThatIsNotJsonIsAnUnsupportedMediaType() throws Exception {
        String space = freshSpace();
        String body = "{\"name\":\"log\",\"connector_type_id\":\".server-log\"}";
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "text/html"}) {
            assertError(io.restassured.RestAssured.given().contentType(type).body(body)
                    .post(path(space, "/api/actions/connector/typed")).then(), 415, "Unsupported Media Type");
        }
        assertError(kibana().get(path(space, "/api/actions/connector/typed")).then(), 404,
                "Saved object [action/typed] not found");
        // JSON with parameters, and a body with no type at all, are read as JSON.
        io.restassured.RestAssured.given().header("kbn-xsrf", "true").contentType("application/json; charset=utf-8")
                .body(body).post(path(space, "/api/actions/connector/typed")).then().statusCode(200);
        java.net.http.HttpResponse<String> untyped = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(base.resolve(path(space, "/api/actions/connector/untyped")))
                        .header("kbn-xsrf", "true").header("Authorization", io.switchboard.support.Api.authorization())
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        org.junit.jupiter.api.Assertions.assertEquals(200, untyped.statusCode(), untyped.body());
    }

    @Test
    void credentialsNamingANulCharacterAreUnauthorized() {
        for (String scheme : new String[] {"Basic", "ApiKey"}) {
            String token = java.util.Base64.getEncoder().encodeToString(
                    "a\u0000b:secret".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertError(io.restassured.RestAssured.given().auth().none().header("Authorization", scheme + " " + token)
                    .get("/api/actions/connectors").then(), 401, "unable to authenticate with provided credentials");
        }
    }

    @Test
    void aTargetThatIsNotAUriIsABadRequestInKibanasShape() throws Exception {
        for (String target : new String[] {"/api/actions/connector/%zz", "/api/actions/connector/a%", "/api/actions/{x}",
                "/s/a%5/api/actions/connectors", "/api/actions/connectors?filter=%"}) {
            io.switchboard.support.RawHttp.Answer answer = io.switchboard.support.RawHttp.send(base.getPort(),
                    "GET " + target + " HTTP/1.1\r\nHost: localhost");
            org.junit.jupiter.api.Assertions.assertEquals(400, answer.status(), target);
            org.junit.jupiter.api.Assertions.assertEquals(
                    "{\"statusCode\":400,\"error\":\"Bad Request\",\"message\":\"Invalid request URL\"}",
                    answer.body(), target);
        }
    }

    @Test
    void aTargetThatIsNoPathIsNotFoundInKibanasShape() throws Exception {
        for (String target : new String[] {"*", "api/actions/connectors"}) {
            io.switchboard.support.RawHttp.Answer answer = io.switchboard.support.RawHttp.send(base.getPort(),
                    "GET " + target + " HTTP/1.1\r\nHost: localhost");
            org.junit.jupiter.api.Assertions.assertEquals(404, answer.status(), target);
            org.junit.jupiter.api.Assertions.assertEquals(
                    "{\"statusCode\":404,\"error\":\"Not Found\",\"message\":\"Not Found\"}", answer.body(), target);
        }
    }

    @Test
    void aSpaceRouteAnswersAnHttp10RequestWithoutAUsableHost() throws Exception {
        String space = freshSpace();
        String id = create(space, "{\"name\":\"log\",\"connector_type_id\":\".server-log\"}");
        for (String host : new String[] {"X-No-Host: x", "Host: a b", "Host: [::1"}) {
            io.switchboard.support.RawHttp.Answer answer = io.switchboard.support.RawHttp.send(base.getPort(),
                    "GET " + path(space, "/api/actions/connector/" + id) + " HTTP/1.0\r\n" + host);
            org.junit.jupiter.api.Assertions.assertEquals(200, answer.status(), host + ": " + answer.body());
            org.junit.jupiter.api.Assertions.assertTrue(answer.body().contains("\"id\":\"" + id + "\""), answer.body());
        }
    }

    @Test
    void anEnqueuedExecutionHoldingANulCharacterIsRefusedAloneAsABadRequest() {
        String space = freshSpace();
        String id = create(space, "{\"name\":\"log\",\"connector_type_id\":\".server-log\"}");
        assertError(kibana().body("{\"params\":{\"message\":\"a\\u0000b\"}}")
                .post(path(space, "/api/actions/connector/" + id + "/_enqueue")).then(), 400,
                "the request holds a value that cannot be stored, such as a NUL character");
        kibana().body("[{\"id\":\"" + id + "\",\"params\":{\"message\":\"m\"},\"executionId\":\"e\\u0000\"},"
                        + "{\"id\":\"" + id + "\",\"params\":{\"message\":\"m\"}}]")
                .post(path(space, "/api/actions/_bulk_enqueue")).then().statusCode(200)
                .body("items[0].error.statusCode", equalTo(400))
                .body("items[1].response", equalTo("success"));
    }

    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URI base;

    @Test
    void datesBeyondTimeAreInvalidDates() {
        assertError(kibana().queryParam("date_start", "99999999999999999999d")
                .get("/internal/actions/_global_connector_execution_logs").then(), 400,
                "Invalid date for parameter dateStart: \"99999999999999999999d\"");
        assertError(kibana().queryParam("date_start", "9999999999999999d")
                .get("/internal/actions/_global_connector_execution_kpi").then(), 400,
                "Invalid date for parameter dateStart: \"9999999999999999d\"");
    }

    @Test
    void aLongSpaceIdIsNeverAServerError() {
        String space = "s".repeat(200);
        kibana().get(path(space, "/api/actions/connectors")).then().statusCode(lessThan(500));
        kibana().body("{\"name\":\"log\",\"connector_type_id\":\".server-log\"}")
                .post(path(space, "/api/actions/connector")).then().statusCode(lessThan(500));
        kibana().body("{\"params\":{\"message\":\"m\"}}")
                .post(path(space, "/api/actions/connector/none/_execute")).then().statusCode(lessThan(500));
    }
}
