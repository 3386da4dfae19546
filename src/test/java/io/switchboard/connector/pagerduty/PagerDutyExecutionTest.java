package io.switchboard.connector.pagerduty;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.support.WireMockPeer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.switchboard.support.Api.create;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.kibana;
import static io.switchboard.support.Api.path;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code .pagerduty} against a stub of the Events API v2, which answers 202 with a JSON status. */
@QuarkusTest
class PagerDutyExecutionTest {

    private static final String ACCEPTED = "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"%s\"}";
    private final WireMockServer pagerDuty = WireMockPeer.server();

    private record Sent(String connectorId, String response, LoggedRequest request) {
    }

    private Sent run(String params, String dedupKey) {
        String enqueue = "/v2/enqueue/" + UUID.randomUUID();
        pagerDuty.stubFor(post(urlEqualTo(enqueue)).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withBody(ACCEPTED.formatted(dedupKey))));
        String space = freshSpace();
        String id = create(space, """
                {"name":"pd","connector_type_id":".pagerduty","config":{"apiUrl":"%s"},
                 "secrets":{"routingKey":"R0UT1NGKEY0123456789"}}""".formatted(WireMockPeer.url(enqueue)));
        String response = kibana().body("{\"params\":" + params + "}")
                .post(path(space, "/api/actions/connector/" + id + "/_execute")).then().statusCode(200)
                .extract().asString();
        List<LoggedRequest> sent = pagerDuty.findAll(postRequestedFor(urlEqualTo(enqueue)));
        assertEquals(1, sent.size());
        return new Sent(id, response, sent.getFirst());
    }

    @Test
    void documentedExampleIsSentByteForByte() {
        Sent sent = run("{\"summary\":\"just a test\"}", "5c2d1a");
        assertEquals("{\"event_action\":\"trigger\",\"payload\":{\"summary\":\"just a test\",\"source\":\"Kibana Action "
                + sent.connectorId() + "\",\"severity\":\"info\"}}", sent.request().getBodyAsString());
        assertEquals("R0UT1NGKEY0123456789", sent.request().getHeader("X-Routing-Key"));
        assertEquals("application/json", sent.request().getHeader("Content-Type"));
        assertEquals("{\"status\":\"ok\",\"data\":" + ACCEPTED.formatted("5c2d1a") + ",\"connector_id\":\""
                + sent.connectorId() + "\"}", sent.response());
    }

    @Test
    void everyTriggerFieldInKibanasOrder() {
        Sent sent = run("""
                {"eventAction":"trigger","dedupKey":"disk-1","summary":"disk full","source":"node-1",
                 "severity":"critical","timestamp":"2026-11-22T10:15:30+01:00","component":"disk","group":"storage",
                 "class":"capacity","links":[{"href":"https://runbooks.example.com/disk","text":"runbook"}],
                 "customDetails":{"used":"99%"}}""", "disk-1");
        assertEquals("{\"event_action\":\"trigger\",\"dedup_key\":\"disk-1\",\"payload\":{\"summary\":\"disk full\","
                + "\"source\":\"node-1\",\"severity\":\"critical\",\"timestamp\":\"2026-11-22T09:15:30.000Z\","
                + "\"component\":\"disk\",\"group\":\"storage\",\"class\":\"capacity\",\"custom_details\":{\"used\":\"99%\"}},"
                + "\"links\":[{\"href\":\"https://runbooks.example.com/disk\",\"text\":\"runbook\"}]}",
                sent.request().getBodyAsString());
    }

    @Test
    void resolveSendsOnlyTheDedupKey() {
        Sent sent = run("{\"eventAction\":\"resolve\",\"dedupKey\":\"disk-1\",\"summary\":\"ignored\"}", "disk-1");
        assertEquals("{\"event_action\":\"resolve\",\"dedup_key\":\"disk-1\"}", sent.request().getBodyAsString());
    }
}
