package io.switchboard.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.switchboard.support.RawHttp;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import static io.switchboard.support.Api.assertError;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.kibana;
import static io.switchboard.support.Api.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kibana's {@code server.maxPayload} (1 MiB) and the JSON parser's bounds, at their defaults. */
@QuarkusTest
class RequestLimitsTest {

    private static final String TOO_LARGE = "{\"statusCode\":413,\"error\":\"Payload Too Large\","
            + "\"message\":\"Payload content length greater than maximum allowed: 1048576\"}";

    @io.quarkus.test.common.http.TestHTTPResource("/")
    URI base;

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeTheBodyIsSent() throws Exception {
        // Only the head goes out: the answer comes without a byte of the 100 MiB announced.
        RawHttp.Answer answer = RawHttp.send(RestAssured.port, "POST /api/actions/connector/x/_execute HTTP/1.1\r\n"
                + "Host: localhost\r\nkbn-xsrf: true\r\nContent-Type: application/json\r\nContent-Length: 104857600");
        assertEquals(413, answer.status(), answer.head());
        assertEquals(TOO_LARGE, answer.body());
        assertTrue(answer.head().toLowerCase().contains("connection: close"), answer.head());

        RawHttp.Answer justOver = RawHttp.send(RestAssured.port, "PUT /api/actions/connector/x HTTP/1.1\r\n"
                + "Host: localhost\r\nkbn-xsrf: true\r\nContent-Type: application/json\r\nContent-Length: 1048577");
        assertEquals(413, justOver.status(), justOver.head());
        assertEquals(TOO_LARGE, justOver.body());
    }

    @Test
    void aChunkedBodyIsRefusedOnceItPassesTheLimit() throws Exception {
        AtomicLong sent = new AtomicLong();
        RawHttp.Answer answer = RawHttp.sendChunked(RestAssured.port,
                "POST /api/actions/connector/x/_execute HTTP/1.1\r\nHost: localhost\r\nkbn-xsrf: true\r\n"
                        + "Content-Type: application/json", 64 * 1024, 256L * 1024 * 1024, sent);
        assertEquals(413, answer.status(), answer.head());
        assertEquals(TOO_LARGE, answer.body());
        assertTrue(sent.get() < 256L * 1024 * 1024, "the whole body was read before the answer: " + sent.get());
    }

    @Test
    void aBodyOfExactlyTheLimitIsRead() throws Exception {
        String space = freshSpace();
        String head = "{\"params\":{\"message\":\"";
        String tail = "\"}}";
        String body = head + "m".repeat(1024 * 1024 - head.length() - tail.length()) + tail;
        assertEquals(1024 * 1024, body.getBytes(StandardCharsets.UTF_8).length);
        assertError(kibana().body(body).post(path(space, "/api/actions/connector/absent/_execute")).then(), 404,
                "Saved object [action/absent] not found");

        // Sent chunked, with no declared length, a body under the limit is read as any other.
        HttpResponse<String> chunked = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(base.resolve(path(space, "/api/actions/connector/chunked")))
                        .header("kbn-xsrf", "true").header("Content-Type", "application/json")
                        .header("Authorization", io.switchboard.support.Api.authorization())
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                                "{\"name\":\"sent in chunks\",\"connector_type_id\":\".server-log\"}"
                                        .getBytes(StandardCharsets.UTF_8))))
                        .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, chunked.statusCode(), chunked.body());
        assertTrue(chunked.body().contains("\"name\":\"sent in chunks\""), chunked.body());
    }

    @Test
    void nestingPastTheLimitIsABadRequest() {
        String deep = "[".repeat(2000) + "]".repeat(2000);
        assertError(kibana().body("{\"params\":{\"message\":" + deep + "}}")
                        .post(path(freshSpace(), "/api/actions/connector/absent/_execute")).then(), 400,
                "Invalid request payload JSON format: nested deeper than 100 levels");
        assertError(kibana().body("[" + "{\"a\":".repeat(2000) + "1" + "}".repeat(2000) + "]")
                        .post("/api/actions/_bulk_enqueue").then(), 400,
                "Invalid request payload JSON format: nested deeper than 100 levels");
        // Within the limit, depth is the schema's business, not the parser's.
        String allowed = "{\"a\":".repeat(90) + "1" + "}".repeat(90);
        assertError(kibana().body("{\"params\":" + allowed + "}")
                        .post(path(freshSpace(), "/api/actions/connector/absent/_execute")).then(), 404,
                "Saved object [action/absent] not found");
    }
}
