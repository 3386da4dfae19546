package io.switchboard.alertmanager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.Optional;

/** Receivers per space in the {@code alertmanager_receiver} table. */
@Singleton
public class ReceiverStore {

    private static final String COLUMNS = "space_id, name, actions::text, created_at, updated_at";

    private final DataSource dataSource;
    private final ObjectMapper json;

    @Inject
    public ReceiverStore(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /** Creates the receiver, or replaces the actions of the one of that name; returns it as stored. */
    public Receiver save(String spaceId, String name, List<ReceiverAction> actions) {
        Instant now = Instant.now();
        String sql = "INSERT INTO alertmanager_receiver (space_id, name, actions, created_at, updated_at) "
                + "VALUES (?, ?, CAST(? AS json), ?, ?) "
                + "ON CONFLICT (space_id, name) DO UPDATE SET actions = EXCLUDED.actions, updated_at = EXCLUDED.updated_at "
                + "RETURNING " + COLUMNS;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, spaceId);
            statement.setString(2, name);
            statement.setString(3, write(actions));
            statement.setTimestamp(4, Timestamp.from(now));
            statement.setTimestamp(5, Timestamp.from(now));
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return read(row);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("receiver not saved: " + e.getSQLState(), e);
        }
    }

    public Optional<Receiver> find(String spaceId, String name) {
        List<Receiver> found = query("SELECT " + COLUMNS + " FROM alertmanager_receiver WHERE space_id = ? AND name = ?",
                spaceId, name);
        return found.stream().findFirst();
    }

    /** The receivers of a space, by name. */
    public List<Receiver> list(String spaceId) {
        return query("SELECT " + COLUMNS + " FROM alertmanager_receiver WHERE space_id = ? ORDER BY name COLLATE \"C\"",
                spaceId);
    }

    /** Returns false when there was no such receiver. */
    public boolean delete(String spaceId, String name) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "DELETE FROM alertmanager_receiver WHERE space_id = ? AND name = ?")) {
            statement.setString(1, spaceId);
            statement.setString(2, name);
            return statement.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new IllegalStateException("receiver not deleted: " + e.getSQLState(), e);
        }
    }

    private List<Receiver> query(String sql, String... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            List<Receiver> receivers = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    receivers.add(read(rows));
                }
            }
            return receivers;
        } catch (SQLException e) {
            throw new IllegalStateException("receivers not read: " + e.getSQLState(), e);
        }
    }

    private Receiver read(ResultSet row) throws SQLException {
        List<ReceiverAction> actions = new ArrayList<>();
        try {
            for (JsonNode action : json.readTree(row.getString(3))) {
                JsonNode params = action.get("params");
                actions.add(new ReceiverAction(action.get("id").textValue(),
                        params == null || !params.isObject() ? null : (ObjectNode) params));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored receiver actions are not valid JSON", e);
        }
        return new Receiver(row.getString(1), row.getString(2), List.copyOf(actions),
                row.getTimestamp(4).toInstant(), row.getTimestamp(5).toInstant());
    }

    private String write(List<ReceiverAction> actions) {
        ArrayNode array = json.createArrayNode();
        for (ReceiverAction action : actions) {
            ObjectNode stored = array.addObject().put("id", action.connectorId());
            if (action.params() != null) {
                stored.set("params", action.params());
            }
        }
        try {
            return json.writeValueAsString(array);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("receiver actions could not be serialised", e);
        }
    }
}
