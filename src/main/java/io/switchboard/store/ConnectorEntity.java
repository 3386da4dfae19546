package io.switchboard.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.ColumnTransformer;

import java.io.Serializable;
import java.time.Instant;

/** One row of {@code connector}. Secrets are only ever held here in sealed form. */
@Entity
@Table(name = "connector")
@IdClass(ConnectorEntity.Key.class)
public class ConnectorEntity extends PanacheEntityBase {

    @Id
    @Column(name = "space_id")
    public String spaceId;

    @Id
    public String id;

    @Column(name = "connector_type_id")
    public String connectorTypeId;

    public String name;

    @ColumnTransformer(write = "?::json")
    public String config;

    public byte[] secrets;

    @Column(name = "is_missing_secrets")
    public boolean missingSecrets;

    @Version
    public long version;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public record Key(String spaceId, String id) implements Serializable {
        public Key() {
            this(null, null);
        }
    }

    @Override
    public String toString() {
        return "ConnectorEntity[space=" + spaceId + ", id=" + id + ", type=" + connectorTypeId + "]";
    }
}
