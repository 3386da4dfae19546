package io.switchboard.queue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.support.WireMockPeer;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.switchboard.support.Api.assertError;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.kibana;
import static io.switchboard.support.Api.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code xpack.actions.queued.max} bounds the unfinished executions; past it nothing is queued, and nothing lost. */
@QuarkusTest
@TestProfile(QueueBoundTest.SmallQueue.class)
class QueueBoundTest {

    public static class SmallQueue implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("xpack.actions.queued.max", "5");
        }
    }

    @Test
    void itemsPastTheBoundAnswerQueuedActionsLimitErrorUntilRoomIsMade() {
        String space = freshSpace();
        String hook = "/queue/slow-" + UUID.randomUUID();
        WireMockPeer.server().stubFor(any(urlEqualTo(hook))
                .willReturn(aResponse().withStatus(200).withFixedDelay(2_000)));
        String id = QueueTest.webhook(space, hook);

        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 8; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"id\":\"").append(id).append("\",\"params\":{\"body\":\"")
                    .append(i).append("\"}}");
        }
        JsonNode answer = QueueTest.read(kibana().body(batch.append(']').toString())
                .post(path(space, "/api/actions/_bulk_enqueue")).then().statusCode(200));
        assertTrue(answer.get("errors").asBoolean());
        for (int i = 0; i < 8; i++) {
            JsonNode item = answer.get("items").get(i);
            assertEquals(i < 5 ? "success" : "queuedActionsLimitError", item.get("response").asText(), item.toString());
            assertEquals(i < 5, item.hasNonNull("uuid"), item.toString());
            assertEquals(".webhook", item.get("actionTypeId").asText());
        }
        assertError(kibana().body("{\"params\":{\"body\":\"more\"}}")
                .post(path(space, "/api/actions/connector/" + id + "/_enqueue")).then(), 429,
                "the queue holds xpack.actions.queued.max executions already: try again later");

        for (int i = 0; i < 5; i++) {
            QueueTest.awaitState(space, answer.get("items").get(i).get("uuid").asText(), "succeeded");
        }
        String later = kibana().body("{\"params\":{\"body\":\"later\"}}")
                .post(path(space, "/api/actions/connector/" + id + "/_enqueue")).then().statusCode(202)
                .extract().path("uuid");
        QueueTest.awaitState(space, later, "succeeded");
        assertEquals(6, WireMockPeer.server().findAll(
                com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(urlEqualTo(hook))).size());
    }
}
