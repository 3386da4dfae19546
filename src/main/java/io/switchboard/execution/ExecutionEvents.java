package io.switchboard.execution;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.connector.ExecutionResult;
import io.switchboard.connector.IsoTime;
import io.switchboard.connector.Retry;
import io.switchboard.store.EventLogStore;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** Builds the event-log rows of one execution, shaped like Kibana's {@code actions} provider events. */
final class ExecutionEvents {

    private final Target target;
    private final UUID executionUuid = UUID.randomUUID();
    private final Instant start;

    /** What ran: its identity as the event log records it. */
    record Target(String spaceId, String connectorId, String connectorTypeId, String connectorName,
                  boolean preconfigured, ExecutionSource source) {
        String label() {
            return connectorTypeId + ":" + connectorId + ": " + connectorName;
        }
    }

    ExecutionEvents(Target target, Instant start) {
        this.target = target;
        this.start = start;
    }

    UUID executionUuid() {
        return executionUuid;
    }

    EventLogStore.Event started() {
        ObjectNode document = base("execute-start", start);
        document.put("message", "action started: " + target.label());
        return event("execute-start", null, null, document, start);
    }

    EventLogStore.Event finished(ExecutionResult result, Instant end) {
        ObjectNode document = base("execute", start);
        long nanos = Duration.between(start, end).toNanos();
        ObjectNode event = (ObjectNode) document.get("event");
        event.put("start", IsoTime.of(start)).put("end", IsoTime.of(end)).put("duration", Long.toString(nanos));
        String outcome = result.ok() ? "success" : "failure";
        event.put("outcome", outcome);
        ((ObjectNode) document.get("kibana").get("action").get("execution")).putObject("usage")
                .put("request_body_bytes", result.requestBodyBytes());
        if (result.ok()) {
            document.put("message", "action executed: " + target.label());
        } else {
            document.put("message", "action execution failure: " + target.label());
            document.putObject("error").put("message", errorMessage(result));
        }
        return event("execute", outcome, nanos, document, end);
    }

    EventLogStore.Event timedOut(Duration timeout, Instant when) {
        ObjectNode document = base("execute-timeout", start);
        document.put("message", "action: " + target.connectorTypeId() + ":" + target.connectorId() + ": '"
                + target.connectorName() + "' execution cancelled due to timeout - exceeded default timeout of \""
                + timeout.toSeconds() + "s\"");
        return event("execute-timeout", null, null, document, when);
    }

    /** Kibana's error.message: {@code <message>[: <serviceMessage>][; retry: true][; retry at <ISO>]}. */
    static String errorMessage(ExecutionResult result) {
        StringBuilder message = new StringBuilder(result.message() == null ? "unknown error running action"
                : result.message());
        if (result.serviceMessage() != null && !result.serviceMessage().isEmpty()) {
            message.append(": ").append(result.serviceMessage());
        }
        if (result.retry() instanceof Retry.At at) {
            message.append("; retry at ").append(at.iso());
        } else if (result.retry() instanceof Retry.Flag flag && flag.retry()) {
            message.append("; retry: true");
        }
        return message.toString();
    }

    private ObjectNode base(String action, Instant timestamp) {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        document.put("@timestamp", IsoTime.of(timestamp));
        document.putObject("event").put("provider", "actions").put("action", action).put("kind", "action");
        ObjectNode kibana = document.putObject("kibana");
        ObjectNode savedObject = kibana.putArray("saved_objects").addObject()
                .put("rel", "primary").put("type", "action").put("id", target.connectorId())
                .put("type_id", target.connectorTypeId());
        if (!"default".equals(target.spaceId())) {
            savedObject.put("namespace", target.spaceId());
        }
        if (target.preconfigured()) {
            savedObject.put("space_agnostic", true);
        }
        kibana.putArray("space_ids").add(target.spaceId());
        kibana.putObject("action").put("name", target.connectorName()).put("id", target.connectorId())
                .put("type_id", target.connectorTypeId())
                .putObject("execution").put("uuid", executionUuid.toString())
                .put("source", target.source().wireName());
        return document;
    }

    private EventLogStore.Event event(String action, String outcome, Long nanos, ObjectNode document, Instant when) {
        return new EventLogStore.Event(when, action, outcome, target.spaceId(), target.connectorId(),
                target.connectorTypeId(), executionUuid, nanos, document);
    }
}
