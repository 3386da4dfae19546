package io.switchboard.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.switchboard.support.Api.create;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.kibana;
import static io.switchboard.support.Api.path;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Two writers updating one connector at once: the one that commits second gets Kibana's 409 for a saved-object
 * conflict, and the first one's change stays whole. The race is made deterministic by holding the row lock of the
 * first writer until the API's update is seen waiting on it.
 */
@QuarkusTest
class ConcurrentUpdateTest {

    @Inject
    DataSource dataSource;

    @Test
    void theSecondOfTwoConcurrentUpdatesIsAConflict() throws Exception {
        String space = freshSpace();
        String id = create(space, """
                {"name":"before","connector_type_id":".server-log"}""");
        CompletableFuture<Response> update;
        try (Connection firstWriter = dataSource.getConnection()) {
            firstWriter.setAutoCommit(false);
            try (PreparedStatement write = firstWriter.prepareStatement(
                    "UPDATE connector SET name = 'first writer', version = version + 1 WHERE space_id = ? AND id = ?")) {
                write.setString(1, space);
                write.setString(2, id);
                assertEquals(1, write.executeUpdate());
            }
            update = CompletableFuture.supplyAsync(() -> kibana().body("""
                    {"name":"second writer","config":{}}""")
                    .put(path(space, "/api/actions/connector/" + id)));
            awaitUpdateBlockedOnALock(update);
            firstWriter.commit();
        }

        update.get(30, TimeUnit.SECONDS).then().statusCode(409)
                .body("statusCode", equalTo(409))
                .body("error", equalTo("Conflict"))
                .body("message", equalTo("Saved object [action/" + id + "] conflict"));
        kibana().get(path(space, "/api/actions/connector/" + id)).then().statusCode(200)
                .body("name", equalTo("first writer"));
    }

    /** Waits until a session of the application waits for a row lock, which only the pending update can be. */
    private void awaitUpdateBlockedOnALock(CompletableFuture<Response> update) throws Exception {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < giveUp) {
            assertFalse(update.isDone(), "the update finished without waiting for the other writer");
            try (Connection observer = dataSource.getConnection();
                 PreparedStatement waiting = observer.prepareStatement("""
                         SELECT count(*) FROM pg_stat_activity
                         WHERE datname = current_database() AND wait_event_type = 'Lock'
                           AND query ILIKE 'update connector%'""");
                 ResultSet rows = waiting.executeQuery()) {
                rows.next();
                if (rows.getInt(1) > 0) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the update never waited for the row lock");
    }
}
