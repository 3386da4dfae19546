package io.switchboard.execution;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.UUID;

/**
 * What a queued execution adds to its event rows ({@code kibana.task}, the rule, related objects).
 *
 * @param executionUuid       the queued execution's id, which becomes {@code kibana.action.execution.uuid}
 * @param scheduled           when the attempt was due
 * @param started             when a worker took it
 * @param ruleExecutionId     {@code kibana.alert.rule.execution.uuid}, or null
 * @param relatedSavedObjects objects named beside the connector in {@code kibana.saved_objects}, or null
 */
public record TaskRun(UUID executionUuid, Instant scheduled, Instant started, String ruleExecutionId,
                      String consumer, JsonNode relatedSavedObjects) {
}
