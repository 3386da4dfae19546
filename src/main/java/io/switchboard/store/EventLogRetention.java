package io.switchboard.store;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deletes event rows older than {@code switchboard.event-log.retention} (Kibana's event log keeps 90 days) and audit
 * rows older than {@code switchboard.audit.retention}, a batch at a time, once a minute. Every instance does it; they
 * delete the same old rows, so it does not matter which.
 */
@Singleton
public class EventLogRetention {

    private static final Logger LOG = Logger.getLogger(EventLogRetention.class);
    static final int BATCH = 5_000;

    private static final String DELETE_OLD_EVENTS = """
            DELETE FROM event_log WHERE id IN (
                SELECT id FROM event_log WHERE timestamp < now() - make_interval(secs => ?) LIMIT ?)""";
    private static final String DELETE_OLD_AUDIT_EVENTS = """
            DELETE FROM audit_event WHERE id IN (
                SELECT id FROM audit_event WHERE timestamp < now() - make_interval(secs => ?) LIMIT ?)""";

    private final DataSource dataSource;
    private final Duration retention;
    private final Duration auditRetention;
    private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("event-log-retention").daemon().factory());

    @Inject
    public EventLogRetention(DataSource dataSource,
                             @ConfigProperty(name = "switchboard.event-log.retention", defaultValue = "90d")
                             Duration retention,
                             @ConfigProperty(name = "switchboard.audit.retention", defaultValue = "365d")
                             Duration auditRetention) {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("switchboard.event-log.retention must be positive");
        }
        if (auditRetention.isNegative() || auditRetention.isZero()) {
            throw new IllegalArgumentException("switchboard.audit.retention must be positive");
        }
        this.dataSource = dataSource;
        this.retention = retention;
        this.auditRetention = auditRetention;
    }

    void start(@Observes StartupEvent started) {
        schedule.scheduleWithFixedDelay(this::pruneQuietly, 1, 60, TimeUnit.SECONDS);
    }

    void stop(@Observes ShutdownEvent stopping) {
        schedule.shutdownNow();
    }

    /** Deletes every event and audit row past its retention, a batch per statement; returns how many. */
    long prune() throws SQLException {
        return prune(DELETE_OLD_EVENTS, retention) + prune(DELETE_OLD_AUDIT_EVENTS, auditRetention);
    }

    private long prune(String deleteOld, Duration kept) throws SQLException {
        long total = 0;
        int deleted;
        do {
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement delete = connection.prepareStatement(deleteOld)) {
                delete.setDouble(1, kept.toMillis() / 1000.0);
                delete.setInt(2, BATCH);
                deleted = delete.executeUpdate();
            }
            total += deleted;
        } while (deleted == BATCH && !Thread.currentThread().isInterrupted());
        return total;
    }

    private void pruneQuietly() {
        try {
            long deleted = prune();
            if (deleted > 0) {
                LOG.debugf("deleted %d event and audit rows past their retention", deleted);
            }
        } catch (SQLException | RuntimeException failure) {
            LOG.warnf("old event rows not deleted (%s): trying again in a minute", failure.getClass().getSimpleName());
        }
    }
}
