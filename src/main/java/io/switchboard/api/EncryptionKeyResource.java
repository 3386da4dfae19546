package io.switchboard.api;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.audit.Audited;
import io.switchboard.management.ApiException;
import io.switchboard.schema.ObjectSchema;
import io.switchboard.security.Access;
import io.switchboard.security.Caller;
import io.switchboard.store.ConnectorStore;
import io.switchboard.store.SecretsVault;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import java.util.concurrent.atomic.AtomicBoolean;

import static io.switchboard.schema.Schemas.maybe;
import static io.switchboard.schema.Schemas.number;
import static io.switchboard.schema.Schemas.object;
import static io.switchboard.schema.Schemas.string;

/** Kibana's {@code POST /api/encrypted_saved_objects/_rotate_key}: re-encrypts old secrets with the primary key. */
@Path("/api/encrypted_saved_objects/_rotate_key")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
@Blocking
public class EncryptionKeyResource {

    /** Kibana's bound on one batch (the saved objects index's largest result window), and its default. */
    static final int MAX_BATCH_SIZE = 10_000;
    private static final String CONNECTOR_TYPE = "action";
    private static final ObjectSchema QUERY = object(
            "batch_size", number().min(1).max(MAX_BATCH_SIZE).defaultValue(IntNode.valueOf(MAX_BATCH_SIZE)),
            "type", maybe(string()));

    private final AtomicBoolean rotating = new AtomicBoolean();
    private final ConnectorStore store;
    private final SecretsVault vault;

    @Inject
    public EncryptionKeyResource(ConnectorStore store, SecretsVault vault) {
        this.store = store;
        this.vault = vault;
    }

    /** Re-encrypts the secrets of every space, so it needs the {@code all} privilege in every space. */
    @POST
    @Audited(value = "encryption_key_rotate", objectType = "encryption_key", idParameter = "")
    public ConnectorStore.RotationResult rotate(@Context ContainerRequestContext request,
                                                @QueryParam("batch_size") String batchSize,
                                                @QueryParam("type") String type) {
        Caller caller = Privileges.caller(request);
        if (!caller.superuser() && !caller.grants().everywhere().allows(Access.ALL)) {
            throw ApiException.forbidden("Unauthorized to rotate encryption keys: the actions privilege [all] in "
                    + "every space is needed");
        }
        ObjectNode query = JsonNodeFactory.instance.objectNode();
        if (batchSize != null) {
            query.put("batch_size", batchSize);
        }
        if (type != null) {
            query.put("type", type);
        }
        ObjectNode valid = RequestBodies.validate(QUERY, query, "request query");
        if (!vault.keys().hasDecryptionOnlyKeys()) {
            throw ApiException.badRequest("Kibana is not configured to support encryption key rotation. Update "
                    + "`kibana.yml` to include `xpack.encryptedSavedObjects.keyRotation.decryptionOnlyKeys` to "
                    + "rotate your encryption keys.");
        }
        if (valid.hasNonNull("type") && !CONNECTOR_TYPE.equals(valid.get("type").textValue())) {
            // Connectors are the only encrypted saved objects Switchboard keeps.
            return new ConnectorStore.RotationResult(0, 0, 0);
        }
        if (!rotating.compareAndSet(false, true)) {
            throw new ApiException(429, "Encryption key rotation is in progress already.");
        }
        try {
            return store.rotateKeys(valid.get("batch_size").intValue());
        } finally {
            rotating.set(false);
        }
    }
}
