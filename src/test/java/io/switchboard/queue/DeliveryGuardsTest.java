package io.switchboard.queue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.support.Database;
import io.switchboard.support.WireMockPeer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.switchboard.support.Api.create;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.kibana;
import static io.switchboard.support.Api.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The guards between the queue and receivers: rate limits per type, a breaker per connector, attempts per type. */
@QuarkusTest
@TestProfile(DeliveryGuardsTest.Guarded.class)
class DeliveryGuardsTest {

    public static class Guarded implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "switchboard.execution.timeout", "1s",
                    "xpack.actions.rateLimiter.server-log.limit", "3",
                    "xpack.actions.rateLimiter.server-log.lookbackWindow", "2s",
                    "switchboard.queue.circuit-breaker.request-volume", "4",
                    "switchboard.queue.circuit-breaker.delay", "3s",
                    "xpack.actions.run.maxAttempts", "4",
                    "xpack.actions.run.connectorTypeOverrides[0].id", ".test-misbehaving",
                    "xpack.actions.run.connectorTypeOverrides[0].maxAttempts", "2");
        }
    }

    @Inject
    DataSource dataSource;

    private static List<String> bulk(String space, String id, int count, String params) {
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"id\":\"").append(id).append("\",\"params\":")
                    .append(params.replace("%n", Integer.toString(i))).append('}');
        }
        JsonNode answer = QueueTest.read(kibana().body(batch.append(']').toString())
                .post(path(space, "/api/actions/_bulk_enqueue")).then().statusCode(200));
        List<String> uuids = new ArrayList<>();
        answer.get("items").forEach(item -> uuids.add(item.get("uuid").asText()));
        return uuids;
    }

    @Test
    void aTypeRateLimitHoldsExecutionsBackWithoutSpendingAttempts() {
        String space = freshSpace();
        String id = create(space, "{\"name\":\"log\",\"connector_type_id\":\".server-log\"}");
        List<String> uuids = bulk(space, id, 6, "{\"message\":\"m%n\"}");
        List<Instant> ends = new ArrayList<>();
        for (String uuid : uuids) {
            JsonNode done = QueueTest.awaitState(space, uuid, "succeeded");
            assertEquals(1, done.get("attempts").asInt(), done.toString());
            ends.add(Instant.parse(done.get("finished_at").asText()));
        }
        ends.sort(null);
        long spread = ends.get(5).toEpochMilli() - ends.get(0).toEpochMilli();
        assertTrue(spread >= 1_500, "six executions under a limit of 3 per 2 s ended within " + spread + " ms");
    }

    @Test
    void anOpenBreakerHoldsADeadReceiverBackWhileOthersFlow() {
        String space = freshSpace();
        String dead = "/guards/dead-" + UUID.randomUUID();
        String healthy = "/guards/healthy-" + UUID.randomUUID();
        WireMockPeer.server().stubFor(any(urlEqualTo(dead)).willReturn(aResponse().withStatus(503)));
        WireMockPeer.server().stubFor(any(urlEqualTo(healthy)).willReturn(aResponse().withStatus(200)));
        String deadId = QueueTest.webhook(space, dead);
        String healthyId = QueueTest.webhook(space, healthy);

        // Enough failures open the breaker; the retries of the dead receiver's rows then wait instead of running.
        List<String> deadRows = bulk(space, deadId, 10, "{\"body\":\"d%n\"}");
        for (String uuid : deadRows) {
            QueueTest.awaitState(space, uuid, "retrying");
        }
        QueueTest.sleep(1_500);
        int calls = QueueTest.received(dead).size();
        assertTrue(calls <= 10 + 2, "the dead receiver was called " + calls + " times with its breaker open");
        Integer attempts = Database.count(dataSource,
                "SELECT sum(attempts) FROM queued_execution WHERE space_id = ? AND connector_id = ?", space, deadId);
        assertTrue(attempts <= 12, "attempts spent on the dead receiver: " + attempts);

        for (String uuid : bulk(space, healthyId, 10, "{\"body\":\"h%n\"}")) {
            QueueTest.awaitState(space, uuid, "succeeded");
        }
        assertEquals(10, QueueTest.received(healthy).size());
    }

    @Test
    void anAttemptPastTheExecutionTimeoutEndsWithExecuteTimeoutAndIsRetried() {
        String space = freshSpace();
        String id = QueueTest.misbehaving(space);
        String uuid = kibana().body("{\"params\":{\"behaviour\":\"hang\"}}")
                .post(path(space, "/api/actions/connector/" + id + "/_enqueue")).then().statusCode(202)
                .extract().path("uuid");
        JsonNode retrying = QueueTest.awaitState(space, uuid, "retrying");
        assertTrue(retrying.at("/last_result/service_message").asText().contains("timeout"), retrying.toString());
        Database.flushEventLog();
        assertTrue(Database.events(dataSource, space, id).stream().anyMatch(event -> event.contains("execute-timeout")));
        QueueTest.awaitState(space, uuid, "failed");
    }

    @Test
    void attemptsFollowTheTypeOverride() {
        String space = freshSpace();
        String id = QueueTest.misbehaving(space);
        String uuid = kibana().body("{\"params\":{\"behaviour\":\"throw\"}}")
                .post(path(space, "/api/actions/connector/" + id + "/_enqueue")).then().statusCode(202)
                .extract().path("uuid");
        JsonNode failed = QueueTest.awaitState(space, uuid, "failed");
        assertEquals(2, failed.get("attempts").asInt(), failed.toString());
        assertEquals(2, failed.get("max_attempts").asInt());
    }
}
