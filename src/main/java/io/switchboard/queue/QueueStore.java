package io.switchboard.queue;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code queued_execution} table: one statement per batch of rows for every step, so that the queue's database
 * work grows with batches, not with executions. Knows SQL only; {@link ExecutionQueue} and {@link QueueWorker}
 * decide what to write.
 */
@Singleton
public class QueueStore {

    /** Notified, on commit, whenever rows become due; every instance listens. */
    static final String CHANNEL = "switchboard_queue";
    /** Serialises enqueueing near the {@code queued.max} bound (across instances too), so that it holds there. */
    private static final long ENQUEUE_LOCK = 0x5357_4251_5545_5545L;

    private static final String COUNT_UNFINISHED = "SELECT count(*) FROM queued_execution WHERE finished_at IS NULL";

    private static final String FORGET_STALE_KEYS = """
            UPDATE queued_execution SET idempotency_key = NULL
            WHERE idempotency_key = ANY (CAST(? AS text[])) AND created_at < now() - make_interval(secs => ?)""";

    // Each row's params and context arrive as one JSON array of [params, context] pairs, the other columns as arrays.
    private static final String INSERT = """
            INSERT INTO queued_execution (id, space_id, connector_id, connector_type_id, params, context,
                                          idempotency_key, state, attempts, max_attempts, due_at, scheduled_at,
                                          created_at)
            SELECT r.id, r.space_id, r.connector_id, r.type_id, d.pair -> 0, d.pair -> 1, r.idempotency_key,
                   'queued', 0, r.max_attempts, now(), now(), now()
            FROM unnest(CAST(? AS uuid[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]),
                        CAST(? AS text[]), CAST(? AS int[]))
                     WITH ORDINALITY AS r(id, space_id, connector_id, type_id, idempotency_key, max_attempts, n)
            JOIN jsonb_array_elements(CAST(? AS jsonb)) WITH ORDINALITY AS d(pair, n) USING (n)
            ORDER BY n
            ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING""";

    private static final String KEYED = """
            SELECT idempotency_key, id FROM queued_execution WHERE idempotency_key = ANY (CAST(? AS text[]))""";

    // The oldest due rows no other instance holds; a running row is due when its lease has ended.
    private static final String CLAIM = """
            WITH due AS (
                SELECT id, due_at FROM queued_execution
                WHERE finished_at IS NULL AND due_at <= now()
                ORDER BY due_at
                LIMIT ?
                FOR UPDATE SKIP LOCKED)
            UPDATE queued_execution q
            SET state = 'running', attempts = q.attempts + 1, lease_owner = ?,
                due_at = now() + make_interval(secs => ?), scheduled_at = due.due_at
            FROM due
            WHERE q.id = due.id
            RETURNING q.id, q.space_id, q.connector_id, q.connector_type_id, q.params::text, q.context::text,
                      q.attempts, q.max_attempts, q.scheduled_at""";

    private static final String RENEW = """
            UPDATE queued_execution SET due_at = now() + make_interval(secs => ?)
            WHERE id = ANY (CAST(? AS uuid[])) AND lease_owner = ? AND finished_at IS NULL""";

    // Applied only while the row is still this instance's attempt: a row taken over after its lease ended has
    // another owner or another attempt number, and the late result of the first attempt is dropped.
    private static final String SETTLE = """
            UPDATE queued_execution q
            SET state = u.state, attempts = u.attempts, lease_owner = NULL,
                last_result = COALESCE(CAST(u.result AS jsonb), q.last_result),
                due_at = COALESCE(u.due_at, q.due_at),
                finished_at = CASE WHEN u.state IN ('succeeded', 'failed') THEN now() END
            FROM unnest(CAST(? AS uuid[]), CAST(? AS int[]), CAST(? AS int[]), CAST(? AS text[]),
                        CAST(? AS timestamptz[]), CAST(? AS text[]))
                     AS u(id, attempt, attempts, state, due_at, result)
            WHERE q.id = u.id AND q.lease_owner = ? AND q.attempts = u.attempt""";

    private static final String DELETE_FINISHED = """
            DELETE FROM queued_execution WHERE id IN (
                SELECT id FROM queued_execution
                WHERE finished_at < now() - make_interval(secs => ?)
                  AND created_at < now() - make_interval(secs => ?)
                LIMIT ?)""";

    private static final String FIND = """
            SELECT id, connector_id, connector_type_id, state, attempts, max_attempts, due_at, created_at,
                   finished_at, last_result::text
            FROM queued_execution WHERE id = ? AND space_id = ?""";

    private final DataSource dataSource;

    @Inject
    public QueueStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A row to insert; {@code params} and {@code context} are JSON text, {@code idempotencyKey} may be null. */
    record NewRow(UUID id, String spaceId, String connectorId, String typeId, String params, String context,
                  String idempotencyKey, Duration idempotencyWindow, int maxAttempts) {
    }

    /** A claimed attempt. */
    record Claimed(UUID id, String spaceId, String connectorId, String typeId, String params, String context,
                   int attempt, int maxAttempts, Instant scheduled) {
    }

    /**
     * How an attempt ends: its new state, the attempts to record (one less when the attempt is given back without
     * counting), when the row is due next (null to keep), and the last result as JSON text (null to keep none).
     */
    record Settlement(UUID id, int attempt, int attempts, String state, Instant dueAt, String result) {
    }

    /** A row as the execution route shows it. */
    record Found(UUID id, String connectorId, String typeId, String state, int attempts, int maxAttempts,
                 Instant dueAt, Instant createdAt, Instant finishedAt, String lastResult) {
    }

    /**
     * What an insert did: per row in order, the id it is queued under (another row's for a key queued already), or
     * null when the bound left no room for it; and the unfinished rows it counted first, or -1 if it did not count.
     */
    record Inserted(List<UUID> ids, long unfinished) {
    }

    /**
     * Inserts the rows in one transaction and notifies the workers. With {@code bounded}, the rows are first
     * counted, under a lock that other bounded inserts wait for, and only as many are inserted as
     * {@code queuedMax} leaves room for; counting costs a scan of the unfinished rows, so callers do it only near
     * the bound or to refresh their estimate.
     */
    Inserted insert(List<NewRow> rows, long queuedMax, boolean bounded) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Inserted inserted = insert(connection, rows, queuedMax, bounded);
                connection.commit();
                return inserted;
            } catch (SQLException | RuntimeException failure) {
                connection.rollback();
                throw failure;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private Inserted insert(Connection connection, List<NewRow> rows, long queuedMax, boolean bounded)
            throws SQLException {
        long unfinished = -1;
        int room = rows.size();
        if (bounded) {
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, ENQUEUE_LOCK);
                lock.execute();
            }
            try (Statement count = connection.createStatement();
                 ResultSet result = count.executeQuery(COUNT_UNFINISHED)) {
                result.next();
                unfinished = result.getLong(1);
            }
            room = (int) Math.max(0, Math.min(rows.size(), queuedMax - unfinished));
        }
        List<NewRow> accepted = rows.subList(0, room);
        List<String> keys = accepted.stream().map(NewRow::idempotencyKey).filter(key -> key != null).toList();
        Array keyArray = connection.createArrayOf("text", keys.toArray());
        // A key older than its window no longer holds: it is taken off its row, and the item is queued anew.
        Map<Duration, List<String>> keysByWindow = new HashMap<>();
        accepted.stream().filter(row -> row.idempotencyKey() != null).forEach(row -> keysByWindow
                .computeIfAbsent(row.idempotencyWindow(), window -> new ArrayList<>()).add(row.idempotencyKey()));
        for (Map.Entry<Duration, List<String>> window : keysByWindow.entrySet()) {
            try (PreparedStatement forget = connection.prepareStatement(FORGET_STALE_KEYS)) {
                forget.setArray(1, connection.createArrayOf("text", window.getValue().toArray()));
                forget.setDouble(2, window.getKey().toMillis() / 1000.0);
                forget.executeUpdate();
            }
        }
        if (!accepted.isEmpty()) {
            insertRows(connection, accepted);
            try (Statement notify = connection.createStatement()) {
                notify.execute("SELECT pg_notify('" + CHANNEL + "', '')");
            }
        }
        Map<String, UUID> byKey = new HashMap<>();
        if (!keys.isEmpty()) {
            try (PreparedStatement keyed = connection.prepareStatement(KEYED)) {
                keyed.setArray(1, keyArray);
                try (ResultSet result = keyed.executeQuery()) {
                    while (result.next()) {
                        byKey.put(result.getString(1), result.getObject(2, UUID.class));
                    }
                }
            }
        }
        List<UUID> ids = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            NewRow row = rows.get(i);
            ids.add(i >= room ? null : row.idempotencyKey() == null ? row.id() : byKey.get(row.idempotencyKey()));
        }
        return new Inserted(ids, unfinished);
    }

    private static void insertRows(Connection connection, List<NewRow> rows) throws SQLException {
        int size = rows.size();
        UUID[] ids = new UUID[size];
        String[] spaces = new String[size];
        String[] connectors = new String[size];
        String[] types = new String[size];
        String[] keys = new String[size];
        Integer[] maxAttempts = new Integer[size];
        StringBuilder pairs = new StringBuilder(size * 256).append('[');
        for (int i = 0; i < size; i++) {
            NewRow row = rows.get(i);
            ids[i] = row.id();
            spaces[i] = row.spaceId();
            connectors[i] = row.connectorId();
            types[i] = row.typeId();
            keys[i] = row.idempotencyKey();
            maxAttempts[i] = row.maxAttempts();
            // params and context are JSON documents already: concatenating them builds valid JSON.
            pairs.append(i == 0 ? "[" : ",[").append(row.params()).append(',').append(row.context()).append(']');
        }
        pairs.append(']');
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setArray(1, connection.createArrayOf("uuid", ids));
            insert.setArray(2, connection.createArrayOf("text", spaces));
            insert.setArray(3, connection.createArrayOf("text", connectors));
            insert.setArray(4, connection.createArrayOf("text", types));
            insert.setArray(5, connection.createArrayOf("text", keys));
            insert.setArray(6, connection.createArrayOf("int4", maxAttempts));
            insert.setString(7, pairs.toString());
            insert.executeUpdate();
        }
    }

    /** Takes up to {@code limit} due rows for {@code owner}, each under a lease of {@code lease}. */
    List<Claimed> claim(String owner, int limit, Duration lease) throws SQLException {
        List<Claimed> claimed = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement claim = connection.prepareStatement(CLAIM)) {
            claim.setInt(1, limit);
            claim.setString(2, owner);
            claim.setDouble(3, lease.toMillis() / 1000.0);
            try (ResultSet result = claim.executeQuery()) {
                while (result.next()) {
                    claimed.add(new Claimed(result.getObject(1, UUID.class), result.getString(2),
                            result.getString(3), result.getString(4), result.getString(5), result.getString(6),
                            result.getInt(7), result.getInt(8), result.getTimestamp(9).toInstant()));
                }
            }
        }
        return claimed;
    }

    /** Extends the leases of rows this instance is running. */
    void renew(String owner, List<UUID> ids, Duration lease) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement renew = connection.prepareStatement(RENEW)) {
            renew.setDouble(1, lease.toMillis() / 1000.0);
            renew.setArray(2, connection.createArrayOf("uuid", ids.toArray()));
            renew.setString(3, owner);
            renew.executeUpdate();
        }
    }

    /** Ends attempts in one statement; returns how many rows were still this instance's to end. */
    int settle(String owner, List<Settlement> settlements) throws SQLException {
        int size = settlements.size();
        UUID[] ids = new UUID[size];
        Integer[] attempts = new Integer[size];
        Integer[] recorded = new Integer[size];
        String[] states = new String[size];
        Timestamp[] due = new Timestamp[size];
        String[] results = new String[size];
        for (int i = 0; i < size; i++) {
            Settlement settlement = settlements.get(i);
            ids[i] = settlement.id();
            attempts[i] = settlement.attempt();
            recorded[i] = settlement.attempts();
            states[i] = settlement.state();
            due[i] = settlement.dueAt() == null ? null : Timestamp.from(settlement.dueAt());
            results[i] = settlement.result();
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement settle = connection.prepareStatement(SETTLE)) {
            settle.setArray(1, connection.createArrayOf("uuid", ids));
            settle.setArray(2, connection.createArrayOf("int4", attempts));
            settle.setArray(3, connection.createArrayOf("int4", recorded));
            settle.setArray(4, connection.createArrayOf("text", states));
            settle.setArray(5, connection.createArrayOf("timestamptz", due));
            settle.setArray(6, connection.createArrayOf("text", results));
            settle.setString(7, owner);
            return settle.executeUpdate();
        }
    }

    /** Deletes up to {@code limit} rows finished before the retention (and queued before the idempotency window). */
    int deleteFinished(Duration retention, Duration idempotencyWindow, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement(DELETE_FINISHED)) {
            delete.setDouble(1, retention.toMillis() / 1000.0);
            delete.setDouble(2, idempotencyWindow.toMillis() / 1000.0);
            delete.setInt(3, limit);
            return delete.executeUpdate();
        }
    }

    Optional<Found> find(String spaceId, UUID id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement find = connection.prepareStatement(FIND)) {
            find.setObject(1, id);
            find.setString(2, spaceId);
            try (ResultSet result = find.executeQuery()) {
                if (!result.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Found(result.getObject(1, UUID.class), result.getString(2),
                        result.getString(3), result.getString(4), result.getInt(5), result.getInt(6),
                        instant(result.getTimestamp(7)), instant(result.getTimestamp(8)),
                        instant(result.getTimestamp(9)), result.getString(10)));
            }
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
