package io.switchboard.store;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads executions back from {@code event_log}: one entry per finished execution ({@code execute} event), with
 * whether it also timed out, for Kibana's execution-log routes. Rows still queued for writing are written first (for
 * at most {@link #FLUSH_WAIT}), so that a reader sees the executions this instance has answered.
 */
@Singleton
public class ExecutionLogStore {

    /** Event-log fields a filter may name, and the SQL they read. */
    public static final Map<String, String> FILTER_FIELDS = Map.of(
            "kibana.action.id", "e.connector_id",
            "kibana.action.type_id", "e.connector_type_id",
            "kibana.action.name", "e.document->'kibana'->'action'->>'name'",
            "kibana.action.execution.source", "e.document->'kibana'->'action'->'execution'->>'source'",
            "kibana.action.execution.uuid", "CAST(e.execution_uuid AS text)",
            "event.outcome", "e.outcome",
            "kibana.space_ids", "e.space_id");

    private static final Map<String, String> SORT_COLUMNS = Map.of(
            "timestamp", "e.timestamp", "execution_duration", "e.duration_ns", "schedule_delay",
            "COALESCE(CAST(e.document->'kibana'->'task'->>'schedule_delay' AS bigint), 0)");

    static final Duration FLUSH_WAIT = Duration.ofSeconds(2);

    private final EntityManager entityManager;
    private final EventLogWriter writer;

    @Inject
    public ExecutionLogStore(EntityManager entityManager, EventLogWriter writer) {
        this.entityManager = entityManager;
        this.writer = writer;
    }

    /** Which executions to read. {@code spaces} empty means every space; {@code filters} are field → exact value. */
    public record Criteria(Instant from, Instant to, List<String> spaces, Map<String, String> filters) {
    }

    public record Entry(String executionUuid, Instant start, long durationNanos, String outcome, String message,
                        String errorMessage, String spaceId, String connectorName, String connectorId,
                        boolean timedOut, String source, long scheduleDelayNanos) {
    }

    public record Page(long total, List<Entry> entries) {
    }

    public record Counts(long success, long failure) {
    }

    @Transactional
    public Page find(Criteria criteria, String sortField, boolean ascending, int perPage, int page) {
        writer.flush(FLUSH_WAIT);
        Map<Integer, Object> parameters = new LinkedHashMap<>();
        String where = where(criteria, parameters);
        Query count = entityManager.createNativeQuery("SELECT count(*) FROM event_log e WHERE " + where);
        parameters.forEach(count::setParameter);
        long total = ((Number) count.getSingleResult()).longValue();

        String order = SORT_COLUMNS.getOrDefault(sortField, "e.timestamp") + (ascending ? " ASC" : " DESC");
        Query select = entityManager.createNativeQuery("""
                SELECT CAST(e.execution_uuid AS text), e.document->>'@timestamp', e.duration_ns, e.outcome,
                       e.document->>'message', e.document->'error'->>'message', e.space_id,
                       e.document->'kibana'->'action'->>'name', e.connector_id,
                       EXISTS (SELECT 1 FROM event_log t WHERE t.execution_uuid = e.execution_uuid
                                                          AND t.action = 'execute-timeout'),
                       e.document->'kibana'->'action'->'execution'->>'source',
                       CAST(e.document->'kibana'->'task'->>'schedule_delay' AS bigint)
                FROM event_log e WHERE %s ORDER BY %s, e.id DESC LIMIT %d OFFSET %d"""
                .formatted(where, order, perPage, (long) (page - 1) * perPage));
        parameters.forEach(select::setParameter);
        List<Entry> entries = new ArrayList<>();
        for (Object row : select.getResultList()) {
            Object[] columns = (Object[]) row;
            entries.add(new Entry((String) columns[0], Instant.parse((String) columns[1]),
                    columns[2] == null ? 0 : ((Number) columns[2]).longValue(), (String) columns[3],
                    (String) columns[4], (String) columns[5], (String) columns[6], (String) columns[7],
                    (String) columns[8], (Boolean) columns[9], (String) columns[10],
                    columns[11] == null ? 0 : ((Number) columns[11]).longValue()));
        }
        return new Page(total, entries);
    }

    @Transactional
    public Counts count(Criteria criteria) {
        writer.flush(FLUSH_WAIT);
        Map<Integer, Object> parameters = new LinkedHashMap<>();
        Query query = entityManager.createNativeQuery("""
                SELECT count(*) FILTER (WHERE e.outcome = 'success'), count(*) FILTER (WHERE e.outcome = 'failure')
                FROM event_log e WHERE""" + " " + where(criteria, parameters));
        parameters.forEach(query::setParameter);
        Object[] row = (Object[]) query.getSingleResult();
        return new Counts(((Number) row[0]).longValue(), ((Number) row[1]).longValue());
    }

    private static String where(Criteria criteria, Map<Integer, Object> parameters) {
        StringBuilder where = new StringBuilder("e.action = 'execute' AND e.timestamp >= ?1");
        parameters.put(1, Timestamp.from(criteria.from()));
        if (criteria.to() != null) {
            parameters.put(2, Timestamp.from(criteria.to()));
            where.append(" AND e.timestamp <= ?2");
        }
        int next = 3;
        if (!criteria.spaces().isEmpty()) {
            where.append(" AND e.space_id IN (");
            for (int i = 0; i < criteria.spaces().size(); i++) {
                where.append(i == 0 ? "" : ", ").append('?').append(next);
                parameters.put(next++, criteria.spaces().get(i));
            }
            where.append(')');
        }
        for (Map.Entry<String, String> filter : criteria.filters().entrySet()) {
            String column = FILTER_FIELDS.get(filter.getKey());
            if (column == null) {
                throw new IllegalArgumentException("unsupported filter field " + filter.getKey());
            }
            where.append(" AND ").append(column).append(" = ?").append(next);
            parameters.put(next++, filter.getValue());
        }
        return where.toString();
    }
}
