package io.switchboard.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The {@code audit_event} table. */
@Singleton
public class AuditStore {

    private static final String INSERT = """
            INSERT INTO audit_event (timestamp, action, outcome, username, space_id, document)
            SELECT * FROM unnest(CAST(? AS timestamptz[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]),
                                 CAST(? AS text[]), CAST(? AS json[]))""";

    private static final String FILTER = """
             FROM audit_event
            WHERE timestamp >= ? AND timestamp <= ?
              AND (CAST(? AS text) IS NULL OR action = ?) AND (CAST(? AS text) IS NULL OR username = ?)
              AND (CAST(? AS text) IS NULL OR outcome = ?)""";

    public record Page(long total, List<JsonNode> events) {
    }

    private final DataSource dataSource;
    private final ObjectMapper json;

    @Inject
    public AuditStore(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    void insert(List<AuditEvent> events) throws SQLException {
        int size = events.size();
        Timestamp[] timestamps = new Timestamp[size];
        String[] actions = new String[size];
        String[] outcomes = new String[size];
        String[] users = new String[size];
        String[] spaces = new String[size];
        String[] documents = new String[size];
        for (int i = 0; i < size; i++) {
            AuditEvent event = events.get(i);
            timestamps[i] = Timestamp.from(event.timestamp());
            actions[i] = event.action();
            outcomes[i] = event.outcome();
            users[i] = event.username();
            spaces[i] = event.spaceId();
            try {
                documents[i] = json.writeValueAsString(event.document());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("an audit event could not be written as JSON", e);
            }
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setArray(1, connection.createArrayOf("timestamptz", timestamps));
            insert.setArray(2, connection.createArrayOf("text", actions));
            insert.setArray(3, connection.createArrayOf("text", outcomes));
            insert.setArray(4, connection.createArrayOf("text", users));
            insert.setArray(5, connection.createArrayOf("text", spaces));
            insert.setArray(6, connection.createArrayOf("json", documents));
            insert.executeUpdate();
        }
    }

    /** The newest events first, filtered; {@code page} counts from 1. */
    public Page find(Instant from, Instant to, String action, String user, String outcome, int page, int perPage)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            long total;
            try (PreparedStatement count = connection.prepareStatement("SELECT count(*)" + FILTER)) {
                bind(count, from, to, action, user, outcome);
                try (ResultSet result = count.executeQuery()) {
                    result.next();
                    total = result.getLong(1);
                }
            }
            List<JsonNode> events = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT document" + FILTER + " ORDER BY timestamp DESC, id DESC LIMIT ? OFFSET ?")) {
                int next = bind(select, from, to, action, user, outcome);
                select.setInt(next, perPage);
                select.setLong(next + 1, (long) (page - 1) * perPage);
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        events.add(json.readTree(result.getString(1)));
                    }
                }
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a stored audit event is not JSON", e);
            }
            return new Page(total, events);
        }
    }

    private static int bind(PreparedStatement statement, Instant from, Instant to, String action, String user,
                            String outcome) throws SQLException {
        statement.setTimestamp(1, Timestamp.from(from));
        statement.setTimestamp(2, Timestamp.from(to));
        statement.setString(3, action);
        statement.setString(4, action);
        statement.setString(5, user);
        statement.setString(6, user);
        statement.setString(7, outcome);
        statement.setString(8, outcome);
        return 9;
    }
}
