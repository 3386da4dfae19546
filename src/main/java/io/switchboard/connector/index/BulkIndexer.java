package io.switchboard.connector.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.config.ElasticsearchSettings;
import io.switchboard.connector.ExecutionRequest;
import io.switchboard.connector.ExecutionResult;
import io.switchboard.connector.FailureReason;
import io.switchboard.connector.HttpFailures;
import io.switchboard.egress.EgressException;
import io.switchboard.egress.HttpEgress;
import io.switchboard.egress.OutboundRequest;
import io.switchboard.egress.OutboundResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes documents with Elasticsearch's {@code _bulk} API and maps the answer as Kibana's {@code .index} does. */
final class BulkIndexer {

    static final String FAILURE = "error indexing documents";

    private final HttpEgress egress;
    private final ElasticsearchSettings elasticsearch;
    private final ObjectMapper json;

    BulkIndexer(HttpEgress egress, ElasticsearchSettings elasticsearch, ObjectMapper json) {
        this.egress = egress;
        this.elasticsearch = elasticsearch;
        this.json = json;
    }

    ExecutionResult index(ExecutionRequest request) {
        ObjectNode config = request.config();
        JsonNode override = request.params().get("indexOverride");
        String index = override != null && !override.isNull() ? override.textValue() : config.get("index").textValue();
        byte[] body = bulkBody(request.params().get("documents"), timeField(config));
        String path = "/" + URLEncoder.encode(index, StandardCharsets.UTF_8) + "/_bulk?refresh="
                + config.path("refresh").asBoolean(false);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-ndjson");
        elasticsearch.authorization().ifPresent(value -> headers.put("Authorization", value));

        EgressException lastFailure = null;
        for (String host : elasticsearch.hosts()) {
            try {
                OutboundResponse response = egress.sendToConfiguredService(new OutboundRequest("POST", host + path, headers, body, null),
                        request.deadline());
                return result(response);
            } catch (EgressException failure) {
                lastFailure = failure;
                if (failure.kind() != EgressException.Kind.CONNECTION) {
                    break;
                }
            }
        }
        return ExecutionResult.failure(HttpFailures.of(lastFailure), FAILURE, lastFailure.getMessage(), null);
    }

    private static String timeField(ObjectNode config) {
        JsonNode field = config.get("executionTimeField");
        return field == null || field.isNull() ? "" : field.textValue().trim();
    }

    private byte[] bulkBody(JsonNode documents, String timeField) {
        String now = Instant.now().toString();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            for (JsonNode document : documents) {
                ObjectNode copy = ((ObjectNode) document).deepCopy();
                if (!timeField.isEmpty()) {
                    copy.put(timeField, now);
                }
                body.write("{\"index\":{}}\n".getBytes(StandardCharsets.UTF_8));
                body.write(json.writeValueAsBytes(copy));
                body.write('\n');
            }
        } catch (IOException e) {
            throw new IllegalStateException("documents could not be serialised", e);
        }
        return body.toByteArray();
    }

    private ExecutionResult result(OutboundResponse response) {
        JsonNode parsed;
        try {
            parsed = json.readTree(response.body());
        } catch (IOException notJson) {
            return ExecutionResult.failure(FailureReason.UNEXPECTED, FAILURE, response.bodyText(), null);
        }
        if (response.status() < 200 || response.status() >= 300) {
            JsonNode reason = parsed.path("error").path("reason");
            return ExecutionResult.failure(HttpFailures.ofStatus(response.status()), FAILURE,
                    reason.isMissingNode() ? response.bodyText() : reason.asText(), null);
        }
        if (!parsed.path("errors").asBoolean(false)) {
            return ExecutionResult.success(parsed);
        }
        List<String> reasons = new ArrayList<>();
        List<String> causes = new ArrayList<>();
        for (JsonNode item : parsed.path("items")) {
            JsonNode error = item.elements().hasNext() ? item.elements().next().path("error") : null;
            if (error != null && error.has("reason")) {
                reasons.add(error.get("reason").asText());
                if (error.path("caused_by").has("reason")) {
                    causes.add(error.path("caused_by").get("reason").asText());
                }
            }
        }
        String serviceMessage = reasons.isEmpty() ? "Indexing error but no reason returned."
                : String.join(";", reasons) + (causes.isEmpty() ? "" : " (" + String.join(";", causes) + ")");
        return ExecutionResult.failure(FailureReason.CLIENT_ERROR, FAILURE, serviceMessage, null);
    }
}
