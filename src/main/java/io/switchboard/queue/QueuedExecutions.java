package io.switchboard.queue;

import io.switchboard.management.ApiException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Reads queued executions for the execution route. */
@Singleton
public class QueuedExecutions {

    private final QueueStore store;

    @Inject
    public QueuedExecutions(QueueStore store) {
        this.store = store;
    }

    /** A queued execution as its route shows it; {@code lastResult} is JSON text in {@code _execute}'s shape. */
    public record View(UUID id, String connectorId, String connectorTypeId, String state, int attempts,
                       int maxAttempts, Instant dueAt, Instant createdAt, Instant finishedAt, String lastResult) {
    }

    public Optional<View> find(String spaceId, UUID id) {
        try {
            return store.find(spaceId, id).map(found -> new View(found.id(), found.connectorId(), found.typeId(),
                    found.state(), found.attempts(), found.maxAttempts(), found.dueAt(), found.createdAt(),
                    found.finishedAt(), found.lastResult()));
        } catch (SQLException unavailable) {
            throw new ApiException(503, "queued executions could not be read");
        }
    }
}
