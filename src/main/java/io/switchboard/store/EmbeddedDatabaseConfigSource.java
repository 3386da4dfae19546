package io.switchboard.store;

import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.Set;

/**
 * Supplies {@code switchboard-embedded-database.jdbc-url} and {@code switchboard-embedded-database.password}, which
 * the default {@code quarkus.datasource.jdbc.url} and {@code quarkus.datasource.password} refer to. The URL is
 * computed, and the embedded server started, only when something asks for it: that is, only when no other source
 * configures the datasource URL. The password exists only once the server runs ({@link EmbeddedDatabasePassword}
 * makes sure the URL is resolved first), so it is never offered to an external database.
 */
public final class EmbeddedDatabaseConfigSource implements ConfigSource {

    static final String JDBC_URL = "switchboard-embedded-database.jdbc-url";
    static final String PASSWORD = "switchboard-embedded-database.password";

    @Override
    public Set<String> getPropertyNames() {
        // Not listed, so that tools enumerating properties never start the server by accident.
        return Set.of();
    }

    @Override
    public String getValue(String propertyName) {
        if (JDBC_URL.equals(propertyName)) {
            return EmbeddedDatabase.jdbcUrl();
        }
        return PASSWORD.equals(propertyName) ? EmbeddedDatabase.password() : null;
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
