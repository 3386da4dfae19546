package io.switchboard.queue;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;

/**
 * One execution to queue, shaped like an item of Kibana's {@code bulkEnqueueExecution}.
 *
 * @param params          the connector's params, Mustache templates when {@code variables} is given
 * @param variables       what the templates are rendered with; null to queue the params as they are
 * @param executionId     the rule run that asked for this execution, if any ({@code kibana.alert.rule.execution.uuid})
 * @param source          where it came from, e.g. {@code {"type":"alert","id":"<rule id>"}}; may be null
 * @param relatedSavedObjects objects the event log names beside the connector, e.g. the rule; may be null
 * @param idempotencyKey  an item queued again with the same key within the idempotency window is queued once
 * @param idempotencyWindow how long the key holds; null for {@code switchboard.queue.idempotency-window}
 * @param runAs           whose privileges the execution runs with ({@code RunAs}); null for none to check
 */
public record QueueItem(String spaceId, String connectorId, JsonNode params, JsonNode variables, String executionId,
                        JsonNode source, JsonNode relatedSavedObjects, String consumer, String idempotencyKey,
                        Duration idempotencyWindow, String runAs) {
}
