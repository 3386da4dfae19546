package io.switchboard.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Inserts execution events into {@code event_log}, many rows in one statement. Callers append through
 * {@link EventLogWriter}, which batches; this class only knows the table.
 */
@Singleton
public class EventLogStore {

    // One statement whatever the batch size: each column arrives as one array and the documents as one JSON array;
    // unnest and jsonb_array_elements turn them into rows, joined and inserted in the order given.
    private static final String INSERT = """
            INSERT INTO event_log (timestamp, action, outcome, space_id, connector_id, connector_type_id,
                                   execution_uuid, duration_ns, document)
            SELECT c.timestamp, c.action, c.outcome, c.space_id, c.connector_id, c.connector_type_id,
                   c.execution_uuid, c.duration_ns, d.document
            FROM unnest(CAST(? AS timestamptz[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]),
                        CAST(? AS text[]), CAST(? AS text[]), CAST(? AS uuid[]), CAST(? AS bigint[]))
                     WITH ORDINALITY AS c(timestamp, action, outcome, space_id, connector_id, connector_type_id,
                                          execution_uuid, duration_ns, n)
            JOIN json_array_elements(CAST(? AS json)) WITH ORDINALITY AS d(document, n) USING (n)
            ORDER BY n""";

    private final DataSource dataSource;
    private final ObjectMapper json;

    @Inject
    public EventLogStore(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /** An event to append; {@code document} is the full event as Kibana's event log would hold it, as JSON text. */
    public record Event(Instant timestamp, String action, String outcome, String spaceId, String connectorId,
                        String connectorTypeId, UUID executionUuid, Long durationNanos, String document) {
    }

    /** Writes every event in one statement and commits, or writes none. */
    void insert(List<Event> events) throws SQLException {
        int size = events.size();
        String[] timestamps = new String[size];
        String[] actions = new String[size];
        String[] outcomes = new String[size];
        String[] spaces = new String[size];
        String[] connectors = new String[size];
        String[] types = new String[size];
        String[] executions = new String[size];
        Long[] durations = new Long[size];
        List<String> documents = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            Event event = events.get(i);
            timestamps[i] = event.timestamp().toString();
            actions[i] = event.action();
            outcomes[i] = event.outcome();
            spaces[i] = event.spaceId();
            connectors[i] = event.connectorId();
            types[i] = event.connectorTypeId();
            executions[i] = event.executionUuid().toString();
            durations[i] = event.durationNanos();
            documents.add(event.document());
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(INSERT)) {
            statement.setArray(1, connection.createArrayOf("text", timestamps));
            statement.setArray(2, connection.createArrayOf("text", actions));
            statement.setArray(3, connection.createArrayOf("text", outcomes));
            statement.setArray(4, connection.createArrayOf("text", spaces));
            statement.setArray(5, connection.createArrayOf("text", connectors));
            statement.setArray(6, connection.createArrayOf("text", types));
            statement.setArray(7, connection.createArrayOf("text", executions));
            statement.setArray(8, connection.createArrayOf("int8", durations));
            statement.setString(9, write(documents));
            statement.executeUpdate();
        }
    }

    /** The documents, each already JSON, as one JSON array. */
    private String write(List<String> documents) {
        StringWriter text = new StringWriter(documents.size() * 800);
        try (JsonGenerator array = json.getFactory().createGenerator(text)) {
            array.writeStartArray();
            for (String document : documents) {
                array.writeRawValue(document);
            }
            array.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException("event documents could not be written", e);
        }
        return text.toString();
    }
}
