package io.switchboard.execution;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.connector.ExecutionResult;
import io.switchboard.connector.IsoTime;
import io.switchboard.connector.Retry;
import io.switchboard.store.EventLogStore;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Builds the event-log rows of one execution, shaped like Kibana's {@code actions} provider events. Documents are
 * written straight to JSON text: an execution makes two or three of them, on the hot path.
 */
final class ExecutionEvents {

    // A shared buffer pool: Jackson's default is one per thread, and every execution has a thread of its own.
    private static final JsonFactory JSON = new JsonFactoryBuilder()
            .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build();

    private final Target target;
    private final UUID executionUuid;
    private final Instant start;

    /** What ran: its identity as the event log records it; {@code task} only for a queued execution. */
    record Target(String spaceId, String connectorId, String connectorTypeId, String connectorName,
                  boolean preconfigured, ExecutionSource source, TaskRun task) {
        String label() {
            return connectorTypeId + ":" + connectorId + ": " + connectorName;
        }
    }

    /** What only the {@code execute} event carries. */
    private record Finish(Instant end, long nanos, String outcome, long requestBodyBytes, String errorMessage) {
    }

    ExecutionEvents(Target target, Instant start) {
        this.target = target;
        this.start = start;
        this.executionUuid = target.task() == null ? UUID.randomUUID() : target.task().executionUuid();
    }

    UUID executionUuid() {
        return executionUuid;
    }

    Instant start() {
        return start;
    }

    EventLogStore.Event started() {
        return event("execute-start", null, null,
                document("execute-start", "action started: " + target.label(), null), start);
    }

    EventLogStore.Event finished(ExecutionResult result, Instant end) {
        long nanos = Duration.between(start, end).toNanos();
        String outcome = result.ok() ? "success" : "failure";
        String message = result.ok() ? "action executed: " + target.label()
                : "action execution failure: " + target.label();
        Finish finish = new Finish(end, nanos, outcome, result.requestBodyBytes(),
                result.ok() ? null : errorMessage(result));
        return event("execute", outcome, nanos, document("execute", message, finish), end);
    }

    EventLogStore.Event timedOut(Duration timeout, Instant when) {
        String message = "action: " + target.connectorTypeId() + ":" + target.connectorId() + ": '"
                + target.connectorName() + "' execution cancelled due to timeout - exceeded default timeout of \""
                + timeout.toSeconds() + "s\"";
        return event("execute-timeout", null, null, document("execute-timeout", message, null), when);
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

    private String document(String action, String message, Finish finish) {
        StringWriter text = new StringWriter(768);
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("@timestamp", IsoTime.of(start));

            json.writeObjectFieldStart("event");
            json.writeStringField("provider", "actions");
            json.writeStringField("action", action);
            json.writeStringField("kind", "action");
            if (finish != null) {
                json.writeStringField("start", IsoTime.of(start));
                json.writeStringField("end", IsoTime.of(finish.end()));
                json.writeStringField("duration", Long.toString(finish.nanos()));
                json.writeStringField("outcome", finish.outcome());
            }
            json.writeEndObject();

            json.writeObjectFieldStart("kibana");
            json.writeArrayFieldStart("saved_objects");
            json.writeStartObject();
            json.writeStringField("rel", "primary");
            json.writeStringField("type", "action");
            json.writeStringField("id", target.connectorId());
            json.writeStringField("type_id", target.connectorTypeId());
            if (!"default".equals(target.spaceId())) {
                json.writeStringField("namespace", target.spaceId());
            }
            if (target.preconfigured()) {
                json.writeBooleanField("space_agnostic", true);
            }
            json.writeEndObject();
            writeRelatedObjects(json);
            json.writeEndArray();
            json.writeArrayFieldStart("space_ids");
            json.writeString(target.spaceId());
            json.writeEndArray();
            json.writeObjectFieldStart("action");
            json.writeStringField("name", target.connectorName());
            json.writeStringField("id", target.connectorId());
            json.writeStringField("type_id", target.connectorTypeId());
            json.writeObjectFieldStart("execution");
            json.writeStringField("uuid", executionUuid.toString());
            json.writeStringField("source", target.source().wireName());
            if (finish != null) {
                json.writeObjectFieldStart("usage");
                json.writeNumberField("request_body_bytes", finish.requestBodyBytes());
                json.writeEndObject();
            }
            json.writeEndObject();
            json.writeEndObject();
            writeTask(json);
            json.writeEndObject();

            json.writeStringField("message", message);
            if (finish != null && finish.errorMessage() != null) {
                json.writeObjectFieldStart("error");
                json.writeStringField("message", finish.errorMessage());
                json.writeEndObject();
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("event document could not be written", e);
        }
        return text.toString();
    }

    /** Kibana adds each related object (the rule, for an alert) as a primary saved object of the event. */
    private void writeRelatedObjects(JsonGenerator json) throws IOException {
        TaskRun task = target.task();
        if (task == null || task.relatedSavedObjects() == null) {
            return;
        }
        for (JsonNode related : task.relatedSavedObjects()) {
            json.writeStartObject();
            json.writeStringField("rel", "primary");
            writeText(json, "type", related.get("type"));
            writeText(json, "id", related.get("id"));
            writeText(json, "type_id", related.get("typeId"));
            writeText(json, "namespace", related.get("namespace"));
            json.writeEndObject();
        }
    }

    /** {@code kibana.task} and, for a rule's execution, {@code kibana.alert.rule}: queued executions only. */
    private void writeTask(JsonGenerator json) throws IOException {
        TaskRun task = target.task();
        if (task == null) {
            return;
        }
        json.writeObjectFieldStart("task");
        json.writeStringField("scheduled", IsoTime.of(task.scheduled()));
        json.writeNumberField("schedule_delay", Duration.between(task.scheduled(), task.started()).toNanos());
        json.writeEndObject();
        if (task.consumer() != null || task.ruleExecutionId() != null) {
            json.writeObjectFieldStart("alert");
            json.writeObjectFieldStart("rule");
            if (task.consumer() != null) {
                json.writeStringField("consumer", task.consumer());
            }
            if (task.ruleExecutionId() != null) {
                json.writeObjectFieldStart("execution");
                json.writeStringField("uuid", task.ruleExecutionId());
                json.writeEndObject();
            }
            JsonNode first = task.relatedSavedObjects() == null ? null : task.relatedSavedObjects().get(0);
            if (first != null) {
                writeText(json, "rule_type_id", first.get("typeId"));
            }
            json.writeEndObject();
            json.writeEndObject();
        }
    }

    private static void writeText(JsonGenerator json, String field, JsonNode value) throws IOException {
        if (value != null && value.isTextual()) {
            json.writeStringField(field, value.textValue());
        }
    }

    private EventLogStore.Event event(String action, String outcome, Long nanos, String document, Instant when) {
        return new EventLogStore.Event(when, action, outcome, target.spaceId(), target.connectorId(),
                target.connectorTypeId(), executionUuid, nanos, document);
    }
}
