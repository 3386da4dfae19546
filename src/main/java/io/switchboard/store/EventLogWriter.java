package io.switchboard.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Write-behind for the event log, as Kibana buffers its event-log documents and indexes them in bulk: callers hand
 * events to a bounded in-memory queue and go on; one writer thread takes whatever has queued up (waiting up to
 * {@code switchboard.event-log.flush-interval} for a batch to fill) and inserts it in one statement.
 *
 * <p>When the queue is full, {@link #append} waits up to {@code switchboard.event-log.max-wait} for room, slowing
 * executions down to what the database takes; only past that is an event dropped, logged and counted. A batch that
 * fails because the database is unreachable is retried until it is written; a row the database refuses outright is
 * logged and counted as rejected, so that it cannot hold back the rows behind it. On shutdown everything queued is
 * written before the database goes away; what a crash loses is what was still queued.
 *
 * <p>Metrics: {@code switchboard_event_log_rows_total{state=queued|written|rejected|dropped|lost}} and the gauge
 * {@code switchboard_event_log_pending}.
 */
@Singleton
public class EventLogWriter {

    private static final Logger LOG = Logger.getLogger(EventLogWriter.class);
    private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(5);
    /** How long shutdown waits for a write under way before it writes the rest itself. */
    private static final Duration WRITER_STOP_WAIT = Duration.ofSeconds(10);

    private final EventLogStore store;
    private final BlockingQueue<EventLogStore.Event> queue;
    private final int batchSize;
    private final Duration flushInterval;
    private final Duration maxWait;
    private final Counter queued;
    private final Counter written;
    private final Counter rejected;
    private final Counter dropped;
    private final Counter lost;

    /** Events accepted so far, and events whose fate is settled (written, rejected or lost); both only grow. */
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong settled = new AtomicLong();
    private final ReentrantLock settledLock = new ReentrantLock();
    private final Condition settledMoved = settledLock.newCondition();

    private volatile boolean running;
    private Thread writer;
    /** The batch the writer held when it was stopped, written first at shutdown. */
    private final List<EventLogStore.Event> heldAtStop = new ArrayList<>();

    @Inject
    public EventLogWriter(EventLogStore store, MeterRegistry registry,
                          @ConfigProperty(name = "switchboard.event-log.buffer-size", defaultValue = "20000")
                          int bufferSize,
                          @ConfigProperty(name = "switchboard.event-log.batch-size", defaultValue = "1000")
                          int batchSize,
                          @ConfigProperty(name = "switchboard.event-log.flush-interval", defaultValue = "5ms")
                          Duration flushInterval,
                          @ConfigProperty(name = "switchboard.event-log.max-wait", defaultValue = "30s")
                          Duration maxWait) {
        this.store = store;
        this.queue = new LinkedBlockingQueue<>(bufferSize);
        this.batchSize = batchSize;
        this.flushInterval = flushInterval;
        this.maxWait = maxWait;
        this.queued = rows(registry, "queued");
        this.written = rows(registry, "written");
        this.rejected = rows(registry, "rejected");
        this.dropped = rows(registry, "dropped");
        this.lost = rows(registry, "lost");
        Gauge.builder("switchboard.event.log.pending", queue, BlockingQueue::size)
                .description("Event-log rows waiting to be written").register(registry);
    }

    private static Counter rows(MeterRegistry registry, String state) {
        return Counter.builder("switchboard.event.log.rows").description("Event-log rows by what became of them")
                .tag("state", state).register(registry);
    }

    void start(@Observes StartupEvent started) {
        running = true;
        writer = Thread.ofPlatform().name("event-log-writer").daemon().start(this::writeUntilStopped);
    }

    /** Writes everything still queued, then stops. Runs before the datasource is closed. */
    void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
        running = false;
        if (writer != null) {
            writer.interrupt();
            writer.join(WRITER_STOP_WAIT.toMillis());
        }
        writeRemaining();
    }

    /** Writes, once, what the stopped writer held and what is still queued. */
    private synchronized void writeRemaining() {
        List<EventLogStore.Event> rest = new ArrayList<>(heldAtStop);
        heldAtStop.clear();
        queue.drainTo(rest);
        if (!rest.isEmpty()) {
            writeOnce(rest);
        }
    }

    /**
     * Queues an event for writing. Returns at once unless the queue is full; then waits for room up to
     * {@code switchboard.event-log.max-wait}, and past that drops the event with an error in the log.
     */
    public void append(EventLogStore.Event event) {
        if (!running) {
            // Stopped (or not yet started): nothing would drain the queue, so write directly.
            accepted.incrementAndGet();
            queued.increment();
            writeOnce(List.of(event));
            return;
        }
        boolean taken = queue.offer(event) || offerWaiting(event);
        if (!taken) {
            dropped.increment();
            LOG.errorf("event-log queue still full after %s: dropped the %s event of execution %s",
                    maxWait, event.action(), event.executionUuid());
            return;
        }
        accepted.incrementAndGet();
        queued.increment();
        if (!running) {
            // Queued just as the writer stopped: nothing else will write it.
            writeRemaining();
        }
    }

    /** Waits for room up to the maximum wait; an interrupt does not cut the wait short, so no event is lost to it. */
    private boolean offerWaiting(EventLogStore.Event event) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        boolean interrupted = false;
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    return queue.offer(event, left, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Waits until every event appended before this call is written (or its fate otherwise settled), for at most
     * {@code timeout}. Readers of the event log call this so that they see their own executions.
     *
     * @return whether everything was settled in time
     */
    public boolean flush(Duration timeout) {
        long target = accepted.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        settledLock.lock();
        try {
            while (settled.get() < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                settledMoved.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            settledLock.unlock();
        }
    }

    private void writeUntilStopped() {
        List<EventLogStore.Event> batch = new ArrayList<>(batchSize);
        while (running) {
            try {
                EventLogStore.Event first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                fill(batch);
                writeRetrying(batch);
            } catch (InterruptedException stopping) {
                // The shutdown observer writes what is left, this batch first.
                synchronized (this) {
                    heldAtStop.addAll(batch);
                }
                return;
            }
            batch.clear();
        }
    }

    /** Adds what is queued, waiting up to the flush interval for the batch to fill. */
    private void fill(List<EventLogStore.Event> batch) throws InterruptedException {
        long deadline = System.nanoTime() + flushInterval.toNanos();
        while (batch.size() < batchSize) {
            queue.drainTo(batch, batchSize - batch.size());
            long left = deadline - System.nanoTime();
            if (batch.size() >= batchSize || left <= 0) {
                return;
            }
            EventLogStore.Event next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                return;
            }
            batch.add(next);
        }
    }

    /** Writes the batch, retrying with back-off while the database cannot be reached. */
    private void writeRetrying(List<EventLogStore.Event> batch) throws InterruptedException {
        long delayMillis = 50;
        while (true) {
            try {
                writeBatch(batch);
                return;
            } catch (SQLException unreachable) {
                if (!running) {
                    throw new InterruptedException();
                }
                LOG.warnf("event log: %d rows not written yet (%s), retrying in %d ms", batch.size(),
                        unreachable.getSQLState(), delayMillis);
                Thread.sleep(delayMillis);
                delayMillis = Math.min(delayMillis * 2, MAX_RETRY_DELAY.toMillis());
            }
        }
    }

    /**
     * Writes the batch in one statement; if the database refuses it for what a row holds, writes row by row so that
     * only the refused rows are left out.
     *
     * @throws SQLException when the database could not be reached or failed for reasons no row explains
     */
    private void writeBatch(List<EventLogStore.Event> batch) throws SQLException {
        try {
            store.insert(batch);
            settle(batch.size(), written);
        } catch (SQLException failure) {
            if (!refusesData(failure)) {
                throw failure;
            }
            for (EventLogStore.Event event : batch) {
                try {
                    store.insert(List.of(event));
                    settle(1, written);
                } catch (SQLException rowFailure) {
                    if (!refusesData(rowFailure)) {
                        throw rowFailure;
                    }
                    LOG.errorf("event log refused the %s event of execution %s (SQL state %s)", event.action(),
                            event.executionUuid(), rowFailure.getSQLState());
                    settle(1, rejected);
                }
            }
        }
    }

    /** Writes once, without retrying: for the last rows at shutdown and for events appended after it. */
    private void writeOnce(List<EventLogStore.Event> events) {
        try {
            writeBatch(events);
        } catch (SQLException | RuntimeException failure) {
            LOG.errorf("event log: %d rows lost at shutdown (%s)", events.size(), failure.getClass().getName());
            settle(events.size(), lost);
        }
    }

    /** SQL states of class 22 (data exception) and 23 (integrity constraint violation): the row is at fault. */
    private static boolean refusesData(SQLException failure) {
        String state = failure.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    private void settle(int count, Counter outcome) {
        outcome.increment(count);
        settled.addAndGet(count);
        settledLock.lock();
        try {
            settledMoved.signalAll();
        } finally {
            settledLock.unlock();
        }
    }
}
