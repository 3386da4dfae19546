package io.switchboard.connector;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The outcome of one execution, shaped like Kibana's executor result. {@code message} is safe to show to users;
 * {@code serviceMessage} carries the upstream detail. {@code reason} is set on errors and feeds the metrics.
 *
 * @param requestBodyBytes bytes of outbound request bodies, for the event log
 */
public record ExecutionResult(
        boolean ok,
        JsonNode data,
        String message,
        String serviceMessage,
        Retry retry,
        ErrorSource errorSource,
        FailureReason reason,
        long requestBodyBytes) {

    public enum ErrorSource {
        USER, FRAMEWORK
    }

    public static ExecutionResult success(JsonNode data) {
        return new ExecutionResult(true, data, null, null, null, null, null, 0);
    }

    public static ExecutionResult failure(FailureReason reason, String message, String serviceMessage, Retry retry) {
        return new ExecutionResult(false, null, message, serviceMessage, retry, null, reason, 0);
    }

    public ExecutionResult withRequestBodyBytes(long bytes) {
        return new ExecutionResult(ok, data, message, serviceMessage, retry, errorSource, reason, bytes);
    }

    public ExecutionResult withErrorSource(ErrorSource source) {
        return new ExecutionResult(ok, data, message, serviceMessage, retry, source, reason, requestBodyBytes);
    }
}
