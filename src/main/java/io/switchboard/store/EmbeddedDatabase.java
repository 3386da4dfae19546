package io.switchboard.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The PostgreSQL server Switchboard runs for itself when no {@code quarkus.datasource.jdbc.url} is configured.
 * Its data lives in {@code $SWITCHBOARD_DATA_DIR/postgres} (default {@code ./data}) and survives restarts; the server
 * stops when the JVM does. It is started on first use, so a configured external database never starts it.
 */
public final class EmbeddedDatabase {

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
    private static EmbeddedPostgres server;

    private EmbeddedDatabase() {
    }

    /** {@code $SWITCHBOARD_DATA_DIR}, or the system property {@code switchboard.data-dir}, or {@code ./data}. */
    public static Path dataDirectory() {
        String configured = System.getenv("SWITCHBOARD_DATA_DIR");
        if (configured == null || configured.isBlank()) {
            configured = System.getProperty("switchboard.data-dir", "data");
        }
        return Path.of(configured).toAbsolutePath().normalize();
    }

    public static synchronized boolean isRunning() {
        return server != null;
    }

    /** Starts the server if needed and returns its JDBC URL. */
    public static synchronized String jdbcUrl() {
        if (server == null) {
            server = start(dataDirectory().resolve("postgres"));
        }
        return server.getJdbcUrl("postgres", "postgres");
    }

    private static EmbeddedPostgres start(Path directory) {
        try {
            Files.createDirectories(directory);
            LOG.infof("No quarkus.datasource.jdbc.url configured: starting the embedded PostgreSQL in %s", directory);
            return EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(true)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + directory, e);
        }
    }
}
