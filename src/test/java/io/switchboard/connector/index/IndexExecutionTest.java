package io.switchboard.connector.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.support.OpenSearchNode;
import io.switchboard.support.OpenSearchResource;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;

import static io.switchboard.support.Api.create;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.kibana;
import static io.switchboard.support.Api.path;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code .index} against a real search engine node. */
@QuarkusTest
@WithTestResource(OpenSearchResource.class)
class IndexExecutionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static JsonNode search(String index) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create(OpenSearchNode.start().url() + "/" + index + "/_search?sort=n:asc")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static void put(String path, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(OpenSearchNode.start().url() + path))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
    }

    @Test
    void documentsAreIndexedWithTheExecutionTime() throws Exception {
        String index = "alerts-" + UUID.randomUUID();
        String space = freshSpace();
        String id = create(space, """
                {"name":"alerts","connector_type_id":".index",
                 "config":{"index":"%s","refresh":true,"executionTimeField":"@timestamp"}}""".formatted(index));
        Instant before = Instant.now().minusSeconds(1);
        kibana().body("{\"params\":{\"documents\":[{\"n\":1,\"host\":\"a\"},{\"n\":2,\"host\":\"b\"}]}}")
                .post(path(space, "/api/actions/connector/" + id + "/_execute")).then().statusCode(200)
                .body("status", equalTo("ok"))
                .body("connector_id", equalTo(id))
                .body("data.errors", equalTo(false))
                .body("data.items.size()", equalTo(2))
                .body("data.items[0].index._index", equalTo(index))
                .body("data.items[0].index.result", equalTo("created"))
                .body("data.items[1].index.status", equalTo(201));

        JsonNode hits = search(index).at("/hits/hits");
        assertEquals(2, hits.size());
        assertEquals("a", hits.get(0).at("/_source/host").asText());
        assertEquals("b", hits.get(1).at("/_source/host").asText());
        Instant stamped = Instant.parse(hits.get(0).at("/_source/@timestamp").asText());
        assertTrue(!stamped.isBefore(before) && !stamped.isAfter(Instant.now()), stamped.toString());
    }

    @Test
    void alertHistoryOverrideAndItsPrefixRule() throws Exception {
        String space = freshSpace();
        String id = create(space, """
                {"name":"alerts","connector_type_id":".index","config":{"index":"unused-%s","refresh":true}}"""
                .formatted(UUID.randomUUID()));
        String override = "kibana-alert-history-" + UUID.randomUUID();
        kibana().body("{\"params\":{\"documents\":[{\"n\":7}],\"indexOverride\":\"" + override + "\"}}")
                .post(path(space, "/api/actions/connector/" + id + "/_execute")).then().statusCode(200)
                .body("status", equalTo("ok"));
        assertEquals(7, search(override).at("/hits/hits/0/_source/n").asInt());
        kibana().body("{\"params\":{\"documents\":[{\"n\":7}],\"indexOverride\":\"elsewhere\"}}")
                .post(path(space, "/api/actions/connector/" + id + "/_execute")).then().statusCode(200)
                .body("status", equalTo("error"))
                .body("message", startsWith("error validating action params: [indexOverride]"))
                .body("retry", equalTo(false));
    }

    @Test
    void rejectedDocumentsGiveKibanasIndexingError() throws Exception {
        String index = "typed-" + UUID.randomUUID();
        put("/" + index, "{\"mappings\":{\"properties\":{\"n\":{\"type\":\"long\"}}}}");
        String space = freshSpace();
        String id = create(space, """
                {"name":"typed","connector_type_id":".index","config":{"index":"%s"}}""".formatted(index));
        kibana().body("{\"params\":{\"documents\":[{\"n\":\"not-a-number\"}]}}")
                .post(path(space, "/api/actions/connector/" + id + "/_execute")).then().statusCode(200)
                .body("status", equalTo("error"))
                .body("message", equalTo("error indexing documents"))
                .body("service_message", startsWith("failed to parse field [n] of type [long]"))
                .body("service_message", org.hamcrest.Matchers.containsString(" (For input string: \"not-a-number\")"))
                .body("errorSource", equalTo("user"));
    }
}
