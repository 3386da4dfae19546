package io.switchboard.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.switchboard.crypto.KeyRing;
import io.switchboard.crypto.SecretBox;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.switchboard.support.Api.assertError;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.kibana;
import static io.switchboard.support.Api.path;
import static io.switchboard.support.Database.secrets;
import static io.switchboard.support.Database.update;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A rotation cut off halfway by a real fault (its database session terminated while a batch waits on a row lock)
 * leaves every secret readable, and the next rotation finishes the rest.
 */
@QuarkusTest
@TestProfile(KeyRotationTest.RotatedKeys.class)
class InterruptedKeyRotationTest {

    private static final int CONNECTORS = 60;
    private static final int BATCH_SIZE = 5;

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper json;

    @Test
    void aRotationCutOffHalfwayLeavesEverySecretReadableAndTheNextOneFinishes() throws Exception {
        String space = freshSpace();
        List<String> ids = new ArrayList<>();
        ObjectNode secrets = json.createObjectNode().put("user", "u").put("password", "p");
        SecretsVault old = vault(KeyRotationTest.OLD_KEY);
        for (int i = 0; i < CONNECTORS; i++) {
            String id = "c%03d".formatted(i);
            ids.add(id);
            kibana().body("""
                    {"name":"%s","connector_type_id":".webhook","config":{"url":"https://allowed.example.com/"},
                     "secrets":{"user":"u","password":"p"}}""".formatted(id))
                    .post(path(space, "/api/actions/connector/" + id)).then().statusCode(200);
            update(dataSource, "UPDATE connector SET secrets = ? WHERE space_id = ? AND id = ?",
                    old.seal(space, id, ".webhook", secrets), space, id);
        }

        Response interrupted = rotateWhileHoldingALockOn(space, ids.get(CONNECTORS / 2));
        assertError(interrupted.then(), 503, "the database is unavailable: try again later");
        int underNewKey = countOpening(space, ids, KeyRotationTest.NEW_KEY);
        int underOldKey = countOpening(space, ids, KeyRotationTest.OLD_KEY);
        assertTrue(underNewKey > 0 && underOldKey > 0, "cut off halfway: " + underNewKey + " new, " + underOldKey + " old");
        assertEquals(CONNECTORS, underNewKey + underOldKey, "every secret opens with one key or the other");
        for (String id : ids) {
            kibana().get(path(space, "/api/actions/connector/" + id)).then().statusCode(200)
                    .body("is_missing_secrets", equalTo(false));
        }

        int remainingEverywhere = countOldOnlyEverywhere();
        kibana().queryParam("batch_size", BATCH_SIZE).post("/api/encrypted_saved_objects/_rotate_key")
                .then().statusCode(200).body("successful", equalTo(remainingEverywhere)).body("failed", equalTo(0));
        assertEquals(CONNECTORS, countOpening(space, ids, KeyRotationTest.NEW_KEY));
    }

    @Test
    void aBatchSizeOutsideKibanasBoundsIsABadRequest() {
        assertError(kibana().queryParam("batch_size", 0).post("/api/encrypted_saved_objects/_rotate_key").then(),
                400, "[request query.batch_size]: Value must be equal to or greater than [1].");
        assertError(kibana().queryParam("batch_size", 10001).post("/api/encrypted_saved_objects/_rotate_key").then(),
                400, "[request query.batch_size]: Value must be equal to or lower than [10000].");
        kibana().queryParam("type", "alert").post("/api/encrypted_saved_objects/_rotate_key").then().statusCode(200)
                .body("total", equalTo(0));
    }

    /**
     * Starts a rotation while another transaction holds one connector's row; once the rotation's update waits on
     * that lock, its database session is terminated, as a database restart or failover would.
     */
    private Response rotateWhileHoldingALockOn(String space, String id) throws Exception {
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement(
                    "SELECT 1 FROM connector WHERE space_id = ? AND id = ? FOR UPDATE")) {
                lock.setString(1, space);
                lock.setString(2, id);
                lock.executeQuery().close();
            }
            CompletableFuture<Response> rotation = CompletableFuture.supplyAsync(() -> kibana()
                    .queryParam("batch_size", BATCH_SIZE).post("/api/encrypted_saved_objects/_rotate_key"));
            terminateTheSessionWaitingOnALock(rotation);
            holder.rollback();
            return rotation.get(60, TimeUnit.SECONDS);
        }
    }

    private void terminateTheSessionWaitingOnALock(CompletableFuture<Response> rotation) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            assertFalse(rotation.isDone(), () -> "the rotation ended before it reached the locked row: "
                    + rotation.join().asString());
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement terminate = connection.prepareStatement("""
                         SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                         WHERE wait_event_type = 'Lock' AND query ILIKE 'update connector%'""");
                 ResultSet terminated = terminate.executeQuery()) {
                if (terminated.next() && terminated.getBoolean(1)) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no rotation session ever waited on the locked row");
    }

    private SecretsVault vault(String key) {
        return new SecretsVault(new SecretBox(KeyRing.of(key, List.of())), json);
    }

    private int countOpening(String space, List<String> ids, String key) {
        SecretsVault vault = vault(key);
        int opened = 0;
        for (String id : ids) {
            if (vault.open(space, id, ".webhook", secrets(dataSource, space, id)).isPresent()) {
                opened++;
            }
        }
        return opened;
    }

    /** Every stored connector, of any test, whose secrets the old key opens and the new one does not. */
    private int countOldOnlyEverywhere() throws SQLException {
        SecretsVault old = vault(KeyRotationTest.OLD_KEY);
        SecretsVault current = vault(KeyRotationTest.NEW_KEY);
        int count = 0;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement rows = connection.prepareStatement(
                     "SELECT space_id, id, connector_type_id, secrets FROM connector");
             ResultSet row = rows.executeQuery()) {
            while (row.next()) {
                byte[] sealed = row.getBytes(4);
                String space = row.getString(1);
                String id = row.getString(2);
                String type = row.getString(3);
                if (old.open(space, id, type, sealed).isPresent() && current.open(space, id, type, sealed).isEmpty()) {
                    count++;
                }
            }
        }
        return count;
    }
}
