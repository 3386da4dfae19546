package io.switchboard.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Optional;
import io.vertx.core.http.HttpServerRequest;
import io.switchboard.security.RunAs;
import io.switchboard.security.Caller;
import io.switchboard.security.Access;
import io.switchboard.security.Operation;
import io.switchboard.audit.Audited;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.switchboard.connector.IsoTime;
import io.switchboard.management.ApiException;
import io.switchboard.queue.Enqueued;
import io.switchboard.queue.ExecutionQueue;
import io.switchboard.queue.QueueItem;
import io.switchboard.queue.QueuedExecutions;
import io.switchboard.schema.ObjectSchema;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.switchboard.schema.Schemas.any;
import static io.switchboard.schema.Schemas.arrayOf;
import static io.switchboard.schema.Schemas.maybe;
import static io.switchboard.schema.Schemas.nullable;
import static io.switchboard.schema.Schemas.number;
import static io.switchboard.schema.Schemas.object;
import static io.switchboard.schema.Schemas.recordOf;
import static io.switchboard.schema.Schemas.string;

/**
 * The queue's routes: {@code _bulk_enqueue} takes the items a Kibana rule hands to {@code bulkEnqueueExecution},
 * {@code _enqueue} one item for one connector, and {@code execution/<uuid>} shows what became of it. Enqueueing
 * waits for the commit, so it runs on virtual threads.
 */
@Path("/api/actions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class QueueResource {

    /** The fields of Kibana's enqueue input a caller sets; the ones Kibana fills in itself are accepted too. */
    static final ObjectSchema ITEM_FIELDS = object(
            "params", recordOf(string(), any()),
            "variables", maybe(nullable(recordOf(string(), any()))),
            "executionId", maybe(nullable(string())),
            "source", maybe(nullable(recordOf(string(), any()))),
            "relatedSavedObjects", maybe(nullable(arrayOf(recordOf(string(), any())))),
            "consumer", maybe(nullable(string())),
            "apiKey", maybe(nullable(string())),
            "apiKeyId", maybe(nullable(string())),
            "spaceId", maybe(nullable(string())),
            "actionTypeId", maybe(nullable(string())),
            "uuid", maybe(nullable(string())),
            "priority", maybe(nullable(number())));

    static final ObjectSchema BULK_ITEM = withId(ITEM_FIELDS);

    private final ExecutionQueue queue;
    private final QueuedExecutions executions;
    private final ObjectMapper json;
    private final RunAs runAs;

    @Inject
    public QueueResource(ExecutionQueue queue, QueuedExecutions executions, ObjectMapper json, RunAs runAs) {
        this.queue = queue;
        this.executions = executions;
        this.json = json;
        this.runAs = runAs;
    }

    private static ObjectSchema withId(ObjectSchema fields) {
        java.util.Map<String, io.switchboard.schema.Schema> withId = new java.util.LinkedHashMap<>();
        withId.put("id", string().minLength(1));
        withId.putAll(fields.fields());
        return object(withId);
    }

    @RegisterForReflection
    @JsonPropertyOrder({"id", "uuid", "actionTypeId", "response", "error"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ItemAnswer(String id, String uuid, String actionTypeId, String response, ErrorBody error) {
        static ItemAnswer of(Enqueued enqueued) {
            return new ItemAnswer(enqueued.connectorId(), enqueued.uuid() == null ? null : enqueued.uuid().toString(),
                    enqueued.actionTypeId(), enqueued.response().wireName(),
                    enqueued.failure() == null ? null
                            : ErrorBody.of(enqueued.failure().statusCode(), enqueued.failure().message()));
        }
    }

    @RegisterForReflection
    public record BulkAnswer(boolean errors, List<ItemAnswer> items) {
    }

    /**
     * Queues each item on its own; an item that cannot be queued is answered with its error and the others are
     * queued. With an {@code Idempotency-Key}, the item at index {@code i} is keyed {@code <key>/<i>}; without, an
     * item with an {@code executionId} is keyed by it, its connector and its index.
     */
    @POST
    @Path("/_bulk_enqueue")
    @RunOnVirtualThread
    @Audited(value = "connector_enqueue", idParameter = "")
    public BulkAnswer bulkEnqueue(@Context ContainerRequestContext request, @Context HttpServerRequest http,
                                  @HeaderParam("Idempotency-Key") String idempotencyKey, String body) {
        JsonNode items = RequestBodies.read(json, body);
        if (!items.isArray()) {
            throw ApiException.badRequest("[request body]: expected value of type [array] but got ["
                    + typeName(items) + "]");
        }
        Caller caller = Privileges.require(request, Operation.EXECUTE);
        String space = SpaceRouting.spaceOf(request);
        Enqueued[] answers = new Enqueued[items.size()];
        List<QueueItem> queued = new ArrayList<>(items.size());
        List<Integer> positions = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            ObjectNode item = RequestBodies.validate(BULK_ITEM, items.get(i), "request body." + i);
            String connectorId = item.get("id").textValue();
            String apiKey = text(item.get("apiKey"));
            String principal = RunAs.of(caller);
            if (apiKey != null) {
                Optional<Caller> keyCaller = runAs.verifyApiKey(apiKey, clientAddress(http));
                if (keyCaller.isEmpty() || !keyCaller.get().access(space).allows(Access.ALL)) {
                    answers[i] = new Enqueued(connectorId, null, null, Enqueued.Response.ERROR, keyCaller.isEmpty()
                            ? new Enqueued.Failure(401, "unable to authenticate with provided credentials")
                            : new Enqueued.Failure(403, "Unauthorized to execute actions"));
                    continue;
                }
                principal = RunAs.of(keyCaller.get());
            }
            queued.add(item(space, connectorId, item, key(idempotencyKey, item, i), principal));
            positions.add(i);
        }
        List<Enqueued> done = queued.isEmpty() ? List.of() : queue.enqueue(queued);
        for (int j = 0; j < positions.size(); j++) {
            answers[positions.get(j)] = done.get(j);
        }
        List<ItemAnswer> itemAnswers = java.util.Arrays.stream(answers).map(ItemAnswer::of).toList();
        return new BulkAnswer(itemAnswers.stream().anyMatch(answer -> !"success".equals(answer.response())),
                itemAnswers);
    }

    private static String clientAddress(HttpServerRequest http) {
        return http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress();
    }

    /** Queues one execution of a connector: 202 with its {@code uuid}, or the item's error as the answer. */
    @POST
    @Path("/connector/{id}/_enqueue")
    @RunOnVirtualThread
    @Audited("connector_enqueue")
    public Response enqueue(@Context ContainerRequestContext request, @PathParam("id") String id,
                            @HeaderParam("Idempotency-Key") String idempotencyKey, String body) {
        ObjectNode item = RequestBodies.validate(ITEM_FIELDS, RequestBodies.read(json, body), "request body");
        Caller caller = Privileges.require(request, Operation.EXECUTE);
        Enqueued enqueued = queue.enqueue(List.of(item(SpaceRouting.spaceOf(request), id, item,
                key(idempotencyKey, item, -1), RunAs.of(caller)))).get(0);
        return switch (enqueued.response()) {
            case SUCCESS -> Response.accepted(ItemAnswer.of(enqueued)).build();
            case QUEUED_ACTIONS_LIMIT_ERROR -> ErrorMappers.error(429,
                    "the queue holds xpack.actions.queued.max executions already: try again later");
            case ERROR -> ErrorMappers.error(enqueued.failure().statusCode(), enqueued.failure().message());
        };
    }

    @JsonPropertyOrder({"id", "connector_id", "connector_type_id", "state", "attempts", "max_attempts",
            "next_attempt_at", "created_at", "finished_at", "last_result"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExecutionAnswer(String id, @JsonProperty("connector_id") String connectorId,
                                  @JsonProperty("connector_type_id") String connectorTypeId, String state,
                                  int attempts, @JsonProperty("max_attempts") int maxAttempts,
                                  @JsonProperty("next_attempt_at") String nextAttemptAt,
                                  @JsonProperty("created_at") String createdAt,
                                  @JsonProperty("finished_at") String finishedAt,
                                  @JsonProperty("last_result") @JsonRawValue String lastResult) {
    }

    @GET
    @Path("/execution/{uuid}")
    @RunOnVirtualThread
    public ExecutionAnswer execution(@Context ContainerRequestContext request, @PathParam("uuid") String uuid) {
        Privileges.require(request, Operation.GET);
        UUID id;
        try {
            id = UUID.fromString(uuid);
        } catch (IllegalArgumentException notAUuid) {
            throw ApiException.badRequest("[request params.uuid]: value '" + uuid + "' is not a valid uuid");
        }
        QueuedExecutions.View view = executions.find(SpaceRouting.spaceOf(request), id)
                .orElseThrow(() -> ApiException.notFound("Execution [" + uuid + "] not found"));
        boolean waiting = "queued".equals(view.state()) || "retrying".equals(view.state());
        return new ExecutionAnswer(view.id().toString(), view.connectorId(), view.connectorTypeId(), view.state(),
                view.attempts(), view.maxAttempts(), waiting ? iso(view.dueAt()) : null, iso(view.createdAt()),
                iso(view.finishedAt()), view.lastResult());
    }

    private QueueItem item(String space, String connectorId, ObjectNode item, String key, String runAs) {
        return new QueueItem(space, connectorId, item.get("params"), nonNull(item.get("variables")),
                text(item.get("executionId")), nonNull(item.get("source")), nonNull(item.get("relatedSavedObjects")),
                text(item.get("consumer")), key, null, runAs);
    }

    private static String key(String header, ObjectNode item, int index) {
        String suffix = index < 0 ? "" : "/" + index;
        if (header != null && !header.isBlank()) {
            return "header:" + header + suffix;
        }
        String executionId = text(item.get("executionId"));
        return executionId == null ? null : "execution:" + executionId + "/" + item.path("id").asText("") + suffix;
    }

    private static String typeName(JsonNode value) {
        return value.isNull() ? "null" : value.isObject() ? "Object" : value.getNodeType().name().toLowerCase();
    }

    private static JsonNode nonNull(JsonNode value) {
        return value == null || value.isNull() ? null : value;
    }

    private static String text(JsonNode value) {
        return value == null || !value.isTextual() ? null : value.textValue();
    }

    private static String iso(Instant instant) {
        return instant == null ? null : IsoTime.of(instant);
    }
}
