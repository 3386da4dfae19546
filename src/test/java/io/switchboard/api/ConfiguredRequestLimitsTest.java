package io.switchboard.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.switchboard.support.RawHttp;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static io.switchboard.support.Api.assertError;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.kibana;
import static io.switchboard.support.Api.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code server.maxPayload} in Kibana's byte-size form, and a lowered string bound. */
@QuarkusTest
@TestProfile(ConfiguredRequestLimitsTest.Limits.class)
class ConfiguredRequestLimitsTest {

    public static class Limits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("server.maxPayload", "64kb", "switchboard.json.max-string-length", "1000");
        }
    }

    @Test
    void theConfiguredPayloadLimitApplies() throws Exception {
        String expected = "{\"statusCode\":413,\"error\":\"Payload Too Large\","
                + "\"message\":\"Payload content length greater than maximum allowed: 65536\"}";
        RawHttp.Answer declared = RawHttp.send(RestAssured.port, "POST /api/actions/connector HTTP/1.1\r\n"
                + "Host: localhost\r\nkbn-xsrf: true\r\nContent-Type: application/json\r\nContent-Length: 65537");
        assertEquals(413, declared.status(), declared.head());
        assertEquals(expected, declared.body());

        AtomicLong sent = new AtomicLong();
        RawHttp.Answer chunked = RawHttp.sendChunked(RestAssured.port, "POST /api/actions/connector HTTP/1.1\r\n"
                + "Host: localhost\r\nkbn-xsrf: true\r\nContent-Type: application/json", 4096, 64L * 1024 * 1024, sent);
        assertEquals(413, chunked.status(), chunked.head());
        assertEquals(expected, chunked.body());
        assertTrue(sent.get() < 64L * 1024 * 1024, "the whole body was read before the answer: " + sent.get());

        // Under the limit (about 60 KiB, in strings under the string bound), a body is read whole.
        String item = "\"" + "p".repeat(900) + "\",";
        String body = "{\"params\":{\"list\":[" + item.repeat(67) + "\"end\"]}}";
        assertTrue(body.length() > 59 * 1024 && body.length() < 64 * 1024, Integer.toString(body.length()));
        assertError(kibana().body(body).post(path(freshSpace(), "/api/actions/connector/absent/_execute")).then(),
                404, "Saved object [action/absent] not found");
    }

    @Test
    void aStringPastTheLimitIsABadRequest() {
        String space = freshSpace();
        assertError(kibana().body("{\"params\":{\"message\":\"" + "s".repeat(1001) + "\"}}")
                        .post(path(space, "/api/actions/connector/absent/_execute")).then(), 400,
                "Invalid request payload JSON format: a string is longer than 1000 characters");
        assertError(kibana().body("{\"params\":{\"message\":\"" + "s".repeat(1000) + "\"}}")
                        .post(path(space, "/api/actions/connector/absent/_execute")).then(), 404,
                "Saved object [action/absent] not found");
    }
}
