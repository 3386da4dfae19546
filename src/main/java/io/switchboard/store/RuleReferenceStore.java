package io.switchboard.store;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code rule_reference} table: per space, which connectors each rule of the rule engine uses, as Kibana keeps
 * them in a rule's references. Rows name a connector by id only, with no tie to the {@code connector} table: they
 * outlive the connector's deletion, as in Kibana, and count again for a connector later created under that id.
 */
@Singleton
public class RuleReferenceStore {

    // Writers of one rule queue behind each other, so that a replacement never mixes with another one.
    private static final String LOCK_RULE = "SELECT pg_advisory_xact_lock(hashtext(?), hashtext(?))";

    private static final String DELETE_RULE = "DELETE FROM rule_reference WHERE space_id = ? AND rule_id = ?";

    private static final String INSERT_RULE = """
            INSERT INTO rule_reference (space_id, rule_id, connector_id, position)
            SELECT ?, ?, c.id, CAST(c.n AS integer) FROM unnest(CAST(? AS text[])) WITH ORDINALITY AS c(id, n)""";

    private static final String FIND_RULE = """
            SELECT connector_id FROM rule_reference WHERE space_id = ? AND rule_id = ? ORDER BY position""";

    private static final String COUNT_RULES = """
            SELECT connector_id, count(*) FROM rule_reference
            WHERE space_id = ? AND connector_id = ANY (CAST(? AS text[]))
            GROUP BY connector_id""";

    private static final String STORED_CONNECTORS = """
            SELECT id FROM connector WHERE space_id = ? AND id = ANY (CAST(? AS text[]))""";

    private final DataSource dataSource;

    @Inject
    public RuleReferenceStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The connectors the rule references, in the order they were given; empty when none are stored. */
    public List<String> find(String spaceId, String ruleId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement find = connection.prepareStatement(FIND_RULE)) {
            find.setString(1, spaceId);
            find.setString(2, ruleId);
            List<String> connectorIds = new ArrayList<>();
            try (ResultSet result = find.executeQuery()) {
                while (result.next()) {
                    connectorIds.add(result.getString(1));
                }
            }
            return connectorIds;
        } catch (SQLException e) {
            throw new StoreException("rule references could not be read", e);
        }
    }

    /** Replaces, in one transaction, the connectors the rule references by {@code connectorIds} (distinct ids). */
    public void replace(String spaceId, String ruleId, List<String> connectorIds) {
        inTransaction(spaceId, ruleId, connection -> {
            delete(connection, spaceId, ruleId);
            if (!connectorIds.isEmpty()) {
                try (PreparedStatement insert = connection.prepareStatement(INSERT_RULE)) {
                    insert.setString(1, spaceId);
                    insert.setString(2, ruleId);
                    insert.setArray(3, connection.createArrayOf("text", connectorIds.toArray()));
                    insert.executeUpdate();
                }
            }
            return null;
        });
    }

    /** Removes the rule's references; false when it had none. */
    public boolean delete(String spaceId, String ruleId) {
        return inTransaction(spaceId, ruleId, connection -> delete(connection, spaceId, ruleId) > 0);
    }

    /**
     * How many rules of the space reference each of {@code connectorIds}, in one query; connectors no rule
     * references are absent.
     */
    public Map<String, Integer> countRules(String spaceId, Collection<String> connectorIds) {
        Map<String, Integer> counts = new HashMap<>();
        if (connectorIds.isEmpty()) {
            return counts;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement count = connection.prepareStatement(COUNT_RULES)) {
            count.setString(1, spaceId);
            count.setArray(2, connection.createArrayOf("text", connectorIds.toArray()));
            try (ResultSet result = count.executeQuery()) {
                while (result.next()) {
                    counts.put(result.getString(1), result.getInt(2));
                }
            }
            return counts;
        } catch (SQLException e) {
            throw new StoreException("rule references could not be counted", e);
        }
    }

    /** Those of {@code ids} that are connectors stored in the space. */
    public Set<String> storedConnectorIds(String spaceId, Collection<String> ids) {
        Set<String> stored = new HashSet<>();
        if (ids.isEmpty()) {
            return stored;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement find = connection.prepareStatement(STORED_CONNECTORS)) {
            find.setString(1, spaceId);
            find.setArray(2, connection.createArrayOf("text", ids.toArray()));
            try (ResultSet result = find.executeQuery()) {
                while (result.next()) {
                    stored.add(result.getString(1));
                }
            }
            return stored;
        } catch (SQLException e) {
            throw new StoreException("connectors could not be read", e);
        }
    }

    private static int delete(Connection connection, String spaceId, String ruleId) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(DELETE_RULE)) {
            delete.setString(1, spaceId);
            delete.setString(2, ruleId);
            return delete.executeUpdate();
        }
    }

    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} in one transaction holding the rule's lock. */
    private <T> T inTransaction(String spaceId, String ruleId, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement lock = connection.prepareStatement(LOCK_RULE)) {
                    lock.setString(1, spaceId);
                    lock.setString(2, ruleId);
                    lock.execute();
                }
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException failure) {
                connection.rollback();
                throw failure;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("rule references could not be written", e);
        }
    }

    /** A database failure; its message names what failed, never a value. */
    public static final class StoreException extends RuntimeException {
        StoreException(String message, SQLException cause) {
            super(message, cause);
        }
    }
}
