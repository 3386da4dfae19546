package io.switchboard.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.switchboard.support.FailingRoutes;
import io.switchboard.support.RawHttp;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.switchboard.support.Api.assertError;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.kibana;
import static io.switchboard.support.Api.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whatever goes wrong, the answer is Kibana's error shape (or, below HTTP, no body): never a stack or a class name. */
@QuarkusTest
class ErrorAnswersTest {

    private static final List<String> INTERNALS = List.of("Exception", "Error:", "java.", "io.quarkus", "io.vertx",
            "io.switchboard", "org.jboss", "\tat ", "stack", FailingRoutes.DETAIL);

    private static void assertNothingInternal(String body) {
        for (String internal : INTERNALS) {
            assertFalse(body.contains(internal), () -> "answer shows '" + internal + "': " + body);
        }
    }

    @Test
    void failuresPastTheMappersAreGeneric500s() {
        for (String route : List.of(FailingRoutes.ROUTER_PATH, FailingRoutes.RESOURCE_PATH)) {
            Response response = RestAssured.given().get(route);
            assertError(response.then(), 500, "An internal server error occurred.");
            assertEquals("application/json", response.contentType().split(";")[0]);
            assertNothingInternal(response.asString());
        }
    }

    @Test
    void malformedJsonUnknownRoutesAndMethodsAnswerInKibanasShape() {
        String space = freshSpace();
        for (String broken : List.of("{\"name\":", "{\"name\" \"x\"}", "nul", "{\"a\":1}}", "[")) {
            Response response = kibana().body(broken).post(path(space, "/api/actions/connector/broken"));
            if (broken.equals("{\"a\":1}}")) {
                // Trailing text after a whole document is ignored, as JSON.parse would not: still never a 500.
                assertTrue(response.statusCode() < 500, response.asString());
            } else {
                assertError(response.then(), 400, "Invalid request payload JSON format");
            }
            assertNothingInternal(response.asString());
        }
        assertError(kibana().patch(path(space, "/api/actions/connector/x")).then(), 404, "Not Found");
        assertError(kibana().delete("/api/actions/connectors").then(), 404, "Not Found");
        assertError(kibana().get("/api/no-such-route").then(), 404, "Not Found");
        assertError(kibana().get("/q/no-such-route").then(), 404, "Not Found");
        Response badEscape = kibana().get(path(space, "/api/actions/connector/%zz"));
        assertTrue(badEscape.statusCode() >= 400 && badEscape.statusCode() < 500, badEscape.asString());
        assertNothingInternal(badEscape.asString());
    }

    @Test
    void malformedHttpIsRefusedWithoutDetail() throws Exception {
        // hapi (Node) answers an oversized head with a bare 431, and so does Switchboard.
        RawHttp.Answer headers = RawHttp.send(RestAssured.port, "GET /api/actions/connectors HTTP/1.1\r\n"
                + "Host: localhost\r\nX-Padding: " + "p".repeat(64 * 1024));
        assertEquals(431, headers.status(), headers.head());
        assertNothingInternal(headers.head() + headers.body());

        RawHttp.Answer length = RawHttp.send(RestAssured.port, "POST /api/actions/connector HTTP/1.1\r\n"
                + "Host: localhost\r\nkbn-xsrf: true\r\nContent-Type: application/json\r\nContent-Length: twelve");
        assertEquals(400, length.status(), length.head());
        assertNothingInternal(length.head() + length.body());
    }
}
