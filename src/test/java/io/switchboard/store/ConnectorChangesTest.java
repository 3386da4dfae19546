package io.switchboard.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.support.Database;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.switchboard.support.Api.create;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.kibana;
import static io.switchboard.support.Api.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Changes written by another instance (here: SQL on the same database, as that instance's store writes it) reach
 * the cached connectors of this one; a lost listening connection cannot leave a stale connector behind.
 */
@QuarkusTest
class ConnectorChangesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    DataSource dataSource;

    private static void execute(String space, String id) {
        kibana().body("{\"params\":{\"message\":\"m\"}}").post(path(space, "/api/actions/connector/" + id + "/_execute"))
                .then().statusCode(200);
    }

    /** The connector name the last execution ran under, as its event row records it. */
    private String lastRunName(String space, String id) throws Exception {
        List<String> events = Database.events(dataSource, space, id);
        return JSON.readTree(events.get(events.size() - 1)).at("/kibana/action/name").asText();
    }

    private void rename(String space, String id, String name, boolean announce) {
        Database.update(dataSource, "UPDATE connector SET name = ? WHERE space_id = ? AND id = ?", name, space, id);
        if (announce) {
            Database.update(dataSource, "SELECT pg_notify(?, ?)", ConnectorChangeListener.CHANNEL,
                    ConnectorChangeListener.payload(space, id));
        }
    }

    @Test
    void aChangeAnnouncedByAnotherInstanceIsUsedWithinASecond() throws Exception {
        String space = freshSpace();
        String id = create(space, "{\"name\":\"first\",\"connector_type_id\":\".server-log\"}");
        execute(space, id);
        rename(space, id, "unannounced", false);
        execute(space, id);
        assertEquals("first", lastRunName(space, id), "the cached connector is used while nothing is announced");

        rename(space, id, "second", true);
        long changed = System.nanoTime();
        String name = "first";
        while (!name.equals("second") && System.nanoTime() - changed < TimeUnit.SECONDS.toNanos(5)) {
            execute(space, id);
            name = lastRunName(space, id);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - changed);
        assertEquals("second", name);
        assertTrue(millis < 1000, "the change was used after " + millis + " ms");
    }

    @Test
    void aLostListeningConnectionDropsEverythingCached() throws Exception {
        String space = freshSpace();
        String id = create(space, "{\"name\":\"before\",\"connector_type_id\":\".server-log\"}");
        execute(space, id);
        int listener = listenerPid();
        Database.update(dataSource, "SELECT pg_terminate_backend(?)", listener);
        // A change made while nobody listens, and never announced:
        rename(space, id, "after", false);

        long lost = System.nanoTime();
        while (listenerPid() == listener && System.nanoTime() - lost < TimeUnit.SECONDS.toNanos(10)) {
            Thread.sleep(50);
        }
        assertTrue(listenerPid() != listener, "the listener did not connect again");
        execute(space, id);
        assertEquals("after", lastRunName(space, id));
    }

    /** The process id of the listening connection, or -1 while there is none. */
    private int listenerPid() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT pid FROM pg_stat_activity WHERE application_name = ?")) {
            statement.setString(1, ConnectorChangeListener.APPLICATION_NAME);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getInt(1) : -1;
            }
        }
    }
}
