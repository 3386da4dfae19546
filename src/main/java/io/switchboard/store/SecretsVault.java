package io.switchboard.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.crypto.KeyRing;
import io.switchboard.crypto.SecretBox;
import io.switchboard.crypto.UnreadableSecretException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Seals and opens a connector's secrets. The associated data binds each ciphertext to the connector's space, id and
 * type, so a ciphertext copied onto another row, or a changed type, does not decrypt.
 */
public final class SecretsVault {

    private final SecretBox box;
    private final ObjectMapper json;

    public SecretsVault(SecretBox box, ObjectMapper json) {
        this.box = box;
        this.json = json;
    }

    public KeyRing keys() {
        return box.keys();
    }

    public byte[] seal(String spaceId, String id, String typeId, ObjectNode secrets) {
        try {
            return box.seal(json.writeValueAsBytes(secrets), binding(spaceId, id, typeId));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("secrets could not be serialised");
        }
    }

    /** The opened secrets, or empty when no configured key opens them or they were tampered with. */
    public Optional<Opened> open(String spaceId, String id, String typeId, byte[] sealed) {
        try {
            SecretBox.Opened opened = box.open(sealed, binding(spaceId, id, typeId));
            return Optional.of(new Opened((ObjectNode) json.readTree(opened.plaintext()), opened.sealedWithPrimaryKey()));
        } catch (UnreadableSecretException | IOException | ClassCastException unreadable) {
            return Optional.empty();
        }
    }

    private static byte[] binding(String spaceId, String id, String typeId) {
        return ("switchboard/connector-secrets/v1\0" + spaceId + "\0" + id + "\0" + typeId)
                .getBytes(StandardCharsets.UTF_8);
    }

    public record Opened(ObjectNode secrets, boolean sealedWithPrimaryKey) {
        @Override
        public String toString() {
            return "Opened[<secret>, sealedWithPrimaryKey=" + sealedWithPrimaryKey + "]";
        }
    }
}
