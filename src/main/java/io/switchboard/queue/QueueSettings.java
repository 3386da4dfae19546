package io.switchboard.queue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.Startup;
import io.switchboard.config.ConfigTree;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How the queue runs: Kibana's {@code xpack.actions.run.*} and {@code xpack.actions.queued.max} under their own
 * names, and Switchboard's {@code switchboard.queue.*} for what Kibana leaves to Task Manager. Read once at start-up;
 * an invalid value stops the start naming the setting.
 */
@Startup
@Singleton
public class QueueSettings {

    private static final int MIN_ATTEMPTS = 1;
    private static final int MAX_ATTEMPTS = 10;

    private final long queuedMax;
    private final int maxAttempts;
    private final Map<String, Integer> maxAttemptsByType = new HashMap<>();
    private final Duration firstRetryDelay;
    private final Duration retryDelayBase;
    private final Duration retryDelayCap;
    private final int concurrency;
    private final int claimBatch;
    private final Duration lease;
    private final Duration pollInterval;
    private final Duration idempotencyWindow;
    private final Duration retention;

    @Inject
    public QueueSettings(Config config) {
        queuedMax = config.getOptionalValue("xpack.actions.queued.max", Long.class).orElse(1_000_000L);
        if (queuedMax < 0) {
            throw new IllegalArgumentException("xpack.actions.queued.max must be 0 or more");
        }
        maxAttempts = attempts(config.getOptionalValue("xpack.actions.run.maxAttempts", Integer.class).orElse(3),
                "xpack.actions.run.maxAttempts");
        int index = 0;
        for (JsonNode override : ConfigTree.readList(config, "xpack.actions.run.connectorTypeOverrides")) {
            String setting = "xpack.actions.run.connectorTypeOverrides[" + index++ + "]";
            String id = override.path("id").asText("");
            if (id.isBlank()) {
                throw new IllegalArgumentException(setting + ".id is required");
            }
            maxAttemptsByType.put(id, attempts(integer(override.get("maxAttempts"), setting + ".maxAttempts"),
                    setting + ".maxAttempts"));
        }
        firstRetryDelay = duration(config, "switchboard.queue.retry.first-delay", Duration.ofSeconds(30));
        retryDelayBase = duration(config, "switchboard.queue.retry.delay-base", Duration.ofMinutes(5));
        retryDelayCap = duration(config, "switchboard.queue.retry.max-delay", Duration.ofHours(1));
        concurrency = positive(config, "switchboard.queue.concurrency", 256);
        claimBatch = positive(config, "switchboard.queue.claim-batch", 256);
        lease = duration(config, "switchboard.queue.lease", Duration.ofSeconds(30));
        pollInterval = duration(config, "switchboard.queue.poll-interval", Duration.ofSeconds(1));
        idempotencyWindow = duration(config, "switchboard.queue.idempotency-window", Duration.ofHours(24));
        retention = duration(config, "switchboard.queue.retention", Duration.ofDays(3));
        if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("switchboard.queue.lease must be at least 1s");
        }
    }

    /** {@code xpack.actions.queued.max}: unfinished executions past which enqueueing is refused. */
    public long queuedMax() {
        return queuedMax;
    }

    /** Attempts for a connector type: its override, else {@code xpack.actions.run.maxAttempts}. */
    public int maxAttempts(String typeId) {
        return maxAttemptsByType.getOrDefault(typeId, maxAttempts);
    }

    /**
     * Task Manager's back-off after a failed attempt: the first retry after 30 s, later ones after a random delay up
     * to 5 min doubled per attempt, at most 1 h.
     *
     * @param attempts attempts made so far, 1 or more
     */
    public Duration retryDelay(int attempts) {
        if (attempts <= 1) {
            return firstRetryDelay;
        }
        long cap = retryDelayCap.toMillis();
        long ceiling = retryDelayBase.toMillis() << Math.min(attempts - 2, 30);
        long bound = Math.max(1, Math.min(cap, ceiling < 0 ? cap : ceiling));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(bound));
    }

    /** Rows claimed at once by this instance: running, or ended and not yet written. */
    public int concurrency() {
        return concurrency;
    }

    /** Rows one claim takes at most. */
    public int claimBatch() {
        return claimBatch;
    }

    /** How long a claimed row stays with its instance without a renewal; renewed while it runs. */
    public Duration lease() {
        return lease;
    }

    /** How often an idle worker looks for due rows without being woken (retries coming due, other instances). */
    public Duration pollInterval() {
        return pollInterval;
    }

    public Duration idempotencyWindow() {
        return idempotencyWindow;
    }

    /** How long finished rows are kept. */
    public Duration retention() {
        return retention;
    }

    private static int attempts(int value, String setting) {
        if (value < MIN_ATTEMPTS || value > MAX_ATTEMPTS) {
            throw new IllegalArgumentException(setting + " must be between " + MIN_ATTEMPTS + " and "
                    + MAX_ATTEMPTS + ", got " + value);
        }
        return value;
    }

    private static int integer(JsonNode value, String setting) {
        try {
            return Integer.parseInt(value == null ? "" : value.asText().trim());
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException(setting + " must be a whole number");
        }
    }

    private static int positive(Config config, String setting, int fallback) {
        int value = config.getOptionalValue(setting, Integer.class).orElse(fallback);
        if (value < 1) {
            throw new IllegalArgumentException(setting + " must be at least 1, got " + value);
        }
        return value;
    }

    private static Duration duration(Config config, String setting, Duration fallback) {
        Duration value = config.getOptionalValue(setting, Duration.class).orElse(fallback);
        if (value.isNegative()) {
            throw new IllegalArgumentException(setting + " must not be negative");
        }
        return value;
    }
}
