package io.switchboard.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.switchboard.crypto.KeyRing;
import io.switchboard.crypto.SecretBox;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.List;
import java.util.Map;

import static io.switchboard.support.Api.assertError;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.kibana;
import static io.switchboard.support.Api.path;
import static io.switchboard.support.Database.secrets;
import static io.switchboard.support.Database.update;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@TestProfile(KeyRotationTest.RotatedKeys.class)
class KeyRotationTest {

    static final String OLD_KEY = "the-previous-key-which-is-still-readable";
    static final String NEW_KEY = "the-current-primary-key-for-every-write";
    static final String LOST_KEY = "a-key-nobody-configured-any-longer-000";

    public static class RotatedKeys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("xpack.encryptedSavedObjects.encryptionKey", NEW_KEY,
                    "xpack.encryptedSavedObjects.keyRotation.decryptionOnlyKeys", OLD_KEY);
        }
    }

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper json;

    private void sealWith(String key, String space, String id, ObjectNode secrets) {
        SecretsVault vault = new SecretsVault(new SecretBox(KeyRing.of(key, List.of())), json);
        update(dataSource, "UPDATE connector SET secrets = ? WHERE space_id = ? AND id = ?",
                vault.seal(space, id, ".webhook", secrets), space, id);
    }

    private boolean opensWithOnly(String key, String space, String id) {
        SecretsVault vault = new SecretsVault(new SecretBox(KeyRing.of(key, List.of())), json);
        return vault.open(space, id, ".webhook", secrets(dataSource, space, id)).isPresent();
    }

    @Test
    void oldSecretsStayReadableAndRotationReEncryptsThemWithThePrimaryKey() {
        String space = freshSpace();
        for (String id : List.of("old-1", "old-2", "current", "lost")) {
            kibana().body("""
                    {"name":"%s","connector_type_id":".webhook","config":{"url":"https://allowed.example.com/"},
                     "secrets":{"user":"u","password":"p"}}""".formatted(id))
                    .post(path(space, "/api/actions/connector/" + id)).then().statusCode(200);
        }
        ObjectNode secrets = json.createObjectNode().put("user", "u").put("password", "p");
        sealWith(OLD_KEY, space, "old-1", secrets);
        sealWith(OLD_KEY, space, "old-2", secrets);
        sealWith(LOST_KEY, space, "lost", secrets);

        kibana().get(path(space, "/api/actions/connector/old-1")).then().body("is_missing_secrets", equalTo(false));
        kibana().get(path(space, "/api/actions/connector/lost")).then().body("is_missing_secrets", equalTo(true));
        assertFalse(opensWithOnly(NEW_KEY, space, "old-1"));

        assertError(RestAssured.given().post("/api/encrypted_saved_objects/_rotate_key").then(), 400,
                "Request must contain a kbn-xsrf header.");
        kibana().post("/api/encrypted_saved_objects/_rotate_key").then().statusCode(200)
                .body("total", greaterThanOrEqualTo(4))
                .body("successful", equalTo(2))
                .body("failed", equalTo(0));

        assertTrue(opensWithOnly(NEW_KEY, space, "old-1"));
        assertTrue(opensWithOnly(NEW_KEY, space, "old-2"));
        assertTrue(opensWithOnly(NEW_KEY, space, "current"));
        assertFalse(opensWithOnly(NEW_KEY, space, "lost"));
        kibana().get(path(space, "/api/actions/connector/old-2")).then().body("is_missing_secrets", equalTo(false));

        kibana().post("/api/encrypted_saved_objects/_rotate_key").then().statusCode(200)
                .body("successful", equalTo(0));
        assertEquals(1, update(dataSource, "DELETE FROM connector WHERE space_id = ? AND id = 'lost'", space));
    }
}
