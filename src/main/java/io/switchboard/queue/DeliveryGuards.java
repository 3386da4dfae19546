package io.switchboard.queue;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.faulttolerance.api.RateLimitException;
import io.smallrye.faulttolerance.api.RateLimitType;
import io.switchboard.config.ConfigTree;
import io.switchboard.connector.ExecutionResult;
import io.switchboard.connector.FailureReason;
import io.switchboard.execution.ExecutionService;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * What stands between a claimed row and its receiver, with SmallRye Fault Tolerance's guards: a rate limit per
 * connector type ({@code xpack.actions.rateLimiter.<type>.limit} per {@code lookbackWindow}) and a circuit breaker
 * per connector, so that a receiver that is down is left alone for a while instead of holding workers that the
 * other connectors' executions need. An attempt either guard stops does not run; its row waits and is tried again
 * without the attempt counting ({@link Deferred}).
 */
@Singleton
public class DeliveryGuards {

    private static final TypeLiteral<CompletionStage<ExecutionService.Outcome>> OUTCOME = new TypeLiteral<>() {
    };
    /** Failures that say the receiver is unwell, rather than that the request was wrong. */
    private static final Set<FailureReason> RECEIVER_FAULTS =
            Set.of(FailureReason.NETWORK, FailureReason.SERVER_ERROR, FailureReason.TIMEOUT);

    private final Map<String, Guard> rateLimits = new HashMap<>();
    private final Map<String, Guard> breakers = new ConcurrentHashMap<>();
    private final boolean breakerEnabled;
    private final int breakerVolume;
    private final double breakerRatio;
    private final Duration breakerDelay;

    @Inject
    public DeliveryGuards(Config config) {
        ConfigTree.read(config, "xpack.actions.rateLimiter").properties().forEach(entry -> {
            String type = entry.getKey().startsWith(".") ? entry.getKey() : "." + entry.getKey();
            String setting = "xpack.actions.rateLimiter." + entry.getKey();
            int limit = entry.getValue().path("limit").asInt(0);
            if (limit < 1) {
                throw new IllegalArgumentException(setting + ".limit must be a whole number of at least 1");
            }
            Duration window = config.getOptionalValue(setting + ".lookbackWindow", Duration.class)
                    .orElse(Duration.ofMinutes(15));
            rateLimits.put(type, Guard.create().withDescription("rate limit of " + type)
                    .withRateLimit().limit(limit).window(window.toMillis(), ChronoUnit.MILLIS)
                    .type(RateLimitType.ROLLING).done()
                    .withThreadOffload(false).build());
        });
        breakerEnabled = config.getOptionalValue("switchboard.queue.circuit-breaker.enabled", Boolean.class)
                .orElse(true);
        breakerVolume = config.getOptionalValue("switchboard.queue.circuit-breaker.request-volume", Integer.class)
                .orElse(20);
        breakerRatio = config.getOptionalValue("switchboard.queue.circuit-breaker.failure-ratio", Double.class)
                .orElse(0.5);
        breakerDelay = config.getOptionalValue("switchboard.queue.circuit-breaker.delay", Duration.class)
                .orElse(Duration.ofSeconds(30));
        if (breakerVolume < 1 || breakerRatio <= 0 || breakerRatio > 1 || breakerDelay.isNegative()) {
            throw new IllegalArgumentException("switchboard.queue.circuit-breaker: request-volume must be at least 1, "
                    + "failure-ratio in (0, 1], delay not negative");
        }
    }

    /** An attempt a guard stopped before it ran: its row is due again at {@code notBefore}. */
    public static final class Deferred extends RuntimeException {
        private final Instant notBefore;
        private final String reason;

        Deferred(Instant notBefore, String reason) {
            super(reason, null, false, false);
            this.notBefore = notBefore;
            this.reason = reason;
        }

        public Instant notBefore() {
            return notBefore;
        }

        public String reason() {
            return reason;
        }
    }

    /** Carries a receiver fault through the breaker, which counts exceptions only. */
    private static final class ReceiverFault extends RuntimeException {
        private final transient ExecutionService.Outcome outcome;

        ReceiverFault(ExecutionService.Outcome outcome) {
            super(null, null, false, false);
            this.outcome = outcome;
        }
    }

    /**
     * Runs {@code attempt} unless a guard stops it. The returned stage ends with the attempt's outcome, or
     * exceptionally with {@link Deferred} when it did not run, or with whatever the attempt itself failed with.
     */
    public CompletionStage<ExecutionService.Outcome> run(String typeId, String spaceId, String connectorId,
                                                          Supplier<CompletionStage<ExecutionService.Outcome>> attempt) {
        Supplier<CompletionStage<ExecutionService.Outcome>> guarded = attempt;
        if (breakerEnabled) {
            Guard breaker = breakers.computeIfAbsent(spaceId + "\n" + connectorId, key -> newBreaker());
            guarded = () -> breaker.get(() -> attempt.get().thenApply(DeliveryGuards::throwIfReceiverFault), OUTCOME);
        }
        Guard rateLimit = rateLimits.get(typeId);
        Supplier<CompletionStage<ExecutionService.Outcome>> limited = guarded;
        Supplier<CompletionStage<ExecutionService.Outcome>> outer = rateLimit == null ? limited
                : () -> rateLimit.get(limited, OUTCOME);
        CompletionStage<ExecutionService.Outcome> stage;
        try {
            stage = outer.get();
        } catch (RuntimeException stopped) {
            stage = CompletableFuture.failedFuture(stopped);
        }
        return stage.handle((outcome, thrown) -> {
            if (thrown == null) {
                return CompletableFuture.completedFuture(outcome);
            }
            Throwable cause = thrown instanceof CompletionException && thrown.getCause() != null
                    ? thrown.getCause() : thrown;
            if (cause instanceof ReceiverFault fault) {
                return CompletableFuture.completedFuture(fault.outcome);
            }
            if (cause instanceof CircuitBreakerOpenException) {
                return CompletableFuture.<ExecutionService.Outcome>failedFuture(new Deferred(
                        Instant.now().plus(jittered(breakerDelay)), "the circuit breaker of the connector is open"));
            }
            if (cause instanceof RateLimitException overLimit) {
                return CompletableFuture.<ExecutionService.Outcome>failedFuture(new Deferred(
                        Instant.now().plusMillis(Math.max(1, overLimit.getRetryAfterMillis())),
                        "the rate limit of " + typeId + " connectors is reached"));
            }
            return CompletableFuture.<ExecutionService.Outcome>failedFuture(cause);
        }).thenCompose(stageOfOutcome -> stageOfOutcome);
    }

    private Guard newBreaker() {
        return Guard.create().withCircuitBreaker().requestVolumeThreshold(breakerVolume).failureRatio(breakerRatio)
                .delay(breakerDelay.toMillis(), ChronoUnit.MILLIS).failOn(ReceiverFault.class).done()
                .withThreadOffload(false).build();
    }

    private static ExecutionService.Outcome throwIfReceiverFault(ExecutionService.Outcome outcome) {
        ExecutionResult result = outcome.result();
        if (!result.ok() && RECEIVER_FAULTS.contains(result.reason())) {
            throw new ReceiverFault(outcome);
        }
        return outcome;
    }

    /** Rows deferred together are spread over a tenth of the delay, so they do not all come back at once. */
    private static Duration jittered(Duration delay) {
        return delay.plusMillis(ThreadLocalRandom.current().nextLong(Math.max(1, delay.toMillis() / 10)));
    }
}
