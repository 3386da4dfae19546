package io.switchboard.support;

import io.quarkus.arc.Arc;
import io.switchboard.store.EventLogWriter;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/** Direct SQL on the application's database, for tests that alter stored rows the way an attacker or a bad restore would. */
public final class Database {

    private Database() {
    }

    public static int update(DataSource dataSource, String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            // execute, not executeUpdate, so that a SELECT of a function (pg_notify, pg_terminate_backend) works too
            return statement.execute() ? 0 : statement.getUpdateCount();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The single number a query answers, such as a count. */
    public static Integer count(DataSource dataSource, String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getInt(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] secrets(DataSource dataSource, String spaceId, String id) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT secrets FROM connector WHERE space_id = ? AND id = ?")) {
            statement.setString(1, spaceId);
            statement.setString(2, id);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getBytes(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the event rows of every execution answered so far are written (they are written behind). */
    public static void flushEventLog() {
        if (!Arc.container().instance(EventLogWriter.class).get().flush(Duration.ofSeconds(10))) {
            throw new IllegalStateException("event rows still unwritten after 10 s");
        }
    }

    /** The event documents of a connector, oldest first, as JSON text. */
    public static java.util.List<String> events(DataSource dataSource, String spaceId, String connectorId) {
        flushEventLog();
        java.util.List<String> events = new java.util.ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT document::text FROM event_log WHERE space_id = ? AND connector_id = ? ORDER BY id")) {
            statement.setString(1, spaceId);
            statement.setString(2, connectorId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    events.add(rows.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return events;
    }

    /** Every stored connector row and event as text, for scans that look for plaintext secrets at rest. */
    public static String dump(DataSource dataSource) {
        flushEventLog();
        StringBuilder text = new StringBuilder();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT space_id, id, connector_type_id, name, config::text, encode(secrets, 'escape') FROM connector");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                for (int column = 1; column <= 6; column++) {
                    text.append(rows.getString(column)).append('\t');
                }
                text.append('\n');
            }
            try (PreparedStatement events = connection.prepareStatement("SELECT document::text FROM event_log");
                 ResultSet eventRows = events.executeQuery()) {
                while (eventRows.next()) {
                    text.append(eventRows.getString(1)).append('\n');
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return text.toString();
    }
}
