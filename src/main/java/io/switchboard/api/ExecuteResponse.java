package io.switchboard.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.connector.ExecutionResult;
import io.switchboard.connector.Retry;
import io.switchboard.execution.ExecutionService;

import java.util.Locale;

/**
 * The wire form of an execution result, as Kibana's execute route prints it: the result's own keys, then
 * {@code connector_id}, {@code retry} (a date as an ISO string) and {@code service_message} when not empty.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"status", "data", "message", "errorSource", "connector_id", "retry", "service_message"})
public record ExecuteResponse(
        String status,
        JsonNode data,
        String message,
        String errorSource,
        @JsonProperty("connector_id") String connectorId,
        Object retry,
        @JsonProperty("service_message") String serviceMessage) {

    public static ExecuteResponse of(ExecutionService.Outcome outcome) {
        ExecutionResult result = outcome.result();
        return new ExecuteResponse(
                result.ok() ? "ok" : "error",
                result.data(),
                result.message(),
                result.errorSource() == null ? null : result.errorSource().name().toLowerCase(Locale.ROOT),
                outcome.connectorId(),
                retry(result.retry()),
                result.serviceMessage() == null || result.serviceMessage().isEmpty() ? null : result.serviceMessage());
    }

    private static Object retry(Retry retry) {
        if (retry instanceof Retry.Flag flag) {
            return flag.retry();
        }
        if (retry instanceof Retry.At at) {
            return at.iso();
        }
        return null;
    }
}
