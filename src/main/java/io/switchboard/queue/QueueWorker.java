package io.switchboard.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.api.ExecuteResponse;
import io.switchboard.connector.ExecutionResult;
import io.switchboard.connector.Retry;
import io.switchboard.execution.ExecutionRefusedException;
import io.switchboard.security.RunAs;
import io.switchboard.execution.ExecutionService;
import io.switchboard.execution.ExecutionSource;
import io.switchboard.execution.TaskRun;
import io.switchboard.store.ConnectorChangeListener;
import io.switchboard.store.DatabaseFailures;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs queued executions on this instance. One thread does all of the queue's database work, a statement per
 * batch: it claims due rows ({@code FOR UPDATE SKIP LOCKED}, so instances never share a row) under a lease it
 * renews while they run, writes the attempts that ended, and deletes finished rows past their retention. Each
 * attempt runs through {@link ExecutionService}, on a virtual thread of its own, like {@code _execute}.
 *
 * <p>The thread sleeps until woken: by an enqueue on this instance, by a {@code NOTIFY} from another, by an attempt
 * ending, or by the poll interval (retries coming due, leases of a stopped instance ending).
 */
@Singleton
public class QueueWorker {

    private static final Logger LOG = Logger.getLogger(QueueWorker.class);
    private static final int DELETE_BATCH = 1_000;
    private static final Duration CLEANUP_INTERVAL = Duration.ofMinutes(1);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration DATABASE_RETRY_DELAY = Duration.ofSeconds(1);

    private final QueueStore store;
    private final QueueSettings settings;
    private final ExecutionService executions;
    private final DeliveryGuards guards;
    private final QueueMetrics metrics;
    private final ConnectorChangeListener notifications;
    private final ObjectMapper json;
    private final RunAs runAs;
    /** This instance, as {@code lease_owner}: unique per process, so a restarted instance never owns old leases. */
    private final String owner = UUID.randomUUID().toString();

    /** Claimed rows until their end is written, with their execution while it runs. */
    private final Map<UUID, Attempt> claimed = new ConcurrentHashMap<>();
    private final AtomicInteger executing = new AtomicInteger();
    private final ConcurrentLinkedQueue<QueueStore.Settlement> ended = new ConcurrentLinkedQueue<>();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signal = lock.newCondition();
    private boolean signalled;
    private volatile boolean dueRowsMayWait = true;
    /** The last claim took all it asked for: more rows are likely due. Read and written by the worker thread. */
    private boolean backlog;
    private volatile boolean stopping;
    private Thread thread;

    @Inject
    public QueueWorker(QueueStore store, QueueSettings settings, ExecutionService executions, DeliveryGuards guards,
                       QueueMetrics metrics, ConnectorChangeListener notifications, ObjectMapper json,
                       RunAs runAs) {
        this.store = store;
        this.settings = settings;
        this.executions = executions;
        this.guards = guards;
        this.metrics = metrics;
        metrics.running(executing::get);
        this.notifications = notifications;
        this.json = json;
        this.runAs = runAs;
    }

    /** A claimed row, and its execution once a guard let it start. */
    private record Attempt(QueueStore.Claimed row, AtomicReference<ExecutionService.Execution> execution) {
        Attempt(QueueStore.Claimed row) {
            this(row, new AtomicReference<>());
        }
    }

    void start(@Observes StartupEvent started) {
        notifications.listen(QueueStore.CHANNEL, payload -> wake());
        thread = Thread.ofPlatform().name("queue-worker").daemon().start(this::work);
    }

    /** Rows may have become due: look now rather than at the next poll. */
    public void wake() {
        dueRowsMayWait = true;
        signal();
    }

    private void signal() {
        lock.lock();
        try {
            signalled = true;
            signal.signal();
        } finally {
            lock.unlock();
        }
    }

    private void work() {
        long nextPoll = 0;
        long nextRenewal = System.nanoTime() + renewalNanos();
        long nextCleanup = System.nanoTime();
        long backoffMillis = 0;
        while (!stopping) {
            try {
                if (backoffMillis > 0) {
                    sleep(backoffMillis);
                }
                writeEnded();
                long now = System.nanoTime();
                if (now >= nextRenewal) {
                    renewLeases();
                    nextRenewal = now + renewalNanos();
                }
                if (now >= nextCleanup) {
                    deleteFinished();
                    nextCleanup = now + CLEANUP_INTERVAL.toNanos();
                }
                // Rows whose end is not written yet count too: they are what a takeover would run again.
                int free = settings.concurrency() - claimed.size();
                boolean claimNow = free >= worthClaiming() && (dueRowsMayWait || now >= nextPoll);
                if (claimNow) {
                    dueRowsMayWait = false;
                    int wanted = Math.min(free, settings.claimBatch());
                    int got = claim(wanted);
                    nextPoll = System.nanoTime() + settings.pollInterval().toNanos();
                    backlog = got == wanted;
                    if (backlog) {
                        dueRowsMayWait = true;  // there may be more
                    }
                }
                backoffMillis = 0;
                boolean room = settings.concurrency() - claimed.size() >= worthClaiming();
                if (!(room && dueRowsMayWait)) {
                    // Until the poll, or until woken: by rows queued, or by attempts ending, which make room.
                    long wakeAt = Math.min(nextRenewal, nextCleanup);
                    awaitSignal((room ? Math.min(wakeAt, nextPoll) : wakeAt) - System.nanoTime());
                }
            } catch (SQLException | RuntimeException failure) {
                backoffMillis = Math.min(Math.max(100, backoffMillis * 2), 5_000);
                LOG.warnf("queue work failed (%s, SQLState %s): trying again in %d ms",
                        failure.getClass().getSimpleName(), DatabaseFailures.sqlState(failure), backoffMillis);
            }
        }
    }

    /** With a backlog, claim batches worth a statement; without, claim at once, for the latency. */
    private int worthClaiming() {
        return backlog ? Math.max(1, Math.min(settings.claimBatch(), settings.concurrency() / 4)) : 1;
    }

    private long renewalNanos() {
        return settings.lease().toNanos() / 3;
    }

    private void awaitSignal(long nanos) {
        lock.lock();
        try {
            if (!signalled && nanos > 0 && !stopping) {
                signal.awaitNanos(nanos);
            }
            signalled = false;
        } catch (InterruptedException interrupted) {
            stopping = true;
        } finally {
            lock.unlock();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private int claim(int wanted) throws SQLException {
        List<QueueStore.Claimed> rows = store.claim(owner, wanted, settings.lease());
        Instant now = Instant.now();
        for (QueueStore.Claimed row : rows) {
            if (row.attempt() > row.maxAttempts()) {
                // Taken over from an instance that stopped during its last attempt.
                ended.add(new QueueStore.Settlement(row.id(), row.attempt(), row.attempt() - 1, "failed", null,
                        failure(row.connectorId(), "the execution was abandoned by an instance that stopped "
                                + "while running its last attempt")));
                claimed.put(row.id(), new Attempt(row));
                continue;
            }
            run(row, now);
        }
        return rows.size();
    }

    private void run(QueueStore.Claimed row, Instant now) {
        JsonNode params;
        JsonNode context;
        try {
            params = json.readTree(row.params());
            context = json.readTree(row.context());
        } catch (JsonProcessingException unreadable) {
            throw new IllegalStateException("queued row " + row.id() + " is not readable JSON", unreadable);
        }
        TaskRun task = new TaskRun(row.id(), row.scheduled(), now, text(context.get("executionId")),
                text(context.get("consumer")), context.get("relatedSavedObjects"));
        executing.incrementAndGet();
        Attempt attempt = new Attempt(row);
        claimed.put(row.id(), attempt);
        String principal = text(context.get("runAs"));
        guards.run(row.typeId(), row.spaceId(), row.connectorId(), () -> {
            if (!runAs.mayExecute(principal, row.spaceId())) {
                return CompletableFuture.failedFuture(new ExecutionRefusedException(403,
                        "Unauthorized to execute actions"));
            }
            ExecutionService.Execution execution = executions.start(row.spaceId(), row.connectorId(), params,
                    ExecutionSource.ALERT, task);
            attempt.execution().set(execution);
            return execution.outcome();
        }).whenComplete((outcome, thrown) -> {
            executing.decrementAndGet();
            QueueStore.Settlement settlement = settlement(row, outcome, thrown);
            metrics.settled(settlement.attempts() < row.attempt() ? "deferred" : settlement.state());
            ended.add(settlement);
            signal();
        });
    }

    private static String text(JsonNode value) {
        return value == null || !value.isTextual() ? null : value.textValue();
    }

    /** What an attempt's outcome makes of its row: done, failed for good, or due again later. */
    private QueueStore.Settlement settlement(QueueStore.Claimed row, ExecutionService.Outcome outcome,
                                             Throwable thrown) {
        if (thrown != null) {
            Throwable cause = thrown instanceof CompletionException ? thrown.getCause() : thrown;
            if (cause instanceof DeliveryGuards.Deferred deferred) {
                return deferred(row, deferred.notBefore());
            }
            if (DatabaseFailures.unavailable(cause)) {
                // The connector or the caller could not be read: the attempt did not run, and does not count.
                LOG.warnf("queued execution %s not run, the database is unreachable (SQLState %s)", row.id(),
                        DatabaseFailures.sqlState(cause));
                return deferred(row, Instant.now().plus(DATABASE_RETRY_DELAY));
            }
            String message = cause instanceof ExecutionRefusedException refused ? refused.getMessage()
                    : "an error occurred while running the action";
            return new QueueStore.Settlement(row.id(), row.attempt(), row.attempt(), "failed", null,
                    failure(row.connectorId(), message));
        }
        ExecutionResult result = outcome.result();
        String written = write(ExecuteResponse.of(outcome));
        if (result.ok()) {
            return new QueueStore.Settlement(row.id(), row.attempt(), row.attempt(), "succeeded", null, written);
        }
        boolean attemptsLeft = row.attempt() < row.maxAttempts();
        if (result.retry() instanceof Retry.Flag flag && !flag.retry() || !attemptsLeft) {
            return new QueueStore.Settlement(row.id(), row.attempt(), row.attempt(), "failed", null, written);
        }
        Instant due = result.retry() instanceof Retry.At at ? at.when()
                : Instant.now().plus(settings.retryDelay(row.attempt()));
        return new QueueStore.Settlement(row.id(), row.attempt(), row.attempt(), "retrying", due, written);
    }

    /** The row due again at {@code notBefore}, its attempt not counted. */
    private static QueueStore.Settlement deferred(QueueStore.Claimed row, Instant notBefore) {
        return new QueueStore.Settlement(row.id(), row.attempt(), row.attempt() - 1,
                row.attempt() > 1 ? "retrying" : "queued", notBefore, null);
    }

    private String failure(String connectorId, String message) {
        ObjectNode result = json.createObjectNode().put("status", "error").put("message", message)
                .put("connector_id", connectorId).put("retry", false);
        return result.toString();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException unwritable) {
            throw new IllegalStateException("execution result could not be written", unwritable);
        }
    }

    private void writeEnded() throws SQLException {
        if (ended.isEmpty()) {
            return;
        }
        List<QueueStore.Settlement> batch = new ArrayList<>();
        for (QueueStore.Settlement settlement : ended) {
            batch.add(settlement);
        }
        store.settle(owner, batch);
        // Only once written: until then the rows stay claimed, and their leases renewed.
        for (QueueStore.Settlement settlement : batch) {
            ended.remove(settlement);
            claimed.remove(settlement.id());
        }
        if (batch.stream().anyMatch(settlement -> "retrying".equals(settlement.state()))) {
            dueRowsMayWait = true;
        }
    }

    private void renewLeases() throws SQLException {
        if (!claimed.isEmpty()) {
            store.renew(owner, new ArrayList<>(claimed.keySet()), settings.lease());
        }
    }

    private void deleteFinished() throws SQLException {
        int deleted;
        do {
            deleted = store.deleteFinished(settings.retention(), settings.idempotencyWindow(), DELETE_BATCH);
        } while (deleted == DELETE_BATCH && !stopping);
    }

    /**
     * Stops claiming, lets the attempts under way end for a while, writes them, and gives back the rows of those
     * still running (stopped, and due again at once for any instance, their attempt not counted).
     */
    void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
        this.stopping = true;
        if (thread == null) {
            return;
        }
        signal();
        thread.join(5_000);
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (executing.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        List<QueueStore.Settlement> released = new ArrayList<>();
        for (Attempt attempt : claimed.values()) {
            ExecutionService.Execution execution = attempt.execution().get();
            if (execution != null && ended.stream().noneMatch(s -> s.id().equals(attempt.row().id()))) {
                execution.abandon();
                QueueStore.Claimed row = attempt.row();
                released.add(new QueueStore.Settlement(row.id(), row.attempt(), row.attempt() - 1,
                        row.attempt() > 1 ? "retrying" : "queued", Instant.now(), null));
            }
        }
        ended.addAll(released);
        try {
            writeEnded();
        } catch (SQLException | RuntimeException failure) {
            LOG.warnf("%d queued executions not written at shutdown (%s): their leases end in %s and another "
                    + "instance takes them over", ended.size(), failure.getClass().getSimpleName(), settings.lease());
        }
        if (!released.isEmpty()) {
            LOG.infof("%d queued executions still running at shutdown were given back", released.size());
        }
    }
}
