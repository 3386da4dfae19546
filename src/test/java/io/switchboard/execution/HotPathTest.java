package io.switchboard.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.support.ConnectionCounter;
import io.switchboard.support.Database;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.switchboard.support.Api.create;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.kibana;
import static io.switchboard.support.Api.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The execution path does no database work once a connector has been read: connectors come from memory and event
 * rows are written behind, in batches, by one writer thread.
 */
@QuarkusTest
class HotPathTest {

    private static final String WRITER = "event-log-writer";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ConnectionCounter connections;

    @Inject
    DataSource dataSource;

    @TestHTTPResource("/")
    URI base;

    private static String serverLog(String space) {
        return create(space, "{\"name\":\"hot\",\"connector_type_id\":\".server-log\"}");
    }

    private static void execute(String space, String id) {
        kibana().body("{\"params\":{\"message\":\"m\"}}").post(path(space, "/api/actions/connector/" + id + "/_execute"))
                .then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo("ok"));
    }

    @Test
    void warmExecutionsTakeNoDatabaseConnection() {
        String space = freshSpace();
        String id = serverLog(space);
        execute(space, id);
        Database.flushEventLog();

        connections.reset();
        for (int i = 0; i < 50; i++) {
            execute(space, id);
        }
        Map<String, Integer> taken = new HashMap<>(connections.taken());
        taken.remove(WRITER);
        // The audit trail is written behind as the event log is, by a thread of its own.
        taken.remove("audit-writer");
        // The queue's worker looks for due rows on its own schedule, whatever _execute does.
        taken.remove("queue-worker");
        assertEquals(Map.of(), taken, "connections taken outside the event-log and audit writers");

        Database.flushEventLog();
        int writes = connections.taken().getOrDefault(WRITER, 0);
        assertTrue(writes >= 1 && writes <= 100, "the writer took " + writes + " connections for 100 rows");
        assertEquals(102, Database.events(dataSource, space, id).size());
    }

    @Test
    void theFirstExecutionOfAConnectorReadsItOnce() {
        String space = freshSpace();
        String id = serverLog(space);
        connections.reset();
        execute(space, id);
        execute(space, id);
        Map<String, Integer> taken = new HashMap<>(connections.taken());
        taken.remove(WRITER);
        // The audit trail is written behind as the event log is, by a thread of its own.
        taken.remove("audit-writer");
        // The queue's worker looks for due rows on its own schedule, whatever _execute does.
        taken.remove("queue-worker");
        assertEquals(1, taken.values().stream().mapToInt(Integer::intValue).sum(), "taken: " + taken);
    }

    @Test
    void concurrentExecutionsEachEndWithTheirOutcomeRow() throws Exception {
        String space = freshSpace();
        String id = serverLog(space);
        // HTTP/1.1: over an upgraded HTTP/2 connection the server caps the streams in flight below 300.
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path(space, "/api/actions/connector/" + id
                        + "/_execute").substring(1)))
                .header("kbn-xsrf", "true").header("Content-Type", "application/json")
                .header("Authorization", io.switchboard.support.Api.authorization())
                .POST(HttpRequest.BodyPublishers.ofString("{\"params\":{\"message\":\"burst\"}}")).build();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            answers.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get();
            assertEquals(200, response.statusCode(), response.body());
        }

        Map<String, List<String>> actionsByExecution = new HashMap<>();
        for (String document : Database.events(dataSource, space, id)) {
            JsonNode event = JSON.readTree(document);
            actionsByExecution.computeIfAbsent(event.at("/kibana/action/execution/uuid").asText(),
                    uuid -> new ArrayList<>()).add(event.at("/event/action").asText());
        }
        assertEquals(300, actionsByExecution.size());
        actionsByExecution.forEach((uuid, actions) ->
                assertEquals(List.of("execute-start", "execute"), actions, "execution " + uuid));
    }
}
