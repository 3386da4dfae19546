package io.switchboard.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.UUID;

/** Appends execution events to {@code event_log}. */
@Singleton
public class EventLogStore {

    private final EntityManager entityManager;
    private final ObjectMapper json;

    @Inject
    public EventLogStore(EntityManager entityManager, ObjectMapper json) {
        this.entityManager = entityManager;
        this.json = json;
    }

    /** An event to append; {@code document} is the full event as Kibana's event log would hold it. */
    public record Event(Instant timestamp, String action, String outcome, String spaceId, String connectorId,
                        String connectorTypeId, UUID executionUuid, Long durationNanos, ObjectNode document) {
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void append(Event event) {
        entityManager.createNativeQuery("""
                        INSERT INTO event_log (timestamp, action, outcome, space_id, connector_id, connector_type_id,
                                               execution_uuid, duration_ns, document)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, CAST(?9 AS jsonb))""")
                .setParameter(1, event.timestamp())
                .setParameter(2, event.action())
                .setParameter(3, event.outcome())
                .setParameter(4, event.spaceId())
                .setParameter(5, event.connectorId())
                .setParameter(6, event.connectorTypeId())
                .setParameter(7, event.executionUuid())
                .setParameter(8, event.durationNanos())
                .setParameter(9, write(event.document()))
                .executeUpdate();
    }

    private String write(ObjectNode document) {
        try {
            return json.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event could not be serialised", e);
        }
    }
}
