package io.switchboard.store;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.support.Database;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Event rows are kept for {@code switchboard.event-log.retention} (90 days by default), then deleted. */
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

    @Test
    void rowsPastTheRetentionAreDeletedAndTheOthersKept() throws Exception {
        UUID old = insert("91 days");
        UUID recent = insert("89 days");
        assertTrue(retention.prune() >= 1);
        assertEquals(0, rows(old));
        assertEquals(1, rows(recent));
    }
}
