package io.switchboard.connector.pagerduty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.connector.ExecutionRequest;
import io.switchboard.connector.ExecutionResult;
import io.switchboard.connector.HttpFailures;
import io.switchboard.connector.IsoTime;
import io.switchboard.connector.Retry;
import io.switchboard.egress.EgressException;
import io.switchboard.egress.HttpEgress;
import io.switchboard.egress.OutboundRequest;
import io.switchboard.egress.OutboundResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Sends a PagerDuty Events API v2 event as Kibana's {@code .pagerduty} connector does. */
final class PagerDutyEventSender {

    private final HttpEgress egress;
    private final ObjectMapper json;

    PagerDutyEventSender(HttpEgress egress, ObjectMapper json) {
        this.egress = egress;
        this.json = json;
    }

    ExecutionResult send(ExecutionRequest request) {
        String url = PagerDutyConnectorType.apiUrl(request.config());
        byte[] body = body(request.connectorId(), request.params()).toString().getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("X-Routing-Key", request.secrets().get("routingKey").textValue());
        OutboundResponse response;
        try {
            response = egress.send(new OutboundRequest("POST", url, headers, body, null), request.deadline());
        } catch (EgressException failure) {
            return ExecutionResult.failure(HttpFailures.of(failure), "error posting pagerduty event",
                    failure.getMessage(), null).withRequestBodyBytes(body.length);
        }
        int status = response.status();
        ExecutionResult result;
        if (status == 202) {
            result = ExecutionResult.success(parse(response));
        } else if (status == 429 || status >= 500) {
            result = ExecutionResult.failure(HttpFailures.ofStatus(status),
                    "error posting pagerduty event: http status " + status + ", retry later", null, Retry.YES);
        } else {
            result = ExecutionResult.failure(HttpFailures.ofStatus(status),
                    "error posting pagerduty event: unexpected status " + status, null, null);
        }
        return result.withRequestBodyBytes(body.length);
    }

    /** The event body, key order as PagerDuty's documentation and Kibana write it; the routing key stays a header. */
    ObjectNode body(String connectorId, JsonNode params) {
        String eventAction = text(params, "eventAction", "trigger");
        ObjectNode event = json.createObjectNode().put("event_action", eventAction);
        String dedupKey = text(params, "dedupKey", null);
        if (dedupKey != null && !dedupKey.isEmpty()) {
            event.put("dedup_key", dedupKey);
        }
        if (!"trigger".equals(eventAction)) {
            return event;
        }
        ObjectNode payload = event.putObject("payload");
        payload.put("summary", orDefault(text(params, "summary", null), "No summary provided."));
        payload.put("source", orDefault(text(params, "source", null), "Kibana Action " + connectorId));
        payload.put("severity", orDefault(text(params, "severity", null), "info"));
        String timestamp = PagerDutyConnectorType.timestamp(params);
        if (timestamp != null) {
            // moment's toISOString(); validation refused every timestamp it would print as null
            payload.put("timestamp", Timestamps.parse(timestamp).map(IsoTime::of).orElse(null));
        }
        for (String field : new String[] {"component", "group", "class"}) {
            String value = text(params, field, null);
            if (value != null) {
                payload.put(field, value);
            }
        }
        JsonNode customDetails = params.get("customDetails");
        if (customDetails != null && !customDetails.isNull()) {
            payload.set("custom_details", customDetails);
        }
        JsonNode links = params.get("links");
        if (links != null && !links.isNull()) {
            event.set("links", links);
        }
        return event;
    }

    private JsonNode parse(OutboundResponse response) {
        try {
            return json.readTree(response.body());
        } catch (IOException notJson) {
            return json.getNodeFactory().textNode(response.bodyText());
        }
    }

    private static String text(JsonNode params, String field, String fallback) {
        JsonNode value = params.get(field);
        return value == null || value.isNull() ? fallback : value.asText();
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }
}
