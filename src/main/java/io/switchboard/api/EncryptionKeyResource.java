package io.switchboard.api;

import io.switchboard.audit.Audited;
import io.switchboard.management.ApiException;
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
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/** Kibana's {@code POST /api/encrypted_saved_objects/_rotate_key}: re-encrypts old secrets with the primary key. */
@Path("/api/encrypted_saved_objects/_rotate_key")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
@Blocking
public class EncryptionKeyResource {

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
    public ConnectorStore.RotationResult rotate(@Context ContainerRequestContext request) {
        Caller caller = Privileges.caller(request);
        if (!caller.superuser() && !caller.grants().everywhere().allows(Access.ALL)) {
            throw ApiException.forbidden("Unauthorized to rotate encryption keys: the actions privilege [all] in "
                    + "every space is needed");
        }
        if (!vault.keys().hasDecryptionOnlyKeys()) {
            throw ApiException.badRequest("Kibana is not configured to support encryption key rotation. Update "
                    + "`kibana.yml` to include `xpack.encryptedSavedObjects.keyRotation.decryptionOnlyKeys` to "
                    + "rotate your encryption keys.");
        }
        return store.rotateKeys();
    }
}
