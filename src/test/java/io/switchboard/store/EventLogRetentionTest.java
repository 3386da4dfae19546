package io.switchboard.store;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.support.Database;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Event rows are kept for {@code switchboard.event-log.retention} (90 days by default), audit rows for
 * {@code switchboard.audit.retention} (365 days), then deleted.
 */
@QuarkusTest
class EventLogRetentionTest {

    @Inject
    DataSource dataSource;

    @Inject
    EventLogRetention retention;

    private UUID insert(String age) {
        UUID execution = UUID.randomUUID();
        Database.update(dataSource, """
                INSERT INTO event_log (timestamp, action, outcome, space_id, connector_id, connector_type_id,
                                       execution_uuid, duration_ns, document)
                VALUES (now() - CAST(? AS interval), 'execute', 'success', 'retention', 'c', '.server-log', ?, 1,
                        '{}')""", age, execution);
        return execution;
    }

    private int rows(UUID execution) {
        return Database.count(dataSource, "SELECT count(*) FROM event_log WHERE execution_uuid = ?", execution);
    }

    private String insertAudit(String age) {
        String user = "retention-" + UUID.randomUUID();
        Database.update(dataSource, """
                INSERT INTO audit_event (timestamp, action, outcome, username, document)
                VALUES (now() - CAST(? AS interval), 'user_login', 'failure', ?, '{}')""", age, user);
        return user;
    }

    private int auditRows(String user) {
        return Database.count(dataSource, "SELECT count(*) FROM audit_event WHERE username = ?", user);
    }

    @Test
    void auditRowsPastTheirRetentionAreDeletedAndTheOthersKept() throws Exception {
        String old = insertAudit("366 days");
        String recent = insertAudit("364 days");
        assertTrue(retention.prune() >= 1);
        assertEquals(0, auditRows(old));
        assertEquals(1, auditRows(recent));
    }

    @Test
    void rowsPastTheRetentionAreDeletedAndTheOthersKept() throws Exception {
        UUID old = insert("91 days");
        UUID recent = insert("89 days");
        assertTrue(retention.prune() >= 1);
        assertEquals(0, rows(old));
        assertEquals(1, rows(recent));
    }
}
