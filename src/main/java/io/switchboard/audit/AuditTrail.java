package io.switchboard.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Context;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The audit trail: each event is logged at once as one JSON line on the {@code switchboard.audit} category, and
 * written behind to the {@code audit_event} table in batches by one thread, so that auditing an execution costs the
 * request no database round trip. A batch the database cannot take is retried; on shutdown what is queued is
 * written. Metrics: {@code switchboard_audit_events_total{state=written|dropped}}.
 */
@Singleton
public class AuditTrail {

    private static final Logger AUDIT_LOG = Logger.getLogger("switchboard.audit");
    private static final Logger LOG = Logger.getLogger(AuditTrail.class);
    private static final int BATCH_SIZE = 500;

    private final AuditStore store;
    private final ObjectMapper json;
    private final BlockingQueue<AuditEvent> queue = new LinkedBlockingQueue<>(50_000);
    private final Counter written;
    private final Counter dropped;
    private volatile boolean running;
    private Thread writer;

    @Inject
    public AuditTrail(AuditStore store, ObjectMapper json, MeterRegistry registry) {
        this.store = store;
        this.json = json;
        this.written = Counter.builder("switchboard.audit.events").tag("state", "written").register(registry);
        this.dropped = Counter.builder("switchboard.audit.events").tag("state", "dropped").register(registry);
    }

    void start(@Observes StartupEvent started) {
        running = true;
        writer = Thread.ofPlatform().name("audit-writer").daemon().start(this::writeUntilStopped);
    }

    void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
        running = false;
        if (writer != null) {
            writer.interrupt();
            writer.join(TimeUnit.SECONDS.toMillis(10));
        }
        List<AuditEvent> rest = new ArrayList<>();
        queue.drainTo(rest);
        if (!rest.isEmpty()) {
            try {
                store.insert(rest);
                written.increment(rest.size());
            } catch (SQLException | RuntimeException failure) {
                LOG.errorf("audit trail: %d events not written at shutdown (%s)", rest.size(),
                        failure.getClass().getName());
            }
        }
    }

    public void record(AuditEvent event) {
        if (AUDIT_LOG.isInfoEnabled()) {
            try {
                AUDIT_LOG.info(json.writeValueAsString(event.document()));
            } catch (JsonProcessingException e) {
                LOG.errorf("audit event %s could not be logged", event.action());
            }
        }
        boolean queued = queue.offer(event);
        // An event loop must not wait: a database away for long fills the queue, and every request would stall.
        if (!queued && !Context.isOnEventLoopThread()) {
            try {
                queued = queue.offer(event, 1, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (!queued) {
            dropped.increment();
            LOG.errorf("audit trail full: the %s event was logged but not stored", event.action());
        }
    }

    /** Waits up to the timeout for what is queued now to be written; for readers that must see their own events. */
    void flush(long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!queue.isEmpty() && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void writeUntilStopped() {
        List<AuditEvent> batch = new ArrayList<>(BATCH_SIZE);
        long delayMillis = 50;
        while (running) {
            try {
                if (batch.isEmpty()) {
                    AuditEvent first = queue.poll(1, TimeUnit.SECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, BATCH_SIZE - 1);
                }
                store.insert(batch);
                written.increment(batch.size());
                batch.clear();
                delayMillis = 50;
            } catch (InterruptedException stopping) {
                queue.addAll(batch);
                return;
            } catch (SQLException | RuntimeException failure) {
                LOG.warnf("audit trail: %d events not written yet (%s), retrying in %d ms", batch.size(),
                        failure.getClass().getSimpleName(), delayMillis);
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException stopping) {
                    queue.addAll(batch);
                    return;
                }
                delayMillis = Math.min(delayMillis * 2, 5_000);
            }
        }
    }
}
