package io.switchboard.store;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;

import static io.switchboard.support.Api.assertError;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.kibana;
import static io.switchboard.support.Api.path;
import static io.switchboard.support.Database.update;
import static org.hamcrest.Matchers.equalTo;

/** Secrets at rest: bound to their row, and a row whose secrets cannot be read says so instead of failing. */
@QuarkusTest
class StoredSecretsTest {

    private static final String WEBHOOK = """
            {"name":"hook","connector_type_id":".webhook","config":{"url":"https://allowed.example.com/hook"},
             "secrets":{"user":"alice","password":"%s"}}""";

    @Inject
    DataSource dataSource;

    private String createWebhook(String space, String id, String password) {
        kibana().body(WEBHOOK.formatted(password)).post(path(space, "/api/actions/connector/" + id))
                .then().statusCode(200).body("is_missing_secrets", equalTo(false));
        return id;
    }

    @Test
    void tamperedCiphertextReadsBackAsMissingSecrets() {
        String space = freshSpace();
        createWebhook(space, "tampered", "pw-tampered-1");
        update(dataSource, "UPDATE connector SET secrets = set_byte(secrets, 30, get_byte(secrets, 30) # 1) "
                + "WHERE space_id = ? AND id = ?", space, "tampered");
        kibana().get(path(space, "/api/actions/connector/tampered")).then().statusCode(200)
                .body("is_missing_secrets", equalTo(true)).body("config.url", equalTo("https://allowed.example.com/hook"));
        kibana().get(path(space, "/api/actions/connectors")).then().statusCode(200)
                .body("find { it.id == 'tampered' }.is_missing_secrets", equalTo(true));

        kibana().body("{\"params\":{\"body\":\"x\"}}").post(path(space, "/api/actions/connector/tampered/_execute"))
                .then().statusCode(200)
                .body("status", equalTo("error"))
                .body("message", equalTo("Unable to execute action because no secrets are defined for the \"hook\" "
                        + "connector."))
                .body("retry", equalTo(false))
                .body("errorSource", equalTo("framework"));

        kibana().body("{\"name\":\"hook\",\"config\":{\"url\":\"https://allowed.example.com/hook\"},"
                        + "\"secrets\":{\"user\":\"alice\",\"password\":\"pw-new\"}}")
                .put(path(space, "/api/actions/connector/tampered")).then().statusCode(200)
                .body("is_missing_secrets", equalTo(false));
        kibana().get(path(space, "/api/actions/connector/tampered")).then().body("is_missing_secrets", equalTo(false));
    }

    @Test
    void ciphertextCopiedToAnotherConnectorDoesNotDecrypt() {
        String space = freshSpace();
        createWebhook(space, "source", "pw-source");
        createWebhook(space, "target", "pw-target");
        update(dataSource, "UPDATE connector SET secrets = (SELECT secrets FROM connector WHERE space_id = ? "
                + "AND id = 'source') WHERE space_id = ? AND id = 'target'", space, space);
        kibana().get(path(space, "/api/actions/connector/target")).then().body("is_missing_secrets", equalTo(true));
        kibana().get(path(space, "/api/actions/connector/source")).then().body("is_missing_secrets", equalTo(false));
    }

    @Test
    void ciphertextMovedToAnotherSpaceOrTypeDoesNotDecrypt() {
        String space = freshSpace();
        String other = freshSpace();
        createWebhook(space, "moved", "pw-moved");
        update(dataSource, "UPDATE connector SET space_id = ? WHERE space_id = ? AND id = 'moved'", other, space);
        kibana().get(path(other, "/api/actions/connector/moved")).then().body("is_missing_secrets", equalTo(true));

        createWebhook(space, "retyped", "pw-retyped");
        update(dataSource, "UPDATE connector SET connector_type_id = '.index', config = '{\"index\":\"x\"}' "
                + "WHERE space_id = ? AND id = 'retyped'", space);
        kibana().get(path(space, "/api/actions/connector/retyped")).then().body("is_missing_secrets", equalTo(true));
    }

    @Test
    void rotationNeedsDecryptionOnlyKeys() {
        assertError(kibana().post("/api/encrypted_saved_objects/_rotate_key").then(), 400,
                "Kibana is not configured to support encryption key rotation. Update `kibana.yml` to include "
                        + "`xpack.encryptedSavedObjects.keyRotation.decryptionOnlyKeys` to rotate your encryption keys.");
    }
}
