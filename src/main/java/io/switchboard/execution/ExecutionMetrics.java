package io.switchboard.execution;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.switchboard.connector.ExecutionResult;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * Execution counters and latency by connector type, outcome and failure reason. Labels come from small fixed sets:
 * never a connector id, a URL or anything a user typed.
 */
@Singleton
public class ExecutionMetrics {

    private final MeterRegistry registry;

    @Inject
    public ExecutionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(String connectorTypeId, ExecutionResult result, Duration duration) {
        String outcome = result.ok() ? "success" : "failure";
        String reason = result.ok() || result.reason() == null ? "none" : result.reason().label();
        Counter.builder("switchboard.executions")
                .description("Connector executions")
                .tag("connector_type", connectorTypeId)
                .tag("outcome", outcome)
                .tag("reason", reason)
                .register(registry)
                .increment();
        Timer.builder("switchboard.execution.duration")
                .description("Time from the start of a connector's run to its result")
                .tag("connector_type", connectorTypeId)
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry)
                .record(duration);
    }
}
