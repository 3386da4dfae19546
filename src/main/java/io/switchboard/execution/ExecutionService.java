package io.switchboard.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.connector.ConnectorType;
import io.switchboard.connector.ConnectorValidationException;
import io.switchboard.connector.ConnectorValidator;
import io.switchboard.connector.ExecutionRequest;
import io.switchboard.connector.ExecutionResult;
import io.switchboard.connector.FailureReason;
import io.switchboard.connector.Retry;
import io.switchboard.store.ConnectorStore;
import io.switchboard.store.EventLogWriter;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one place where connectors run, for direct {@code _execute} calls and queued executions alike: load the
 * connector in its space, check its type may run, validate, run it under a deadline, classify the outcome, write
 * the event rows and record metrics. Follows Kibana's action executor step by step.
 *
 * <p>Each execution runs on a virtual thread of its own, from loading the connector to the last event row, so a
 * caller on an event loop hands off once and many executions can wait on slow receivers at little cost. In the
 * common case nothing on the way touches the database: connectors come from the {@link ConnectorStore}'s cache and
 * event rows are written behind by the {@link EventLogWriter}.
 */
@Singleton
public class ExecutionService {

    static final String GENERIC_FAILURE = "an error occurred while running the action";
    private static final Logger LOG = Logger.getLogger(ExecutionService.class);

    private final ConnectorLookup lookup;
    private final ConnectorValidator validator;
    private final EventLogWriter eventLog;
    private final ExecutionMetrics metrics;
    private final Duration timeout;
    private final ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1,
            Thread.ofPlatform().name("execution-deadlines").daemon().factory());

    @Inject
    public ExecutionService(ConnectorLookup lookup, ConnectorValidator validator, EventLogWriter eventLog,
                            ExecutionMetrics metrics,
                            @ConfigProperty(name = "switchboard.execution.timeout", defaultValue = "5m")
                            Duration timeout) {
        this.lookup = lookup;
        this.validator = validator;
        this.eventLog = eventLog;
        this.metrics = metrics;
        this.timeout = timeout;
        deadlines.setRemoveOnCancelPolicy(true);
    }

    /** A finished execution: the connector's id and its result. */
    public record Outcome(String connectorId, ExecutionResult result) {
    }

    /**
     * Starts running a connector once and returns at once.
     *
     * <p>The execution's outcome fails with {@link ExecutionRefusedException} when the connector does not exist in
     * the space (404) or its type may not run (403, 400); every other failure is an error result. Every execution
     * that starts ({@code execute-start}) ends with exactly one {@code execute} row, whatever the connector does.
     */
    public Execution start(String spaceId, String connectorId, JsonNode params, ExecutionSource source) {
        return start(spaceId, connectorId, params, source, null);
    }

    /** As {@link #start(String, String, JsonNode, ExecutionSource)}, for a queued execution's attempt. */
    public Execution start(String spaceId, String connectorId, JsonNode params, ExecutionSource source,
                           TaskRun task) {
        Execution execution = new Execution(connectorId);
        Thread.ofVirtual().start(() -> execution.run(spaceId, params, source, task));
        return execution;
    }

    /** One execution under way. */
    public final class Execution {

        private final String connectorId;
        private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        private final AtomicBoolean settled = new AtomicBoolean();
        /** The thread running the connector, while it does: the only work a deadline or a caller interrupts. */
        private volatile Thread connectorThread;
        // Set once the connector is found, before the deadline timer that also reads them is scheduled.
        private ConnectorType type;
        private ExecutionEvents events;

        private Execution(String connectorId) {
            this.connectorId = connectorId;
        }

        public CompletionStage<Outcome> outcome() {
            return outcome;
        }

        /** The caller went away: stop the connector's work, which then ends as its connector reports. */
        public void abandon() {
            Thread running = connectorThread;
            if (running != null && !settled.get()) {
                running.interrupt();
            }
        }

        private void run(String spaceId, JsonNode params, ExecutionSource source, TaskRun task) {
            ConnectorLookup.Runnable loaded;
            try {
                loaded = lookup.find(spaceId, connectorId);
                type = loaded.type();
            } catch (RuntimeException refused) {
                outcome.completeExceptionally(refused);
                return;
            }
            events = new ExecutionEvents(new ExecutionEvents.Target(spaceId, connectorId, type.id(),
                    loaded.name(), loaded.preconfigured(), source, task), Instant.now());
            eventLog.append(events.started());

            Instant deadline = events.start().plus(timeout);
            ScheduledFuture<?> timer = deadlines.schedule(() -> Thread.ofVirtual().start(this::timedOut),
                    Math.max(0, Duration.between(Instant.now(), deadline).toNanos()), TimeUnit.NANOSECONDS);
            ExecutionResult result;
            try {
                result = validateAndRun(loaded, spaceId, params, deadline);
            } catch (Throwable thrown) {
                // A connector's bug, an Error included: the execution still ends with its outcome row.
                LOG.errorf("connector %s:%s threw %s", type.id(), connectorId, thrown.getClass().getName());
                result = ExecutionResult.failure(FailureReason.UNEXPECTED, GENERIC_FAILURE,
                        thrown.getMessage() == null ? thrown.getClass().getSimpleName() : thrown.getMessage(),
                        Retry.YES).withErrorSource(ExecutionResult.ErrorSource.FRAMEWORK);
            } finally {
                connectorThread = null;
            }
            timer.cancel(false);
            // An interrupt meant for the connector must not cut short the writing of its outcome.
            Thread.interrupted();
            if (settled.compareAndSet(false, true)) {
                settle(result);
            }
        }

        private ExecutionResult validateAndRun(ConnectorLookup.Runnable loaded, String spaceId, JsonNode params, Instant deadline) {
            JsonNode validParams;
            ConnectorValidator.Validated valid;
            try {
                validParams = validator.validateParams(type, params);
            } catch (ConnectorValidationException invalid) {
                return validationFailure(invalid.getMessage(), ExecutionResult.ErrorSource.USER);
            }
            if (loaded.secrets() == null) {
                return validationFailure("Unable to execute action because no secrets are defined for the \""
                        + loaded.name() + "\" connector.", ExecutionResult.ErrorSource.FRAMEWORK);
            }
            try {
                valid = validator.validate(type, loaded.config(), loaded.secrets());
            } catch (ConnectorValidationException invalid) {
                return validationFailure(invalid.getMessage(), ExecutionResult.ErrorSource.FRAMEWORK);
            }
            ExecutionRequest request = new ExecutionRequest(loaded.id(), loaded.name(), spaceId, valid.config(),
                    valid.secrets(), validParams, deadline);
            connectorThread = Thread.currentThread();
            ExecutionResult result = type.execute(request);
            if (result == null) {
                return ExecutionResult.success(null);
            }
            // Kibana marks the errors a connector returns as the user's, unless the connector says otherwise.
            return result.ok() || result.errorSource() != null
                    ? result
                    : result.withErrorSource(ExecutionResult.ErrorSource.USER);
        }

        /** At the deadline: stop the connector and end the execution as timed out, if it has not ended yet. */
        private void timedOut() {
            if (!settled.compareAndSet(false, true)) {
                return;
            }
            Thread running = connectorThread;
            if (running != null) {
                running.interrupt();
            }
            eventLog.append(events.timedOut(timeout, Instant.now()));
            ExecutionResult late = ExecutionResult.failure(FailureReason.TIMEOUT, GENERIC_FAILURE,
                    "execution cancelled due to timeout - exceeded timeout of \"" + timeout.toSeconds() + "s\"",
                    Retry.YES).withErrorSource(ExecutionResult.ErrorSource.FRAMEWORK);
            settle(late);
        }

        /** Ends the execution with its outcome row, metrics and answer; called once, by whoever settled it. */
        private void settle(ExecutionResult result) {
            Instant end = Instant.now();
            eventLog.append(events.finished(result, end));
            metrics.record(type.id(), result, Duration.between(events.start(), end));
            if (!result.ok()) {
                LOG.warnf("action execution failure: %s:%s: %s", type.id(), connectorId,
                        result.reason() == null ? "unknown" : result.reason().label());
            }
            outcome.complete(new Outcome(connectorId, result));
        }
    }

    private static ExecutionResult validationFailure(String message, ExecutionResult.ErrorSource source) {
        return ExecutionResult.failure(FailureReason.VALIDATION, message, null, Retry.NO).withErrorSource(source);
    }

    @PreDestroy
    void shutdown() {
        deadlines.shutdownNow();
    }
}
