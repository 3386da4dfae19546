package io.switchboard.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.connector.ConnectorValidationException;
import io.switchboard.connector.ConnectorValidator;
import io.switchboard.execution.ConnectorLookup;
import io.switchboard.execution.ExecutionRefusedException;
import io.switchboard.management.ApiException;
import io.switchboard.render.ParamsRenderer;
import io.switchboard.store.DatabaseFailures;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Queues executions durably; workers on every instance run them ({@link QueueWorker}).
 *
 * <p>Each item is checked as an execution would be (connector, type, secrets, params once rendered) so that a
 * caller learns at once what can never run. The items that pass are inserted by one writer thread: requests that
 * arrive together are committed together, in one transaction, and each is answered once its rows are committed.
 */
@Singleton
public class ExecutionQueue {

    private static final Logger LOG = Logger.getLogger(ExecutionQueue.class);
    /** Rows one transaction inserts at most; a larger request is split. */
    private static final int MAX_ROWS_PER_COMMIT = 5_000;

    private final ConnectorLookup lookup;
    private final ConnectorValidator validator;
    private final ParamsRenderer renderer;
    private final QueueStore store;
    private final QueueSettings settings;
    private final QueueWorker worker;
    private final QueueMetrics metrics;
    private final ObjectMapper json;
    private final LinkedBlockingQueue<Pending> pending = new LinkedBlockingQueue<>();
    private final Depth depth = new Depth();
    private final Thread writer;
    private volatile boolean stopped;

    @Inject
    public ExecutionQueue(ConnectorLookup lookup, ConnectorValidator validator, ParamsRenderer renderer,
                          QueueStore store, QueueSettings settings, QueueWorker worker, QueueMetrics metrics, ObjectMapper json) {
        this.lookup = lookup;
        this.validator = validator;
        this.renderer = renderer;
        this.store = store;
        this.settings = settings;
        this.worker = worker;
        this.metrics = metrics;
        this.json = json;
        this.writer = Thread.ofPlatform().name("queue-enqueue").daemon().start(this::writeUntilStopped);
    }

    /**
     * The writer's estimate of the unfinished rows, so that it counts them ({@link QueueStore#insert}) only near
     * the {@code queued.max} bound or once a second: the last count plus what this instance inserted since. Rows
     * other instances insert in between are not seen, so the bound may be passed by what they queue in that
     * second while this instance is still below nine tenths of it.
     */
    private static final class Depth {
        private static final long RECOUNT_NANOS = TimeUnit.SECONDS.toNanos(1);
        private long counted;
        private long insertedSince;
        private long countedAt = System.nanoTime() - RECOUNT_NANOS;

        boolean mustCount(int rows, long queuedMax) {
            return System.nanoTime() - countedAt >= RECOUNT_NANOS
                    || counted + insertedSince + rows > queuedMax - queuedMax / 10;
        }

        void inserted(QueueStore.Inserted inserted) {
            if (inserted.unfinished() >= 0) {
                counted = inserted.unfinished();
                insertedSince = 0;
                countedAt = System.nanoTime();
            }
            insertedSince += inserted.ids().stream().filter(id -> id != null).count();
        }
    }

    /** Rows waiting for the writer, and whoever waits for their ids. */
    private record Pending(List<QueueStore.NewRow> rows, CompletableFuture<List<UUID>> ids) {
    }

    /**
     * Queues the items, each on its own: one refused item does not refuse the others. Returns one answer per item,
     * in order, once every queued item is committed. Blocks: call it from a worker or virtual thread.
     *
     * @throws ApiException 503 when the database cannot be written; nothing of this call is then queued
     */
    public List<Enqueued> enqueue(List<QueueItem> items) {
        List<Enqueued> answers = new ArrayList<>(items.size());
        List<QueueStore.NewRow> rows = new ArrayList<>(items.size());
        List<Integer> rowIndexes = new ArrayList<>(items.size());
        for (QueueItem item : items) {
            Checked checked = check(item);
            answers.add(checked.refusal());
            if (checked.row() != null) {
                rowIndexes.add(answers.size() - 1);
                rows.add(checked.row());
            }
        }
        List<UUID> ids = new ArrayList<>(rows.size());
        for (int from = 0; from < rows.size(); from += MAX_ROWS_PER_COMMIT) {
            ids.addAll(write(rows.subList(from, Math.min(rows.size(), from + MAX_ROWS_PER_COMMIT))));
        }
        for (int i = 0; i < rows.size(); i++) {
            QueueStore.NewRow row = rows.get(i);
            UUID id = ids.get(i);
            answers.set(rowIndexes.get(i), id == null
                    ? new Enqueued(row.connectorId(), null, row.typeId(),
                    Enqueued.Response.QUEUED_ACTIONS_LIMIT_ERROR, null)
                    : new Enqueued(row.connectorId(), id, row.typeId(), Enqueued.Response.SUCCESS, null));
        }
        answers.forEach(answer -> metrics.enqueued(answer.response()));
        return answers;
    }

    /** An item that may be queued has a row; one that may not has its refusal. */
    private record Checked(QueueStore.NewRow row, Enqueued refusal) {
    }

    private Checked check(QueueItem item) {
        ConnectorLookup.Runnable connector;
        try {
            connector = lookup.find(item.spaceId(), item.connectorId());
        } catch (ExecutionRefusedException refused) {
            return refused(item, null, refused.status(), refused.getMessage());
        }
        String typeId = connector.type().id();
        if (connector.secrets() == null) {
            return refused(item, typeId, 400, "Unable to execute action because no secrets are defined for the \""
                    + connector.name() + "\" connector.");
        }
        JsonNode params = item.params();
        if (item.variables() != null) {
            params = renderer.render(connector.type(), params, item.variables());
        }
        try {
            validator.validateParams(connector.type(), params);
        } catch (ConnectorValidationException invalid) {
            return refused(item, typeId, 400, invalid.getMessage());
        }
        ObjectNode context = json.createObjectNode();
        putIfPresent(context, "executionId", item.executionId() == null ? null
                : json.getNodeFactory().textNode(item.executionId()));
        putIfPresent(context, "source", item.source());
        putIfPresent(context, "relatedSavedObjects", item.relatedSavedObjects());
        putIfPresent(context, "consumer", item.consumer() == null ? null
                : json.getNodeFactory().textNode(item.consumer()));
        putIfPresent(context, "runAs", item.runAs() == null ? null : json.getNodeFactory().textNode(item.runAs()));
        if (holdsNul(params) || holdsNul(context)) {
            // Refused here, alone: at commit it would fail every request written in the same transaction.
            return refused(item, typeId, 400, DatabaseFailures.UNSTORABLE_VALUE);
        }
        try {
            return new Checked(new QueueStore.NewRow(UUID.randomUUID(), item.spaceId(), connector.id(), typeId,
                    json.writeValueAsString(params), json.writeValueAsString(context),
                    item.idempotencyKey() == null ? null : keyDigest(item.spaceId(), item.idempotencyKey()),
                    item.idempotencyWindow() == null ? settings.idempotencyWindow() : item.idempotencyWindow(),
                    settings.maxAttempts(typeId)), null);
        } catch (JsonProcessingException unwritable) {
            return refused(item, typeId, 400, "params could not be written as JSON");
        }
    }

    private static Checked refused(QueueItem item, String typeId, int status, String message) {
        return new Checked(null, new Enqueued(item.connectorId(), null, typeId, Enqueued.Response.ERROR,
                new Enqueued.Failure(status, message)));
    }

    /** Whether a value or a name holds a NUL character, which PostgreSQL's jsonb cannot. */
    private static boolean holdsNul(JsonNode value) {
        if (value.isTextual()) {
            return value.textValue().indexOf('\0') >= 0;
        }
        if (value.isObject()) {
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                if (field.getKey().indexOf('\0') >= 0 || holdsNul(field.getValue())) {
                    return true;
                }
            }
        }
        if (value.isArray()) {
            for (JsonNode element : value) {
                if (holdsNul(element)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void putIfPresent(ObjectNode context, String field, JsonNode value) {
        if (value != null && !value.isNull()) {
            context.set(field, value);
        }
    }

    /** Keys are kept per space, and hashed so that a long or sensitive key is stored as 64 hex characters. */
    static String keyDigest(String spaceId, String key) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(spaceId.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) '\n');
            return HexFormat.of().formatHex(sha256.digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private List<UUID> write(List<QueueStore.NewRow> rows) {
        if (stopped) {
            throw new ApiException(503, "Switchboard is stopping: the execution was not queued");
        }
        Pending request = new Pending(rows, new CompletableFuture<>());
        pending.add(request);
        try {
            // Bounded only against a writer that stopped between the check above and the add.
            return request.ids().get(2, TimeUnit.MINUTES);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "the execution queue was not written");
        } catch (TimeoutException stoppedMeanwhile) {
            throw new ApiException(503, "Switchboard is stopping: the execution was not queued");
        } catch (ExecutionException failed) {
            throw failed.getCause() instanceof ApiException api ? api
                    : new ApiException(503, "the execution queue was not written");
        }
    }

    private void writeUntilStopped() {
        List<Pending> batch = new ArrayList<>();
        while (!stopped || !pending.isEmpty()) {
            try {
                Pending first = pending.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                int rows = first.rows().size();
                Pending next;
                while (rows < MAX_ROWS_PER_COMMIT && (next = pending.peek()) != null
                        && rows + next.rows().size() <= MAX_ROWS_PER_COMMIT) {
                    batch.add(pending.poll());
                    rows += next.rows().size();
                }
                commit(batch);
            } catch (InterruptedException interrupted) {
                stopped = true;
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Pending> batch) {
        List<QueueStore.NewRow> rows = new ArrayList<>();
        batch.forEach(request -> rows.addAll(request.rows()));
        List<UUID> ids;
        try {
            boolean bounded = depth.mustCount(rows.size(), settings.queuedMax());
            QueueStore.Inserted inserted = store.insert(rows, settings.queuedMax(), bounded);
            depth.inserted(inserted);
            ids = inserted.ids();
        } catch (SQLException | RuntimeException failure) {
            LOG.errorf("executions not queued: %s (SQLState %s)", failure.getClass().getSimpleName(),
                    DatabaseFailures.sqlState(failure));
            ApiException unavailable = new ApiException(503, DatabaseFailures.unavailable(failure)
                    ? DatabaseFailures.UNAVAILABLE : "the execution queue could not be written");
            batch.forEach(request -> request.ids().completeExceptionally(unavailable));
            return;
        }
        worker.wake();
        int from = 0;
        for (Pending request : batch) {
            int to = from + request.rows().size();
            request.ids().complete(ids.subList(from, to));
            from = to;
        }
    }

    void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
        stopped = true;
        writer.join(10_000);
    }
}
