package io.switchboard.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code security_user}, {@code security_role} and {@code security_api_key} tables. Every change notifies
 * {@value #CHANNEL} in its own transaction, so that every instance drops the credentials it has cached.
 */
@Singleton
public class SecurityStore {

    public static final String CHANNEL = "switchboard_security_changes";
    private static final String NOTIFY = "SELECT pg_notify('" + CHANNEL + "', '')";

    private static final String USER_COLUMNS = "username, password_hash, roles, full_name, email, enabled, metadata";
    private static final String KEY_COLUMNS =
            "id, name, key_hash, owner, role_descriptors, metadata, created_at, expires_at, invalidated_at";

    public record StoredUser(String username, String passwordHash, List<String> roles, String fullName, String email,
                             boolean enabled, JsonNode metadata) {
        @Override
        public String toString() {
            return "StoredUser[" + username + "]";
        }
    }

    public record StoredApiKey(String id, String name, String keyHash, String owner, JsonNode roleDescriptors,
                               JsonNode metadata, Instant createdAt, Instant expiresAt, Instant invalidatedAt) {
        boolean usableAt(Instant now) {
            return invalidatedAt == null && (expiresAt == null || expiresAt.isAfter(now));
        }

        @Override
        public String toString() {
            return "StoredApiKey[" + id + "]";
        }
    }

    private final DataSource dataSource;
    private final ObjectMapper json;

    @Inject
    public SecurityStore(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    public Optional<StoredUser> findUser(String username) {
        return query("SELECT " + USER_COLUMNS + " FROM security_user WHERE username = ?",
                statement -> statement.setString(1, username), this::user).stream().findFirst();
    }

    public List<StoredUser> users() {
        return query("SELECT " + USER_COLUMNS + " FROM security_user ORDER BY username", statement -> {
        }, this::user);
    }

    /** Creates the user or replaces what is given of it; a null password hash keeps the stored one. */
    public boolean saveUser(StoredUser user) {
        return write(connection -> {
            try (PreparedStatement save = connection.prepareStatement("""
                    INSERT INTO security_user (username, password_hash, roles, full_name, email, enabled, metadata)
                    VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb))
                    ON CONFLICT (username) DO UPDATE SET
                        password_hash = COALESCE(?, security_user.password_hash), roles = excluded.roles,
                        full_name = excluded.full_name, email = excluded.email, enabled = excluded.enabled,
                        metadata = excluded.metadata, updated_at = now()
                    RETURNING (xmax = 0)""")) {
                save.setString(1, user.username());
                save.setString(2, user.passwordHash() == null ? "" : user.passwordHash());
                save.setArray(3, connection.createArrayOf("text", user.roles().toArray()));
                save.setString(4, user.fullName());
                save.setString(5, user.email());
                save.setBoolean(6, user.enabled());
                save.setString(7, text(user.metadata()));
                save.setString(8, user.passwordHash());
                try (ResultSet created = save.executeQuery()) {
                    created.next();
                    return created.getBoolean(1);
                }
            }
        });
    }

    /** Creates the user only if there is no user at all; returns whether it was created. */
    public boolean createFirstUser(StoredUser user) {
        return write(connection -> {
            try (PreparedStatement lock = connection.prepareStatement("LOCK TABLE security_user IN EXCLUSIVE MODE")) {
                lock.execute();
            }
            try (PreparedStatement any = connection.prepareStatement("SELECT 1 FROM security_user LIMIT 1");
                 ResultSet found = any.executeQuery()) {
                if (found.next()) {
                    return false;
                }
            }
            return saveUserIn(connection, user);
        });
    }

    private boolean saveUserIn(Connection connection, StoredUser user) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO security_user (username, password_hash, roles, enabled) VALUES (?, ?, ?, TRUE)""")) {
            insert.setString(1, user.username());
            insert.setString(2, user.passwordHash());
            insert.setArray(3, connection.createArrayOf("text", user.roles().toArray()));
            return insert.executeUpdate() == 1;
        }
    }

    public boolean setPassword(String username, String passwordHash) {
        return update("UPDATE security_user SET password_hash = ?, updated_at = now() WHERE username = ?",
                passwordHash, username) > 0;
    }

    public boolean deleteUser(String username) {
        return update("DELETE FROM security_user WHERE username = ?", username) > 0;
    }

    public Map<String, JsonNode> roles(Collection<String> names) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        query("SELECT name, definition FROM security_role WHERE name = ANY (?) ORDER BY name", statement ->
                statement.setArray(1, statement.getConnection().createArrayOf("text", names.toArray())), result -> {
            found.put(result.getString(1), read(result.getString(2)));
            return null;
        });
        return found;
    }

    public Map<String, JsonNode> allRoles() {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        query("SELECT name, definition FROM security_role ORDER BY name", statement -> {
        }, result -> {
            found.put(result.getString(1), read(result.getString(2)));
            return null;
        });
        return found;
    }

    public boolean saveRole(String name, JsonNode definition) {
        return write(connection -> {
            try (PreparedStatement save = connection.prepareStatement("""
                    INSERT INTO security_role (name, definition) VALUES (?, CAST(? AS jsonb))
                    ON CONFLICT (name) DO UPDATE SET definition = excluded.definition, updated_at = now()
                    RETURNING (xmax = 0)""")) {
                save.setString(1, name);
                save.setString(2, text(definition));
                try (ResultSet created = save.executeQuery()) {
                    created.next();
                    return created.getBoolean(1);
                }
            }
        });
    }

    public boolean deleteRole(String name) {
        return update("DELETE FROM security_role WHERE name = ?", name) > 0;
    }

    public void insertApiKey(StoredApiKey key) {
        write(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO security_api_key (id, name, key_hash, owner, role_descriptors, metadata, created_at,
                                                  expires_at)
                    VALUES (?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), ?, ?)""")) {
                insert.setString(1, key.id());
                insert.setString(2, key.name());
                insert.setString(3, key.keyHash());
                insert.setString(4, key.owner());
                insert.setString(5, key.roleDescriptors() == null ? null : text(key.roleDescriptors()));
                insert.setString(6, text(key.metadata()));
                insert.setTimestamp(7, Timestamp.from(key.createdAt()));
                if (key.expiresAt() == null) {
                    insert.setNull(8, Types.TIMESTAMP_WITH_TIMEZONE);
                } else {
                    insert.setTimestamp(8, Timestamp.from(key.expiresAt()));
                }
                insert.executeUpdate();
            }
            return null;
        });
    }

    public Optional<StoredApiKey> findApiKey(String id) {
        return query("SELECT " + KEY_COLUMNS + " FROM security_api_key WHERE id = ?",
                statement -> statement.setString(1, id), this::apiKey).stream().findFirst();
    }

    /** The keys matching every filter given (null filters match all), oldest first. */
    public List<StoredApiKey> apiKeys(String id, String name, String owner) {
        return query("SELECT " + KEY_COLUMNS + """
                 FROM security_api_key
                WHERE (CAST(? AS text) IS NULL OR id = ?) AND (CAST(? AS text) IS NULL OR name = ?)
                  AND (CAST(? AS text) IS NULL OR owner = ?)
                ORDER BY created_at, id""", statement -> {
            statement.setString(1, id);
            statement.setString(2, id);
            statement.setString(3, name);
            statement.setString(4, name);
            statement.setString(5, owner);
            statement.setString(6, owner);
        }, this::apiKey);
    }

    /** Marks the keys invalidated; returns the ids invalidated now (not those invalidated before). */
    public List<String> invalidateApiKeys(Collection<String> ids) {
        return write(connection -> {
            try (PreparedStatement invalidate = connection.prepareStatement("""
                    UPDATE security_api_key SET invalidated_at = now()
                    WHERE id = ANY (?) AND invalidated_at IS NULL RETURNING id""")) {
                invalidate.setArray(1, connection.createArrayOf("text", ids.toArray()));
                List<String> invalidated = new ArrayList<>();
                try (ResultSet result = invalidate.executeQuery()) {
                    while (result.next()) {
                        invalidated.add(result.getString(1));
                    }
                }
                return invalidated;
            }
        });
    }

    private StoredUser user(ResultSet row) throws SQLException {
        Array roles = row.getArray(3);
        return new StoredUser(row.getString(1), row.getString(2), Arrays.asList((String[]) roles.getArray()),
                row.getString(4), row.getString(5), row.getBoolean(6), read(row.getString(7)));
    }

    private StoredApiKey apiKey(ResultSet row) throws SQLException {
        String descriptors = row.getString(5);
        return new StoredApiKey(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                descriptors == null ? null : read(descriptors), read(row.getString(6)), instant(row, 7),
                instant(row, 8), instant(row, 9));
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        Timestamp value = row.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> List<T> query(String sql, Binder binder, RowReader<T> reader) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            List<T> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(reader.read(result));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new SecurityStoreException("security data could not be read", e);
        }
    }

    private int update(String sql, String... values) {
        return write(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < values.length; i++) {
                    statement.setString(i + 1, values[i]);
                }
                return statement.executeUpdate();
            }
        });
    }

    /** Runs the change in a transaction that also notifies every instance. */
    private <T> T write(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                try (PreparedStatement notify = connection.prepareStatement(NOTIFY)) {
                    notify.execute();
                }
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException failure) {
                connection.rollback();
                throw failure;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new SecurityStoreException("security data could not be written", e);
        }
    }

    private String text(JsonNode node) {
        try {
            return json.writeValueAsString(node == null ? json.createObjectNode() : node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored security data is not JSON", e);
        }
    }

    /** A database failure; its message names what failed, never a value. */
    public static final class SecurityStoreException extends RuntimeException {
        SecurityStoreException(String message, SQLException cause) {
            super(message, cause);
        }
    }
}
