package io.switchboard.queue;

import java.util.UUID;

/**
 * What became of one {@link QueueItem}: queued (or found queued already under its idempotency key), refused because
 * the queue is full, or refused for a reason of its own.
 *
 * @param uuid         the queued execution; null unless {@code response} is {@link Response#SUCCESS}
 * @param actionTypeId the connector's type, when the connector was found
 * @param failure      why the item was refused, when {@code response} is {@link Response#ERROR}
 */
public record Enqueued(String connectorId, UUID uuid, String actionTypeId, Response response, Failure failure) {

    public enum Response {
        SUCCESS("success"),
        QUEUED_ACTIONS_LIMIT_ERROR("queuedActionsLimitError"),
        ERROR("error");

        private final String wireName;

        Response(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** An HTTP status and a message, as the same fault would answer on {@code _execute}. */
    public record Failure(int statusCode, String message) {
    }
}
