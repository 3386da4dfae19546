package io.switchboard.connector.http;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import io.switchboard.support.TightEgressProfile;
import io.switchboard.support.WireMockPeer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.ServerSocket;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.switchboard.support.Api.create;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.kibana;
import static io.switchboard.support.Api.path;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every way a webhook call can end, and Kibana's answer for each. */
@QuarkusTest
@TestProfile(TightEgressProfile.class)
class WebhookStatusTableTest {

    private static final String ISO = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

    static Stream<Arguments> outcomes() {
        return Stream.of(
                Arguments.of("200", aResponse().withStatus(200), "ok", null, null, null),
                Arguments.of("400", status(400, "Bad Request").withBody("{\"message\":\"field x is required\"}"),
                        "error", "error calling webhook, invalid response", "[400] Bad Request: field x is required", null),
                Arguments.of("401", status(401, "Unauthorized"), "error", "error calling webhook, invalid response",
                        "[401] Unauthorized", null),
                Arguments.of("404", status(404, "Not Found"), "error", "error calling webhook, invalid response",
                        "[404] Not Found", null),
                Arguments.of("408", status(408, "Request Timeout"), "error", "error calling webhook, invalid response",
                        "[408] Request Timeout", null),
                Arguments.of("429 with Retry-After", status(429, "Too Many Requests").withHeader("Retry-After", "120"),
                        "error", "retry at", "[429] Too Many Requests", "date"),
                Arguments.of("429 without Retry-After", status(429, "Too Many Requests"), "error",
                        "error calling webhook, retry later", "[429] Too Many Requests", "true"),
                Arguments.of("500", status(500, "Internal Server Error"), "error", "error calling webhook, retry later",
                        "[500] Internal Server Error", "true"),
                Arguments.of("502", status(502, "Bad Gateway"), "error", "error calling webhook, retry later",
                        "[502] Bad Gateway", "true"),
                Arguments.of("503", status(503, "Service Unavailable"), "error", "error calling webhook, retry later",
                        "[503] Service Unavailable", "true"),
                Arguments.of("timeout", aResponse().withStatus(200).withFixedDelay(3000), "error",
                        "error calling webhook, request failed", "[ECONNABORTED] timeout of 1000ms exceeded", null),
                Arguments.of("oversized response", aResponse().withStatus(200).withBody("x".repeat(5000)), "error",
                        "error calling webhook, request failed", "[ERR_BAD_RESPONSE] maxContentLength size of 1024 exceeded",
                        null),
                Arguments.of("redirect to a disallowed host", aResponse().withStatus(302)
                                .withHeader("Location", "http://localhost:" + WireMockPeer.server().port() + "/elsewhere"),
                        "error", "error calling webhook, request failed",
                        "target hostname \"localhost\" is not added to the Kibana config xpack.actions.allowedHosts", null));
    }

    private static ResponseDefinitionBuilder status(int status, String reason) {
        return aResponse().withStatus(status).withStatusMessage(reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outcomes")
    void webhookOutcome(String name, ResponseDefinitionBuilder reply, String status, String message,
                        String serviceMessage, String retry) {
        WireMockServer peer = WireMockPeer.server();
        String hook = "/status/" + UUID.randomUUID();
        peer.stubFor(any(urlEqualTo(hook)).willReturn(reply));
        ValidatableResponse response = execute(WireMockPeer.url(hook));
        assertOutcome(response, status, message, serviceMessage, retry);
    }

    @jakarta.inject.Inject
    javax.sql.DataSource dataSource;

    @org.junit.jupiter.api.Test
    void allowedHostsAreCheckedAgainWhenItRuns() {
        String space = freshSpace();
        String id = create(space, """
                {"name":"moved","connector_type_id":".webhook","config":{"url":"%s","hasAuth":false}}"""
                .formatted(WireMockPeer.url("/allowed")));
        String disallowed = "http://localhost:" + WireMockPeer.server().port() + "/not-allowed";
        io.switchboard.support.Database.update(dataSource, "UPDATE connector SET config = CAST(? AS json) "
                + "WHERE space_id = ? AND id = ?", "{\"url\":\"" + disallowed + "\",\"method\":\"post\","
                + "\"headers\":null,\"hasAuth\":false}", space, id);
        kibana().body("{\"params\":{}}").post(path(space, "/api/actions/connector/" + id + "/_execute"))
                .then().statusCode(200)
                .body("status", equalTo("error"))
                .body("message", equalTo("error validating action type config: error configuring webhook action: "
                        + "target url \"" + disallowed + "\" is not added to the Kibana config xpack.actions.allowedHosts"))
                .body("retry", equalTo(false))
                .body("errorSource", equalTo("framework"));
    }

    @org.junit.jupiter.api.Test
    void connectionRefused() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        assertOutcome(execute("http://127.0.0.1:" + closed + "/nobody-home"), "error",
                "error calling webhook, request failed", "[ECONNREFUSED] connect ECONNREFUSED 127.0.0.1:" + closed, null);
    }

    private static ValidatableResponse execute(String url) {
        String space = freshSpace();
        String id = create(space, """
                {"name":"table","connector_type_id":".webhook","config":{"url":"%s","hasAuth":false}}""".formatted(url));
        return kibana().body("{\"params\":{\"body\":\"{}\"}}")
                .post(path(space, "/api/actions/connector/" + id + "/_execute")).then().statusCode(200);
    }

    private static void assertOutcome(ValidatableResponse response, String status, String message,
                                      String serviceMessage, String retry) {
        response.body("status", equalTo(status));
        if (status.equals("ok")) {
            response.body("data", equalTo("{}")).body("message", nullValue());
            return;
        }
        response.body("errorSource", equalTo("user"));
        if (serviceMessage == null) {
            response.body("service_message", nullValue());
        } else {
            response.body("service_message", equalTo(serviceMessage));
        }
        if ("date".equals(retry)) {
            String at = response.extract().path("retry");
            Instant when = Instant.parse(at);
            assertTrue(when.isAfter(Instant.now().plusSeconds(100)) && when.isBefore(Instant.now().plusSeconds(125)), at);
            response.body("retry", matchesPattern(ISO))
                    .body("message", equalTo("error calling webhook, retry at " + at));
        } else {
            response.body("message", equalTo(message));
            if (retry == null) {
                response.body("retry", nullValue());
            } else {
                response.body("retry", equalTo(Boolean.parseBoolean(retry)));
            }
        }
    }
}
