package io.switchboard.support;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenSearchNodeTest {

    @Test
    void nodeAnswersBulkRequests() throws Exception {
        OpenSearchNode node = OpenSearchNode.start();
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> bulk = client.send(HttpRequest.newBuilder(URI.create(node.url() + "/probe/_bulk?refresh=true"))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString("{\"index\":{}}\n{\"a\":1}\n")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, bulk.statusCode(), bulk.body());
        assertTrue(bulk.body().contains("\"errors\":false"), bulk.body());
    }
}
