package io.switchboard.alertmanager;

import io.quarkus.runtime.annotations.RegisterForReflection;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.switchboard.api.ErrorBody;
import io.switchboard.api.QueueResource;
import io.switchboard.queue.Enqueued;

import java.util.List;

/**
 * The answer to a notification: the items as {@code _bulk_enqueue} answers them. When not everything was queued it
 * is an error body ({@code statusCode}, {@code error}, {@code message}) with that answer as its attributes.
 */
final class NotifyResponse {

    /** Retried by Alertmanager, which retries every 5xx answer of a webhook and no other failure. */
    static final int RETRY = 503;

    private NotifyResponse() {
    }

    @RegisterForReflection
    @JsonPropertyOrder({"statusCode", "error", "message", "attributes"})
    record Refused(int statusCode, String error, String message, QueueResource.BulkAnswer attributes) {
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
        List<QueueResource.ItemAnswer> items = answers.stream().map(NotifyResponse::item).toList();
        long refused = answers.stream().filter(answer -> answer.response() != Enqueued.Response.SUCCESS).count();
        QueueResource.BulkAnswer queued = new QueueResource.BulkAnswer(refused > 0, items);
        if (status == 200) {
            return queued;
        }
        String message = refused + " of " + answers.size() + " executions not queued"
                + (status == RETRY ? ": send the notification again" : "");
        ErrorBody error = ErrorBody.of(status, message);
        return new Refused(status, error.error(), message, queued);
    }

    private static QueueResource.ItemAnswer item(Enqueued answer) {
        Enqueued.Failure failure = answer.failure();
        return new QueueResource.ItemAnswer(answer.connectorId(),
                answer.uuid() == null ? null : answer.uuid().toString(), answer.actionTypeId(),
                answer.response().wireName(),
                failure == null ? null : ErrorBody.of(failure.statusCode(), failure.message()));
    }
}
