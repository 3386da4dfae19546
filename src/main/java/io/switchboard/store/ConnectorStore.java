package io.switchboard.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.panache.common.Page;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.OptimisticLockException;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Connectors per space in PostgreSQL. Secrets are sealed on the way in and opened on the way out. Reads for
 * execution go through the {@link ConnectorCache}; every change notifies {@value ConnectorChangeListener#CHANNEL} in
 * its own transaction, so that every instance sharing the database drops what it cached once the change commits, and
 * drops it here as soon as the transaction ends.
 */
@Startup
@Singleton
public class ConnectorStore {

    /** Longest NOTIFY payload PostgreSQL takes is 8000 bytes; longer ids are announced as "everything". */
    private static final int MAX_PAYLOAD_BYTES = 7_900;

    private final EntityManager entityManager;
    private final SecretsVault vault;
    private final ObjectMapper json;
    private final ConnectorCache cache;
    private final TransactionSynchronizationRegistry transactions;

    @Inject
    public ConnectorStore(EntityManager entityManager, SecretsVault vault, ObjectMapper json, ConnectorCache cache,
                          TransactionSynchronizationRegistry transactions) {
        this.entityManager = entityManager;
        this.vault = vault;
        this.json = json;
        this.cache = cache;
        this.transactions = transactions;
    }

    /**
     * The connector as {@link #find} reads it, from memory when it was read before and has not changed since: the
     * execution path, which touches the database only on the first read of a connector.
     */
    public Optional<StoredConnector> findCached(String spaceId, String id) {
        return cache.get(spaceId, id, () -> find(spaceId, id));
    }

    @Transactional
    public Optional<StoredConnector> find(String spaceId, String id) {
        if (unstorable(spaceId) || unstorable(id)) {
            return Optional.empty();
        }
        return Optional.ofNullable(entityManager.find(ConnectorEntity.class, new ConnectorEntity.Key(spaceId, id)))
                .map(this::toStored);
    }

    @Transactional
    public List<StoredConnector> list(String spaceId) {
        return ConnectorEntity.<ConnectorEntity>list("spaceId = ?1 order by id", spaceId).stream()
                .map(this::toStored).toList();
    }

    /** PostgreSQL text cannot hold NUL: an id with one was never stored, and asking for it must not fail. */
    private static boolean unstorable(String value) {
        return value != null && value.indexOf('\0') >= 0;
    }

    /** Inserts a new connector; returns false, writing nothing, when the id is already taken in the space. */
    @Transactional
    public boolean insert(String spaceId, String id, String typeId, String name, ObjectNode config, ObjectNode secrets) {
        Instant now = Instant.now();
        int inserted = entityManager.createNativeQuery("""
                        INSERT INTO connector (space_id, id, connector_type_id, name, config, secrets,
                                               is_missing_secrets, version, created_at, updated_at)
                        VALUES (?1, ?2, ?3, ?4, CAST(?5 AS json), ?6, FALSE, 0, ?7, ?7)
                        ON CONFLICT (space_id, id) DO NOTHING""")
                .setParameter(1, spaceId)
                .setParameter(2, id)
                .setParameter(3, typeId)
                .setParameter(4, name)
                .setParameter(5, write(config))
                .setParameter(6, vault.seal(spaceId, id, typeId, secrets))
                .setParameter(7, now)
                .executeUpdate();
        if (inserted == 1) {
            announceChange(spaceId, id);
        }
        return inserted == 1;
    }

    /**
     * Replaces name, config and secrets of an existing connector, the type staying as stored.
     *
     * @return the updated connector, or empty when it does not exist
     * @throws OptimisticLockException when another writer changed it between this read and this write
     */
    @Transactional
    public Optional<StoredConnector> replace(String spaceId, String id, String name, ObjectNode config,
                                             ObjectNode secrets) {
        ConnectorEntity entity = entityManager.find(ConnectorEntity.class, new ConnectorEntity.Key(spaceId, id),
                LockModeType.OPTIMISTIC);
        if (entity == null) {
            return Optional.empty();
        }
        entity.name = name;
        entity.config = write(config);
        entity.secrets = vault.seal(spaceId, id, entity.connectorTypeId, secrets);
        entity.missingSecrets = false;
        entity.updatedAt = Instant.now();
        entityManager.flush();
        announceChange(spaceId, id);
        return Optional.of(toStored(entity));
    }

    @Transactional
    public boolean delete(String spaceId, String id) {
        if (unstorable(spaceId) || unstorable(id)) {
            return false;
        }
        boolean deleted = ConnectorEntity.delete("spaceId = ?1 and id = ?2", spaceId, id) > 0;
        if (deleted) {
            announceChange(spaceId, id);
        }
        return deleted;
    }

    /**
     * Re-encrypts with the primary key every secret sealed with an older key, {@code batchSize} connectors at a time in
     * (space, id) order, each batch in its own transaction. An interrupted rotation (a lost database, a killed
     * process) leaves every secret readable, some under the new key and the rest under the old one, and the next
     * rotation finishes the rest. Secrets no configured key opens are left as they are and not counted.
     */
    public RotationResult rotateKeys(int batchSize) {
        int total = 0;
        int successful = 0;
        String[] after = {"", ""};
        while (true) {
            RotationResult batch = QuarkusTransaction.requiringNew().call(() -> rotateBatch(after, batchSize));
            total += batch.total();
            successful += batch.successful();
            if (batch.total() < batchSize) {
                return new RotationResult(total, successful, 0);
            }
        }
    }

    /** One batch of {@link #rotateKeys}: the connectors after {@code after}, which it moves to the last one seen. */
    private RotationResult rotateBatch(String[] after, int batchSize) {
        List<ConnectorEntity> batch = ConnectorEntity.<ConnectorEntity>find(
                        "spaceId > ?1 or (spaceId = ?1 and id > ?2) order by spaceId, id", after[0], after[1])
                .page(Page.ofSize(batchSize)).list();
        int successful = 0;
        for (ConnectorEntity entity : batch) {
            Optional<SecretsVault.Opened> opened =
                    vault.open(entity.spaceId, entity.id, entity.connectorTypeId, entity.secrets);
            if (opened.isPresent() && !opened.get().sealedWithPrimaryKey()) {
                entity.secrets = vault.seal(entity.spaceId, entity.id, entity.connectorTypeId, opened.get().secrets());
                entity.updatedAt = Instant.now();
                successful++;
            }
            after[0] = entity.spaceId;
            after[1] = entity.id;
        }
        if (successful > 0) {
            announceChange(null, null);
        }
        return new RotationResult(batch.size(), successful, 0);
    }

    public record RotationResult(int total, int successful, int failed) {
    }

    /**
     * Tells every instance, this one included, to forget the connector (or, with nulls, every connector): by NOTIFY,
     * delivered when this transaction commits, and here when it ends.
     */
    private void announceChange(String spaceId, String id) {
        String payload = spaceId == null ? ConnectorChangeListener.EVERYTHING
                : ConnectorChangeListener.payload(spaceId, id);
        if (payload.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            payload = ConnectorChangeListener.EVERYTHING;
        }
        entityManager.createNativeQuery("SELECT CAST(pg_notify(?1, ?2) AS text)")
                .setParameter(1, ConnectorChangeListener.CHANNEL)
                .setParameter(2, payload)
                .getSingleResult();
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (spaceId == null) {
                    cache.invalidateAll();
                } else {
                    cache.invalidate(spaceId, id);
                }
            }
        });
    }

    private StoredConnector toStored(ConnectorEntity entity) {
        Optional<ObjectNode> secrets = vault.open(entity.spaceId, entity.id, entity.connectorTypeId, entity.secrets)
                .map(SecretsVault.Opened::secrets);
        return new StoredConnector(entity.spaceId, entity.id, entity.connectorTypeId, entity.name,
                read(entity.config), secrets, entity.missingSecrets || secrets.isEmpty());
    }

    private String write(ObjectNode config) {
        try {
            return json.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("config could not be serialised", e);
        }
    }

    private ObjectNode read(String config) {
        try {
            return (ObjectNode) json.readTree(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored config is not valid JSON", e);
        }
    }
}
