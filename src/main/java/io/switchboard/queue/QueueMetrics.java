package io.switchboard.queue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The queue's counters, per instance: items answered at enqueue by response, attempts ended by what became of
 * their row, and the attempts running now. Labels come from small fixed sets.
 */
@Singleton
public class QueueMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> enqueued = new ConcurrentHashMap<>();
    private final Map<String, Counter> settled = new ConcurrentHashMap<>();

    @Inject
    public QueueMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void enqueued(Enqueued.Response response) {
        enqueued.computeIfAbsent(response.wireName(), name -> Counter.builder("switchboard.queue.enqueued")
                .description("Items answered by the enqueue routes, by response").tag("response", name)
                .register(registry)).increment();
    }

    /** An attempt ended: succeeded, failed, retrying (due again later), or deferred (stopped by a guard). */
    void settled(String what) {
        settled.computeIfAbsent(what, name -> Counter.builder("switchboard.queue.attempts")
                .description("Attempts of queued executions, by what became of their row").tag("result", name)
                .register(registry)).increment();
    }

    void running(Supplier<Number> running) {
        Gauge.builder("switchboard.queue.running", running).description("Queued executions running on this instance")
                .register(registry);
    }
}
