package io.switchboard.alertmanager;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.switchboard.queue.Enqueued;

import java.util.List;

/**
 * The answer to a notification, shaped like Kibana's bulk enqueue answer in snake_case. When not everything was
 * queued it is an error body ({@code statusCode}, {@code error}, {@code message}) with the items as attributes.
 */
final class NotifyResponse {

    /** Retried by Alertmanager, which retries every 5xx answer of a webhook and no other failure. */
    static final int RETRY = 503;

    private NotifyResponse() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"id", "uuid", "connector_type_id", "response", "status_code", "message"})
    record Item(String id, String uuid, @JsonProperty("connector_type_id") String connectorTypeId, String response,
                @JsonProperty("status_code") Integer statusCode, String message) {

        static Item of(Enqueued answer) {
            Enqueued.Failure failure = answer.failure();
            return new Item(answer.connectorId(), answer.uuid() == null ? null : answer.uuid().toString(),
                    answer.actionTypeId(), answer.response().wireName(),
                    failure == null ? null : failure.statusCode(), failure == null ? null : failure.message());
        }
    }

    @JsonPropertyOrder({"errors", "items"})
    record Queued(boolean errors, List<Item> items) {
    }

    @JsonPropertyOrder({"statusCode", "error", "message", "attributes"})
    record Refused(int statusCode, String error, String message, Queued attributes) {
    }

    /**
     * The HTTP status: 200 when every execution was queued; {@value #RETRY} when any could not be queued for now
     * (queue full, server error), so that Alertmanager sends it again and the idempotency keys keep the queued ones
     * from running twice; otherwise the first refused item's status (a 4xx, which Alertmanager logs and counts as a
     * failed notification without retrying).
     */
    static int status(List<Enqueued> answers) {
        if (answers.stream().anyMatch(NotifyResponse::worthRetrying)) {
            return RETRY;
        }
        return answers.stream().filter(answer -> answer.response() != Enqueued.Response.SUCCESS).findFirst()
                .map(answer -> answer.failure().statusCode())
                .orElse(200);
    }

    private static boolean worthRetrying(Enqueued answer) {
        return switch (answer.response()) {
            case SUCCESS -> false;
            case QUEUED_ACTIONS_LIMIT_ERROR -> true;
            case ERROR -> answer.failure() == null || answer.failure().statusCode() >= 500;
        };
    }

    static Object body(int status, List<Enqueued> answers) {
        List<Item> items = answers.stream().map(Item::of).toList();
        long refused = answers.stream().filter(answer -> answer.response() != Enqueued.Response.SUCCESS).count();
        Queued queued = new Queued(refused > 0, items);
        if (status == 200) {
            return queued;
        }
        String message = refused + " of " + answers.size() + " executions not queued"
                + (status == RETRY ? "; send the notification again" : "");
        return new Refused(status, reason(status), message, queued);
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }
}
