package io.switchboard.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.switchboard.support.Database;
import io.switchboard.support.MisbehavingConnectorType;
import io.switchboard.support.WireMockPeer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.switchboard.support.Api.assertError;
import static io.switchboard.support.Api.create;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.kibana;
import static io.switchboard.support.Api.path;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Queued executions against a real PostgreSQL and a WireMock receiver: the queue's routes and its retries. */
@QuarkusTest
class QueueTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    DataSource dataSource;

    static String webhook(String space, String hook) {
        return create(space, """
                {"name":"queued hook","connector_type_id":".webhook",
                 "config":{"url":"%s","hasAuth":false}}""".formatted(WireMockPeer.url(hook)));
    }

    static String misbehaving(String space) {
        return create(space, "{\"name\":\"odd\",\"connector_type_id\":\"" + MisbehavingConnectorType.ID + "\"}");
    }

    static List<LoggedRequest> received(String hook) {
        return WireMockPeer.server().findAll(anyRequestedFor(urlEqualTo(hook)));
    }

    static JsonNode awaitState(String space, String uuid, String state) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode view;
        do {
            view = read(kibana().get(path(space, "/api/actions/execution/" + uuid)).then().statusCode(200));
            if (state.equals(view.path("state").asText())) {
                return view;
            }
            sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("execution " + uuid + " never became " + state + ": " + view);
    }

    static JsonNode read(ValidatableResponse response) {
        try {
            return JSON.readTree(response.extract().asString());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void bulkEnqueueQueuesTheGoodItemsAndAnswersEachBadOneWithItsError() {
        String space = freshSpace();
        String hook = "/queue/bulk-" + UUID.randomUUID();
        WireMockPeer.server().stubFor(any(urlEqualTo(hook)).willReturn(aResponse().withStatus(200)));
        String id = webhook(space, hook);

        JsonNode answer = read(kibana().body("""
                [{"id":"%1$s","params":{"body":"{\\"n\\":1}"}},
                 {"id":"no-such-connector","params":{"body":"x"}},
                 {"id":"%1$s","params":{"body":42}},
                 {"id":"%1$s","params":{"body":"{\\"n\\":2}"},"executionId":"run-1",
                  "source":{"type":"alert","id":"rule-1"},"consumer":"alerts",
                  "relatedSavedObjects":[{"id":"rule-1","type":"alert","typeId":"example.always-firing"}]}]
                """.formatted(id)).post(path(space, "/api/actions/_bulk_enqueue")).then().statusCode(200));

        assertTrue(answer.get("errors").asBoolean());
        JsonNode items = answer.get("items");
        assertEquals(4, items.size());
        assertEquals("success", items.get(0).get("response").asText());
        assertEquals(".webhook", items.get(0).get("actionTypeId").asText());
        assertEquals("error", items.get(1).get("response").asText());
        assertEquals(404, items.get(1).get("error").get("statusCode").asInt());
        assertEquals("Saved object [action/no-such-connector] not found", items.get(1).get("error").get("message").asText());
        assertEquals(400, items.get(2).get("error").get("statusCode").asInt());
        assertTrue(items.get(2).get("error").get("message").asText().startsWith("error validating action params"),
                items.get(2).toString());
        assertEquals("success", items.get(3).get("response").asText());

        String first = items.get(0).get("uuid").asText();
        String fourth = items.get(3).get("uuid").asText();
        JsonNode done = awaitState(space, first, "succeeded");
        assertEquals(1, done.get("attempts").asInt());
        assertEquals("ok", done.get("last_result").get("status").asText());
        assertEquals(id, done.get("last_result").get("connector_id").asText());
        awaitState(space, fourth, "succeeded");
        List<String> bodies = received(hook).stream().map(LoggedRequest::getBodyAsString).sorted().toList();
        assertEquals(List.of("{\"n\":1}", "{\"n\":2}"), bodies);

        // The queued run is in the event log as a task run of the rule that asked for it.
        Database.flushEventLog();
        JsonNode document = Database.events(dataSource, space, id).stream().map(QueueTest::read)
                .filter(event -> event.at("/kibana/action/execution/uuid").asText().equals(fourth)
                        && event.at("/event/action").asText().equals("execute"))
                .findFirst().orElseThrow();
        String event = document.toString();
        assertEquals("alert", document.at("/kibana/action/execution/source").asText());
        assertEquals(fourth, document.at("/kibana/action/execution/uuid").asText());
        assertTrue(document.at("/kibana/task/schedule_delay").isNumber(), event);
        assertTrue(document.at("/kibana/task/scheduled").isTextual(), event);
        assertEquals("alerts", document.at("/kibana/alert/rule/consumer").asText());
        assertEquals("run-1", document.at("/kibana/alert/rule/execution/uuid").asText());
        assertEquals("example.always-firing", document.at("/kibana/alert/rule/rule_type_id").asText());
        assertEquals("rule-1", document.at("/kibana/saved_objects/1/id").asText());
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void itemsWithVariablesAreRenderedAsKibanaRendersTheirTypeBeforeTheyAreQueued() {
        String space = freshSpace();
        String hook = "/queue/rendered-" + UUID.randomUUID();
        WireMockPeer.server().stubFor(any(urlEqualTo(hook)).willReturn(aResponse().withStatus(200)));
        String id = webhook(space, hook);
        // The webhook body is rendered with json escaping: triple braces keep asJSON's text as it is.
        String uuid = kibana().body("""
                {"params":{"body":"{\\"alert\\":\\"{{context.name}}\\",\\"hosts\\":{{{context.hosts.asJSON}}}}"},
                 "variables":{"context":{"name":"disk \\"full\\"","hosts":["a","b"]}}}""")
                .post(path(space, "/api/actions/connector/" + id + "/_enqueue")).then().statusCode(202)
                .extract().path("uuid");
        awaitState(space, uuid, "succeeded");
        assertEquals(List.of("{\"alert\":\"disk \\\"full\\\"\",\"hosts\":[\"a\",\"b\"]}"),
                received(hook).stream().map(LoggedRequest::getBodyAsString).toList());
    }

    @Test
    void enqueueAnswers202AndTheExecutionIsSeenOnlyInItsSpace() {
        String space = freshSpace();
        String hook = "/queue/one-" + UUID.randomUUID();
        WireMockPeer.server().stubFor(any(urlEqualTo(hook)).willReturn(aResponse().withStatus(200)));
        String id = webhook(space, hook);

        String uuid = kibana().body("{\"params\":{\"body\":\"single\"}}")
                .post(path(space, "/api/actions/connector/" + id + "/_enqueue")).then().statusCode(202)
                .body("id", equalTo(id)).body("response", equalTo("success")).body("uuid", notNullValue())
                .extract().path("uuid");
        awaitState(space, uuid, "succeeded");
        assertEquals(1, received(hook).size());

        assertError(kibana().get(path(freshSpace(), "/api/actions/execution/" + uuid)).then(), 404,
                "Execution [" + uuid + "] not found");
        assertError(kibana().get(path(space, "/api/actions/execution/not-a-uuid")).then(), 400,
                "[request params.uuid]: value 'not-a-uuid' is not a valid uuid");
        assertError(kibana().body("{\"params\":{\"body\":\"x\"}}")
                .post(path(space, "/api/actions/connector/missing/_enqueue")).then(), 404,
                "Saved object [action/missing] not found");
        assertError(kibana().body("{\"params\":{\"body\":\"x\"},\"extra\":1}")
                .post(path(space, "/api/actions/connector/" + id + "/_enqueue")).then(), 400,
                "[request body.extra]: definition for this key is missing");
        assertError(kibana().body("{\"id\":\"x\"}").post(path(space, "/api/actions/_bulk_enqueue")).then(), 400,
                "[request body]: expected value of type [array] but got [Object]");
    }

    @Test
    void anIdempotencyKeyQueuesAnItemOnce() {
        String space = freshSpace();
        String hook = "/queue/idem-" + UUID.randomUUID();
        WireMockPeer.server().stubFor(any(urlEqualTo(hook)).willReturn(aResponse().withStatus(200)));
        String id = webhook(space, hook);
        String key = "key-" + UUID.randomUUID();

        String first = kibana().header("Idempotency-Key", key).body("{\"params\":{\"body\":\"once\"}}")
                .post(path(space, "/api/actions/connector/" + id + "/_enqueue")).then().statusCode(202)
                .extract().path("uuid");
        String second = kibana().header("Idempotency-Key", key).body("{\"params\":{\"body\":\"once\"}}")
                .post(path(space, "/api/actions/connector/" + id + "/_enqueue")).then().statusCode(202)
                .extract().path("uuid");
        assertEquals(first, second);

        // A rule run's executionId keys its items too: the same batch sent again is queued once.
        String batch = """
                [{"id":"%1$s","params":{"body":"a"},"executionId":"%2$s"},
                 {"id":"%1$s","params":{"body":"b"},"executionId":"%2$s"}]""".formatted(id, UUID.randomUUID());
        JsonNode one = read(kibana().body(batch).post(path(space, "/api/actions/_bulk_enqueue")).then().statusCode(200));
        JsonNode two = read(kibana().body(batch).post(path(space, "/api/actions/_bulk_enqueue")).then().statusCode(200));
        assertEquals(one.at("/items/0/uuid"), two.at("/items/0/uuid"));
        assertEquals(one.at("/items/1/uuid"), two.at("/items/1/uuid"));
        assertTrue(!one.at("/items/0/uuid").equals(one.at("/items/1/uuid")));

        awaitState(space, first, "succeeded");
        awaitState(space, one.at("/items/0/uuid").asText(), "succeeded");
        awaitState(space, one.at("/items/1/uuid").asText(), "succeeded");
        sleep(300);
        assertEquals(List.of("a", "b", "once"),
                received(hook).stream().map(LoggedRequest::getBodyAsString).sorted().toList());
    }

    @Inject
    ExecutionQueue queue;

    @Test
    void aKeyHoldsForItsOwnWindowOnly() {
        String space = freshSpace();
        String id = create(space, "{\"name\":\"log\",\"connector_type_id\":\".server-log\"}");
        com.fasterxml.jackson.databind.node.ObjectNode params = JSON.createObjectNode().put("message", "m");
        java.util.function.Function<Duration, UUID> enqueue = window -> queue.enqueue(List.of(new QueueItem(space,
                id, params, null, null, null, null, null, "same-key", window, null))).get(0).uuid();

        UUID first = enqueue.apply(Duration.ofMillis(500));
        assertEquals(first, enqueue.apply(Duration.ofMillis(500)));
        sleep(700);
        UUID second = enqueue.apply(Duration.ofMillis(500));
        assertTrue(!first.equals(second), "a key past its window still held");
        assertEquals(second, enqueue.apply(Duration.ofHours(1)));
    }

    @Test
    void aFailureMarkedRetryFalseIsNeverRetried() {
        String space = freshSpace();
        String id = misbehaving(space);
        String uuid = kibana().body("{\"params\":{\"behaviour\":\"refuse\"}}")
                .post(path(space, "/api/actions/connector/" + id + "/_enqueue")).then().statusCode(202)
                .extract().path("uuid");
        JsonNode failed = awaitState(space, uuid, "failed");
        assertEquals(1, failed.get("attempts").asInt());
        assertEquals("refused for good", failed.at("/last_result/message").asText());
        assertEquals(false, failed.at("/last_result/retry").asBoolean(true));
    }

    @Test
    void aFailingReceiverIsTriedMaxAttemptsTimesWithBackOff() {
        String space = freshSpace();
        String hook = "/queue/down-" + UUID.randomUUID();
        WireMockPeer.server().stubFor(any(urlEqualTo(hook)).willReturn(aResponse().withStatus(503)));
        String id = webhook(space, hook);
        String uuid = kibana().body("{\"params\":{\"body\":\"x\"}}")
                .post(path(space, "/api/actions/connector/" + id + "/_enqueue")).then().statusCode(202)
                .extract().path("uuid");

        JsonNode retrying = awaitState(space, uuid, "retrying");
        assertTrue(retrying.get("next_attempt_at").isTextual(), retrying.toString());
        assertEquals("error", retrying.at("/last_result/status").asText());

        JsonNode failed = awaitState(space, uuid, "failed");
        assertEquals(3, failed.get("attempts").asInt());
        assertEquals(3, failed.get("max_attempts").asInt());
        assertTrue(failed.get("next_attempt_at") == null, failed.toString());
        sleep(1_000);
        List<LoggedRequest> calls = received(hook);
        assertEquals(3, calls.size());
        long firstGap = calls.get(1).getLoggedDate().getTime() - calls.get(0).getLoggedDate().getTime();
        assertTrue(firstGap >= 250, "the first retry came " + firstGap + " ms after the first attempt");
    }

    @Test
    void a429WithRetryAfterIsRetriedNoEarlierThanItSays() {
        String space = freshSpace();
        String hook = "/queue/busy-" + UUID.randomUUID();
        WireMockPeer.server().stubFor(any(urlEqualTo(hook)).inScenario(hook)
                .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")).willSetStateTo("calm"));
        WireMockPeer.server().stubFor(any(urlEqualTo(hook)).inScenario(hook).whenScenarioStateIs("calm")
                .willReturn(aResponse().withStatus(200)));
        String id = webhook(space, hook);
        String uuid = kibana().body("{\"params\":{\"body\":\"x\"}}")
                .post(path(space, "/api/actions/connector/" + id + "/_enqueue")).then().statusCode(202)
                .extract().path("uuid");

        JsonNode done = awaitState(space, uuid, "succeeded");
        assertEquals(2, done.get("attempts").asInt());
        List<LoggedRequest> calls = received(hook);
        assertEquals(2, calls.size());
        long gap = calls.get(1).getLoggedDate().getTime() - calls.get(0).getLoggedDate().getTime();
        // Retry-After has a resolution of one second; the back-off alone would have retried after 300 ms.
        assertTrue(gap >= 1_000, "retried " + gap + " ms after a 429 asking for 2 s");
    }

    @Test
    void rowsLeftByAnInstanceThatStoppedAreTakenOverWhenTheirLeaseEnds() {
        String space = freshSpace();
        String hook = "/queue/orphan-" + UUID.randomUUID();
        WireMockPeer.server().stubFor(any(urlEqualTo(hook)).willReturn(aResponse().withStatus(200)));
        String id = webhook(space, hook);
        // Rows that a stopped instance claimed: running, under its lease, which has just ended.
        UUID[] orphans = {UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()};
        for (int i = 0; i < orphans.length; i++) {
            Database.update(dataSource, """
                    INSERT INTO queued_execution (id, space_id, connector_id, connector_type_id, params, context,
                                                  state, attempts, max_attempts, due_at, scheduled_at, lease_owner,
                                                  created_at)
                    VALUES (?, ?, ?, '.webhook', CAST(? AS jsonb), '{}', 'running', 1, ?, now() - interval '1 second',
                            now() - interval '1 minute', 'a-stopped-instance', now())""",
                    orphans[i], space, id, "{\"body\":\"orphan-" + i + "\"}", i == 2 ? 1 : 3);
        }
        // The poll finds them without any wake-up.
        JsonNode first = awaitState(space, orphans[0].toString(), "succeeded");
        assertEquals(2, first.get("attempts").asInt());
        awaitState(space, orphans[1].toString(), "succeeded");
        // The third had used its only attempt: it fails rather than running twice.
        JsonNode last = awaitState(space, orphans[2].toString(), "failed");
        assertTrue(last.at("/last_result/message").asText().contains("abandoned"), last.toString());
        assertEquals(List.of("orphan-0", "orphan-1"),
                received(hook).stream().map(LoggedRequest::getBodyAsString).sorted().toList());
    }

    @Inject
    QueueStore store;

    @Test
    void finishedRowsAreDeletedPastTheirRetentionAndTheIdempotencyWindow() throws Exception {
        String space = freshSpace();
        UUID old = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        UUID oldButUnfinished = UUID.randomUUID();
        String insert = """
                INSERT INTO queued_execution (id, space_id, connector_id, connector_type_id, params, context, state,
                                              attempts, max_attempts, due_at, scheduled_at, created_at, finished_at)
                VALUES (?, ?, 'c', '.server-log', '{}', '{}', ?, 1, 3, now(), now(),
                        now() - CAST(? AS interval), now() - CAST(? AS interval))""";
        // Created five days ago: finished four days ago, one hour ago, or not yet.
        Database.update(dataSource, insert, old, space, "succeeded", "5 days", "4 days");
        Database.update(dataSource, insert, recent, space, "succeeded", "5 days", "1 hour");
        Database.update(dataSource, insert, oldButUnfinished, space, "retrying", "5 days", null);

        store.deleteFinished(Duration.ofDays(3), Duration.ofHours(24), 1_000);
        assertEquals(0, Database.count(dataSource, "SELECT count(*) FROM queued_execution WHERE id = ?", old));
        assertEquals(1, Database.count(dataSource, "SELECT count(*) FROM queued_execution WHERE id = ?", recent));
        assertEquals(1, Database.count(dataSource, "SELECT count(*) FROM queued_execution WHERE id = ?",
                oldButUnfinished));
    }

    @Test
    void theExecutionLogShowsAQueuedRunsScheduleDelay() {
        String space = freshSpace();
        String id = create(space, "{\"name\":\"log\",\"connector_type_id\":\".server-log\"}");
        String uuid = kibana().body("{\"params\":{\"message\":\"queued\"}}")
                .post(path(space, "/api/actions/connector/" + id + "/_enqueue")).then().statusCode(202)
                .extract().path("uuid");
        awaitState(space, uuid, "succeeded");
        JsonNode log = read(kibana().queryParam("date_start", java.time.Instant.now().minusSeconds(3600).toString())
                .get(path(space, "/internal/actions/_global_connector_execution_logs")).then().statusCode(200));
        JsonNode entry = log.get("data").get(0);
        assertEquals(uuid, entry.get("id").asText(), log.toString());
        assertEquals("alert", entry.get("source").asText());
        assertTrue(entry.get("schedule_delay_ms").asLong() >= 0);
    }

    @Test
    void aBurstOfTenThousandIsDeliveredExactlyOnceEach() {
        String space = freshSpace();
        String hook = "/queue/burst-" + UUID.randomUUID();
        WireMockServer peer = WireMockPeer.server();
        peer.stubFor(any(urlEqualTo(hook)).willReturn(aResponse().withStatus(200)));
        String id = webhook(space, hook);
        int total = 10_000;
        for (int from = 0; from < total; from += 1_000) {
            StringBuilder batch = new StringBuilder("[");
            for (int n = from; n < from + 1_000; n++) {
                batch.append(n == from ? "" : ",").append("{\"id\":\"").append(id)
                        .append("\",\"params\":{\"body\":\"").append(n).append("\"}}");
            }
            kibana().body(batch.append(']').toString()).post(path(space, "/api/actions/_bulk_enqueue")).then()
                    .statusCode(200).body("errors", equalTo(false)).body("items", hasSize(1_000));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (received(hook).size() < total && System.nanoTime() < deadline) {
            sleep(200);
        }
        sleep(500);
        List<String> bodies = received(hook).stream().map(LoggedRequest::getBodyAsString).toList();
        assertEquals(total, bodies.size());
        assertEquals(total, bodies.stream().distinct().count(), "some items were delivered twice");
        Integer unfinished = Database.count(dataSource,
                "SELECT count(*) FROM queued_execution WHERE space_id = ? AND state <> 'succeeded'", space);
        assertEquals(0, unfinished);
    }
}
