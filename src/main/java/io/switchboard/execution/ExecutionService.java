package io.switchboard.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.config.ActionsSettings;
import io.switchboard.config.PreconfiguredConnector;
import io.switchboard.connector.ConnectorType;
import io.switchboard.connector.ConnectorTypeRegistry;
import io.switchboard.connector.ConnectorValidationException;
import io.switchboard.connector.ConnectorValidator;
import io.switchboard.connector.ExecutionRequest;
import io.switchboard.connector.ExecutionResult;
import io.switchboard.connector.FailureReason;
import io.switchboard.connector.Retry;
import io.switchboard.store.ConnectorStore;
import io.switchboard.store.EventLogStore;
import io.switchboard.store.StoredConnector;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one place where connectors run, for direct {@code _execute} calls and queued executions alike: load the
 * connector in its space, check its type may run, validate, run it on a virtual thread under a deadline, classify the
 * outcome, write the event rows and record metrics. Follows Kibana's action executor step by step.
 */
@Singleton
public class ExecutionService {

    static final String GENERIC_FAILURE = "an error occurred while running the action";
    private static final Logger LOG = Logger.getLogger(ExecutionService.class);

    private final ConnectorTypeRegistry types;
    private final ConnectorValidator validator;
    private final ActionsSettings settings;
    private final ConnectorStore connectors;
    private final EventLogStore eventLog;
    private final ExecutionMetrics metrics;
    private final Duration timeout;
    private final ExecutorService runner = Executors.newVirtualThreadPerTaskExecutor();

    @Inject
    public ExecutionService(ConnectorTypeRegistry types, ConnectorValidator validator, ActionsSettings settings,
                            ConnectorStore connectors, EventLogStore eventLog, ExecutionMetrics metrics,
                            @ConfigProperty(name = "switchboard.execution.timeout", defaultValue = "5m")
                            Duration timeout) {
        this.types = types;
        this.validator = validator;
        this.settings = settings;
        this.connectors = connectors;
        this.eventLog = eventLog;
        this.metrics = metrics;
        this.timeout = timeout;
    }

    /** A finished execution: the connector's id and its result. */
    public record Outcome(String connectorId, ExecutionResult result) {
    }

    /**
     * Runs a connector once.
     *
     * @throws ExecutionRefusedException when the connector does not exist in the space (404) or its type may not
     *                                   run (403, 400); every other failure is an error result
     */
    public Outcome execute(String spaceId, String connectorId, JsonNode params, ExecutionSource source) {
        Loaded loaded = load(spaceId, connectorId);
        ConnectorType type = types.find(loaded.typeId())
                .orElseThrow(() -> new ExecutionRefusedException(400,
                        "Action type \"" + loaded.typeId() + "\" is not registered."));
        if (!loaded.preconfigured() && !settings.isActionTypeEnabled(type.id())) {
            throw new ExecutionRefusedException(403, "action type \"" + type.id()
                    + "\" is not enabled in the Kibana config xpack.actions.enabledActionTypes");
        }

        Instant start = Instant.now();
        ExecutionEvents events = new ExecutionEvents(new ExecutionEvents.Target(spaceId, connectorId, type.id(),
                loaded.name(), loaded.preconfigured(), source), start);
        eventLog.append(events.started());

        ExecutionResult result = validateAndRun(type, loaded, spaceId, params, start, events);

        Instant end = Instant.now();
        eventLog.append(events.finished(result, end));
        metrics.record(type.id(), result, Duration.between(start, end));
        if (!result.ok()) {
            LOG.warnf("action execution failure: %s:%s: %s", type.id(), connectorId,
                    result.reason() == null ? "unknown" : result.reason().label());
        }
        return new Outcome(connectorId, result);
    }

    private ExecutionResult validateAndRun(ConnectorType type, Loaded loaded, String spaceId, JsonNode params,
                                           Instant start, ExecutionEvents events) {
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
        Instant deadline = start.plus(timeout);
        ExecutionRequest request = new ExecutionRequest(loaded.id(), loaded.name(), spaceId, valid.config(),
                valid.secrets(), validParams, deadline);
        return run(type, request, events);
    }

    private ExecutionResult run(ConnectorType type, ExecutionRequest request, ExecutionEvents events) {
        Future<ExecutionResult> running = runner.submit(() -> type.execute(request));
        try {
            ExecutionResult result = running.get(Duration.between(Instant.now(), request.deadline()).toNanos(),
                    TimeUnit.NANOSECONDS);
            if (result == null) {
                return ExecutionResult.success(null);
            }
            // Kibana marks the errors a connector returns as the user's, unless the connector says otherwise.
            return result.ok() || result.errorSource() != null
                    ? result
                    : result.withErrorSource(ExecutionResult.ErrorSource.USER);
        } catch (TimeoutException late) {
            running.cancel(true);
            eventLog.append(events.timedOut(timeout, Instant.now()));
            return ExecutionResult.failure(FailureReason.TIMEOUT, GENERIC_FAILURE,
                    "execution cancelled due to timeout - exceeded timeout of \"" + timeout.toSeconds() + "s\"",
                    Retry.YES).withErrorSource(ExecutionResult.ErrorSource.FRAMEWORK);
        } catch (ExecutionException thrown) {
            Throwable cause = thrown.getCause();
            LOG.errorf("connector %s:%s threw %s", type.id(), request.connectorId(), cause.getClass().getName());
            return ExecutionResult.failure(FailureReason.UNEXPECTED, GENERIC_FAILURE,
                    cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(), Retry.YES)
                    .withErrorSource(ExecutionResult.ErrorSource.FRAMEWORK);
        } catch (InterruptedException interrupted) {
            running.cancel(true);
            Thread.currentThread().interrupt();
            return ExecutionResult.failure(FailureReason.UNEXPECTED, GENERIC_FAILURE, "execution interrupted",
                    Retry.YES).withErrorSource(ExecutionResult.ErrorSource.FRAMEWORK);
        }
    }

    private static ExecutionResult validationFailure(String message, ExecutionResult.ErrorSource source) {
        return ExecutionResult.failure(FailureReason.VALIDATION, message, null, Retry.NO).withErrorSource(source);
    }

    private Loaded load(String spaceId, String connectorId) {
        PreconfiguredConnector preconfigured = settings.preconfigured().get(connectorId);
        if (preconfigured != null) {
            return new Loaded(connectorId, preconfigured.actionTypeId(), preconfigured.name(),
                    preconfigured.config(), preconfigured.secrets(), true);
        }
        StoredConnector stored = connectors.find(spaceId, connectorId)
                .orElseThrow(() -> new ExecutionRefusedException(404,
                        "Saved object [action/" + connectorId + "] not found"));
        return new Loaded(stored.id(), stored.connectorTypeId(), stored.name(), stored.config(),
                stored.secrets().orElse(null), false);
    }

    /** A connector ready to run; {@code secrets} is null when stored secrets cannot be decrypted. */
    private record Loaded(String id, String typeId, String name, ObjectNode config, ObjectNode secrets,
                          boolean preconfigured) {
        @Override
        public String toString() {
            return "Loaded[id=" + id + ", typeId=" + typeId + "]";
        }
    }

    @PreDestroy
    void shutdown() {
        runner.shutdownNow();
    }
}
