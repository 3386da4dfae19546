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

/** Every way a call of an HTTP connector can end, and Kibana's answer for each, per connector type. */
@QuarkusTest
@TestProfile(TightEgressProfile.class)
class HttpStatusTableTest {

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
                        "error", "error calling webhook, retry at", "[429] Too Many Requests", "date"),
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

    static Stream<Arguments> slackOutcomes() {
        String http = "An HTTP protocol error occurred: statusCode = ";
        return Stream.of(
                Arguments.of("200 ok", aResponse().withStatus(200).withBody("ok"), "ok", null, null, null),
                Arguments.of("400", status(400, "Bad Request").withBody("invalid_payload"), "error",
                        "unexpected http response from slack: 400 Bad Request", null, null),
                Arguments.of("401", status(401, "Unauthorized"), "error",
                        "unexpected http response from slack: 401 Unauthorized", null, null),
                Arguments.of("404", status(404, "Not Found").withBody("no_service"), "error",
                        "unexpected http response from slack: 404 Not Found", null, null),
                Arguments.of("408", status(408, "Request Timeout"), "error",
                        "unexpected http response from slack: 408 Request Timeout", null, null),
                Arguments.of("429 with Retry-After", status(429, "Too Many Requests").withHeader("Retry-After", "120"),
                        "error", "error posting a slack message, retry at", http + "429", "date"),
                Arguments.of("429 without Retry-After", status(429, "Too Many Requests"), "error",
                        "error posting a slack message, retry later", http + "429", "true"),
                Arguments.of("500", status(500, "Internal Server Error"), "error",
                        "error posting a slack message, retry later", null, "true"),
                Arguments.of("502", status(502, "Bad Gateway"), "error",
                        "error posting a slack message, retry later", null, "true"),
                Arguments.of("503", status(503, "Service Unavailable"), "error",
                        "error posting a slack message, retry later", null, "true"),
                Arguments.of("timeout", aResponse().withStatus(200).withBody("ok").withFixedDelay(3000), "error",
                        "error posting slack message", "A request error occurred: timeout of 1000ms exceeded", null),
                Arguments.of("oversized response", aResponse().withStatus(200).withBody("x".repeat(5000)), "error",
                        "error posting slack message", "A request error occurred: maxContentLength size of 1024 exceeded",
                        null),
                Arguments.of("redirect to a disallowed host", aResponse().withStatus(302)
                                .withHeader("Location", "http://localhost:" + WireMockPeer.server().port() + "/elsewhere"),
                        "error", "error posting slack message", "A request error occurred: target hostname "
                                + "\"localhost\" is not added to the Kibana config xpack.actions.allowedHosts", null));
    }

    static Stream<Arguments> pagerDutyOutcomes() {
        String unexpected = "error posting pagerduty event: unexpected status ";
        String later = "error posting pagerduty event: http status %d, retry later";
        return Stream.of(
                Arguments.of("202", aResponse().withStatus(202).withBody("{\"status\":\"success\"}"), "ok", null, null,
                        null),
                Arguments.of("200 is not success", aResponse().withStatus(200), "error", unexpected + 200, null, null),
                Arguments.of("400", status(400, "Bad Request"), "error", unexpected + 400, null, null),
                Arguments.of("401", status(401, "Unauthorized"), "error", unexpected + 401, null, null),
                Arguments.of("404", status(404, "Not Found"), "error", unexpected + 404, null, null),
                Arguments.of("408", status(408, "Request Timeout"), "error", unexpected + 408, null, null),
                Arguments.of("429 with Retry-After ignored", status(429, "Too Many Requests").withHeader("Retry-After", "120"),
                        "error", later.formatted(429), null, "true"),
                Arguments.of("500", status(500, "Internal Server Error"), "error", later.formatted(500), null, "true"),
                Arguments.of("502", status(502, "Bad Gateway"), "error", later.formatted(502), null, "true"),
                Arguments.of("503", status(503, "Service Unavailable"), "error", later.formatted(503), null, "true"),
                Arguments.of("timeout", aResponse().withStatus(202).withFixedDelay(3000), "error",
                        "error posting pagerduty event", "timeout of 1000ms exceeded", null),
                Arguments.of("oversized response", aResponse().withStatus(202).withBody("x".repeat(5000)), "error",
                        "error posting pagerduty event", "maxContentLength size of 1024 exceeded", null),
                Arguments.of("redirect to a disallowed host", aResponse().withStatus(307)
                                .withHeader("Location", "http://localhost:" + WireMockPeer.server().port() + "/elsewhere"),
                        "error", "error posting pagerduty event",
                        "target hostname \"localhost\" is not added to the Kibana config xpack.actions.allowedHosts", null));
    }

    /** {@code .index}: every failure is Kibana's "error indexing documents", never retried by the connector. */
    static Stream<Arguments> indexOutcomes() {
        String failed = "error indexing documents";
        java.util.function.BiFunction<Integer, String, ResponseDefinitionBuilder> es = (code, reason) ->
                status(code, "x").withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"type\":\"t\",\"reason\":\"" + reason + "\"},\"status\":" + code + "}");
        return Stream.of(
                Arguments.of("200", aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"took\":3,\"errors\":false,\"items\":[]}"), "ok", null, null, null),
                Arguments.of("200 with item errors", aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"took\":3,\"errors\":true,\"items\":[{\"index\":{\"status\":400,\"error\":"
                                + "{\"reason\":\"mapping clash\",\"caused_by\":{\"reason\":\"not a long\"}}}}]}"),
                        "error", failed, "mapping clash (not a long)", null),
                Arguments.of("400", es.apply(400, "bad request body"), "error", failed, "bad request body", null),
                Arguments.of("401", es.apply(401, "missing authentication credentials"), "error", failed,
                        "missing authentication credentials", null),
                Arguments.of("404", es.apply(404, "no such index"), "error", failed, "no such index", null),
                Arguments.of("408", es.apply(408, "timed out"), "error", failed, "timed out", null),
                Arguments.of("429", es.apply(429, "rejected execution").withHeader("Retry-After", "120"), "error", failed,
                        "rejected execution", null),
                Arguments.of("500", es.apply(500, "internal"), "error", failed, "internal", null),
                Arguments.of("502", status(502, "Bad Gateway").withBody("<html>bad gateway</html>"), "error", failed,
                        "<html>bad gateway</html>", null),
                Arguments.of("503", es.apply(503, "cluster not ready"), "error", failed, "cluster not ready", null),
                Arguments.of("timeout", aResponse().withStatus(200).withFixedDelay(3000), "error", failed,
                        "timeout of 1000ms exceeded", null),
                Arguments.of("oversized response", aResponse().withStatus(200).withBody("x".repeat(5000)), "error", failed,
                        "maxContentLength size of 1024 exceeded", null));
    }

    @ParameterizedTest(name = "index {0}")
    @MethodSource("indexOutcomes")
    void indexOutcome(String name, ResponseDefinitionBuilder reply, String status, String message,
                      String serviceMessage, String retry) {
        String index = "idx-" + UUID.randomUUID();
        // Only requests with the configured cluster credentials and an NDJSON body are answered.
        io.switchboard.support.ElasticsearchStub.client()
                .register(any(urlEqualTo("/es/" + index + "/_bulk?refresh=false"))
                        .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo(
                                "Basic ZWxhc3RpYzplcy1wYXNzLVpxODE="))
                        .withHeader("Content-Type", com.github.tomakehurst.wiremock.client.WireMock.equalTo(
                                "application/x-ndjson"))
                        .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.equalTo(
                                "{\"index\":{}}\n{\"a\":1}\n"))
                        .willReturn(reply));
        String space = freshSpace();
        String id = create(space, "{\"name\":\"table\",\"connector_type_id\":\".index\",\"config\":{\"index\":\""
                + index + "\"}}");
        assertOutcome(kibana().body("{\"params\":{\"documents\":[{\"a\":1}]}}")
                .post(path(space, "/api/actions/connector/" + id + "/_execute")).then().statusCode(200),
                status, message, serviceMessage, retry);
    }

    /** Kibana's Jira connector throws on every failure: the generic message, retry true, the detail in service_message. */
    static Stream<Arguments> jiraOutcomes() {
        String generic = "an error occurred while running the action";
        String prefix = "[Action][Jira]: Unable to get incident with id OPS-1. Error: ";
        java.util.function.Function<Integer, String> status = code -> prefix + "Request failed with status code " + code
                + " Reason: unknown: errorResponse.errors was null";
        String issue = "{\"id\":\"10001\",\"key\":\"OPS-1\",\"fields\":{\"created\":\"2026-11-22T10:15:30.000+0000\","
                + "\"updated\":\"2026-11-22T10:15:30.000+0000\",\"summary\":\"s\"}}";
        return Stream.of(
                Arguments.of("200", aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(issue),
                        "ok", null, null, null),
                Arguments.of("400", status(400, "Bad Request"), "error", generic, status.apply(400), "true"),
                Arguments.of("401", status(401, "Unauthorized"), "error", generic, status.apply(401), "true"),
                Arguments.of("404", status(404, "Not Found"), "error", generic, status.apply(404), "true"),
                Arguments.of("408", status(408, "Request Timeout"), "error", generic, status.apply(408), "true"),
                Arguments.of("429 with Retry-After", status(429, "Too Many Requests").withHeader("Retry-After", "120"),
                        "error", generic, status.apply(429), "true"),
                Arguments.of("429 without Retry-After", status(429, "Too Many Requests"), "error", generic,
                        status.apply(429), "true"),
                Arguments.of("500", status(500, "Internal Server Error"), "error", generic, status.apply(500), "true"),
                Arguments.of("502", status(502, "Bad Gateway"), "error", generic, status.apply(502), "true"),
                Arguments.of("503", status(503, "Service Unavailable"), "error", generic, status.apply(503), "true"),
                Arguments.of("timeout", aResponse().withStatus(200).withFixedDelay(3000), "error", generic,
                        prefix + "timeout of 1000ms exceeded Reason: unknown: errorResponse was null", "true"),
                Arguments.of("oversized response", aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                                .withBody("x".repeat(5000)), "error", generic,
                        prefix + "maxContentLength size of 1024 exceeded Reason: unknown: errorResponse was null", "true"),
                Arguments.of("redirect to a disallowed host", aResponse().withStatus(302)
                                .withHeader("Location", "http://localhost:" + WireMockPeer.server().port() + "/elsewhere"),
                        "error", generic, prefix + "target hostname \"localhost\" is not added to the Kibana config "
                                + "xpack.actions.allowedHosts Reason: unknown: errorResponse was null", "true"));
    }

    @ParameterizedTest(name = "jira {0}")
    @MethodSource("jiraOutcomes")
    void jiraOutcome(String name, ResponseDefinitionBuilder reply, String status, String message,
                     String serviceMessage, String retry) {
        String base = "/jira-" + UUID.randomUUID();
        WireMockPeer.server().stubFor(any(urlEqualTo(base + "/rest/api/2/issue/OPS-1")).willReturn(reply));
        ValidatableResponse response = execute(".jira", WireMockPeer.url(base));
        if (status.equals("error")) {
            response.body("errorSource", equalTo("framework"));
        }
        assertOutcomeWithSource(response, status, message, serviceMessage, retry);
    }

    @ParameterizedTest(name = "slack {0}")
    @MethodSource("slackOutcomes")
    void slackOutcome(String name, ResponseDefinitionBuilder reply, String status, String message,
                      String serviceMessage, String retry) {
        String hook = "/services/T/B/" + UUID.randomUUID();
        WireMockPeer.server().stubFor(any(urlEqualTo(hook)).willReturn(reply));
        assertOutcome(execute(".slack", WireMockPeer.url(hook)), status, message, serviceMessage, retry);
    }

    @ParameterizedTest(name = "pagerduty {0}")
    @MethodSource("pagerDutyOutcomes")
    void pagerDutyOutcome(String name, ResponseDefinitionBuilder reply, String status, String message,
                          String serviceMessage, String retry) {
        String enqueue = "/v2/enqueue/" + UUID.randomUUID();
        WireMockPeer.server().stubFor(any(urlEqualTo(enqueue)).willReturn(reply));
        assertOutcome(execute(".pagerduty", WireMockPeer.url(enqueue)), status, message, serviceMessage, retry);
    }

    @org.junit.jupiter.api.Test
    void refusedConnectionsOfSlackAndPagerDuty() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String refused = "connect ECONNREFUSED 127.0.0.1:" + closed;
        assertOutcome(execute(".slack", "http://127.0.0.1:" + closed + "/services/x"), "error",
                "error posting slack message", "A request error occurred: " + refused, null);
        assertOutcome(execute(".pagerduty", "http://127.0.0.1:" + closed + "/v2/enqueue"), "error",
                "error posting pagerduty event", refused, null);
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
        return execute(".webhook", url);
    }

    private static ValidatableResponse execute(String type, String url) {
        String space = freshSpace();
        String body = switch (type) {
            case ".slack" -> """
                    {"name":"table","connector_type_id":".slack","secrets":{"webhookUrl":"%s"}}""".formatted(url);
            case ".pagerduty" -> """
                    {"name":"table","connector_type_id":".pagerduty","config":{"apiUrl":"%s"},
                     "secrets":{"routingKey":"rk"}}""".formatted(url);
            case ".jira" -> """
                    {"name":"table","connector_type_id":".jira","config":{"apiUrl":"%s","projectKey":"OPS"},
                     "secrets":{"email":"ops@example.com","apiToken":"t"}}""".formatted(url);
            default -> """
                    {"name":"table","connector_type_id":".webhook","config":{"url":"%s","hasAuth":false}}""".formatted(url);
        };
        String params = switch (type) {
            case ".slack" -> "{\"message\":\"m\"}";
            case ".pagerduty" -> "{\"summary\":\"s\"}";
            case ".jira" -> "{\"subAction\":\"getIncident\",\"subActionParams\":{\"externalId\":\"OPS-1\"}}";
            default -> "{\"body\":\"{}\"}";
        };
        String id = create(space, body);
        return kibana().body("{\"params\":" + params + "}")
                .post(path(space, "/api/actions/connector/" + id + "/_execute")).then().statusCode(200);
    }

    private static void assertOutcome(ValidatableResponse response, String status, String message,
                                      String serviceMessage, String retry) {
        if (status.equals("error")) {
            response.body("errorSource", equalTo("user"));
        }
        assertOutcomeWithSource(response, status, message, serviceMessage, retry);
    }

    private static void assertOutcomeWithSource(ValidatableResponse response, String status, String message,
                                                String serviceMessage, String retry) {
        response.body("status", equalTo(status));
        if (status.equals("ok")) {
            response.body("message", nullValue());
            return;
        }
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
                    .body("message", equalTo(message + " " + at));
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
