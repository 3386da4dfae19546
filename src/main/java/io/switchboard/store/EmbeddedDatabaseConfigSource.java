package io.switchboard.store;

import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.Set;

/**
 * Supplies {@code switchboard-embedded-database.jdbc-url}, which the default {@code quarkus.datasource.jdbc.url}
 * refers to. The value is computed, and the embedded server started, only when something asks for it: that is,
 * only when no other source configures the datasource URL.
 */
public final class EmbeddedDatabaseConfigSource implements ConfigSource {

    static final String JDBC_URL = "switchboard-embedded-database.jdbc-url";

    @Override
    public Set<String> getPropertyNames() {
        // Not listed, so that tools enumerating properties never start the server by accident.
        return Set.of();
    }

    @Override
    public String getValue(String propertyName) {
        return JDBC_URL.equals(propertyName) ? EmbeddedDatabase.jdbcUrl() : null;
    }

    @Override
    public String getName() {
        return "switchboard-embedded-database";
    }

    @Override
    public int getOrdinal() {
        return 50;
    }
}
