package io.switchboard.store;

import io.quarkus.runtime.ImageMode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL server Switchboard runs for itself when no {@code quarkus.datasource.jdbc.url} is configured.
 * Its data lives in {@code $SWITCHBOARD_DATA_DIR/postgres} (default {@code ./data}) and survives restarts; the server
 * stops when the JVM does, after the application has stopped (so that what is written at shutdown, such as queued
 * event rows, still reaches it). It is started on first use, so a configured external database never starts it.
 *
 * <p>It listens on 127.0.0.1 only, with no Unix socket, and takes password logins only (SCRAM-SHA-256): its
 * {@code pg_hba.conf} holds one line, for TCP from loopback. The superuser's password is generated on first start
 * into {@code $SWITCHBOARD_DATA_DIR/postgres.password} (mode 0600) and read from there after. A data directory of an
 * older Switchboard, whose server trusted every local connection, is moved over on its first start: the password is
 * set over the first connection, then the server reloads with Switchboard's {@code pg_hba.conf}.
 */
public final class EmbeddedDatabase {

    static final String PASSWORD_FILE = "postgres.password";
    static final String SUPERUSER = "postgres";
    /** The only connections the server accepts: TCP from loopback, with the password. */
    static final String HOST_BASED_AUTHENTICATION = """
            # Written by Switchboard, which rewrites it when it differs: password logins over loopback TCP only.
            # TYPE  DATABASE  USER  ADDRESS       METHOD
            host    all       all   127.0.0.1/32  scram-sha-256
            """;

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
    /** How long the server waits at JVM exit for the application to finish its own shutdown. */
    private static final long APPLICATION_STOP_WAIT_SECONDS = 90;
    private static final CountDownLatch APPLICATION_STOPPED = new CountDownLatch(1);
    private static volatile boolean applicationRunning;
    private static Running server;

    private EmbeddedDatabase() {
    }

    /** A started server: how to reach it, and how to stop it. */
    record Running(EmbeddedPostgres postgres, String password) implements AutoCloseable {

        String jdbcUrl() {
            return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
        }

        @Override
        public void close() throws IOException {
            postgres.close();
        }

        @Override
        public String toString() {
            return "embedded PostgreSQL on " + jdbcUrl();
        }
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
        if (ImageMode.current() == ImageMode.NATIVE_RUN) {
            // The binaries are extracted from a jar and run as a child process: a convenience of the JVM build.
            throw new IllegalStateException("the native executable has no embedded PostgreSQL: set "
                    + "quarkus.datasource.jdbc.url (QUARKUS_DATASOURCE_JDBC_URL) to a PostgreSQL server");
        }
        if (server == null) {
            Running started = start(dataDirectory().resolve("postgres"));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAfterApplication(started),
                    "embedded-postgres-stop"));
            server = started;
        }
        return server.jdbcUrl();
    }

    /** The superuser's password, once the server runs; {@code null} before (an external database is in use). */
    public static synchronized String password() {
        return server == null ? null : server.password();
    }

    /** The application has started: at JVM exit the server waits for it to stop first. */
    static void applicationStarted() {
        applicationRunning = true;
    }

    /** The application has written what it had to write; the server may stop. */
    static void applicationStopped() {
        APPLICATION_STOPPED.countDown();
    }

    private static void stopAfterApplication(Running started) {
        try {
            if (applicationRunning) {
                APPLICATION_STOPPED.await(APPLICATION_STOP_WAIT_SECONDS, TimeUnit.SECONDS);
            }
            started.close();
        } catch (IOException | InterruptedException e) {
            LOG.warnf("the embedded PostgreSQL did not stop cleanly: %s", e.getClass().getSimpleName());
        }
    }

    /**
     * Starts the server on the data in {@code directory}, creating them if there are none; the password is kept in
     * {@value #PASSWORD_FILE} beside the directory.
     */
    static Running start(Path directory) {
        Path passwordFile = directory.resolveSibling(PASSWORD_FILE);
        try {
            Files.createDirectories(directory);
            LOG.infof("No quarkus.datasource.jdbc.url configured: starting the embedded PostgreSQL in %s", directory);
            boolean fresh = !Files.exists(directory.resolve("postgresql.conf"));
            String password = PrivateFile.readOrCreate(passwordFile, 32);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    // The library's defaults suit throwaway test databases (fsync and synchronous commit off); this
                    // one holds connectors and queued executions that were answered as stored.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    // Given on the command line, these win over postgresql.conf and ALTER SYSTEM.
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("unix_socket_directories", "")
                    .setServerConfig("password_encryption", "scram-sha-256")
                    // The library's start-up check logs in as the superuser.
                    .setConnectConfig("password", password);
            if (fresh) {
                // The library runs initdb with "-A trust" and adds each of these as "--key=value" (its only way to
                // give initdb options): the superuser has its password from the first moment, and no method trusts.
                builder.setLocaleConfig("auth-host", "scram-sha-256")
                        .setLocaleConfig("auth-local", "scram-sha-256")
                        .setLocaleConfig("pwfile", passwordFile.toString());
            }
            Running running = new Running(builder.start(), password);
            requirePasswords(running, directory.resolve("pg_hba.conf"));
            return running;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + directory, e);
        } catch (SQLException e) {
            throw new IllegalStateException("the embedded PostgreSQL in " + directory + " refused the password in "
                    + passwordFile + " (SQLState " + e.getSQLState() + "). If that file was lost or replaced, "
                    + "restore it; the data directory cannot be reached without it", e);
        }
    }

    private static Timestamp configurationLoadTime(Statement statement) throws SQLException {
        try (ResultSet row = statement.executeQuery("SELECT pg_conf_load_time()")) {
            row.next();
            return row.getTimestamp(1);
        }
    }

    /**
     * Makes the server's {@code pg_hba.conf} Switchboard's own. When it was anything else (initdb's, or the
     * {@code trust} lines of an older Switchboard), the superuser's password is set first, over a connection the
     * old rules let in, and only then are the new rules written and loaded.
     */
    private static void requirePasswords(Running running, Path hba) throws IOException, SQLException {
        if (Files.exists(hba) && Files.readString(hba, StandardCharsets.UTF_8).equals(HOST_BASED_AUTHENTICATION)) {
            return;
        }
        Properties login = new Properties();
        login.setProperty("user", SUPERUSER);
        login.setProperty("password", running.password());
        Timestamp loaded;
        try (Connection connection = DriverManager.getConnection(running.jdbcUrl(), login);
             Statement statement = connection.createStatement()) {
            // Hashed here (SCRAM-SHA-256): the password itself never travels in a statement or reaches a log.
            connection.unwrap(PGConnection.class).alterUserPassword(SUPERUSER, running.password().toCharArray(),
                    "scram-sha-256");
            loaded = configurationLoadTime(statement);
            PrivateFile.write(hba, HOST_BASED_AUTHENTICATION);
            statement.execute("SELECT pg_reload_conf()");
        }
        // The reload is a signal: the rules are in force once a new session reports a later load.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Connection connection = DriverManager.getConnection(running.jdbcUrl(), login);
                 Statement statement = connection.createStatement()) {
                if (configurationLoadTime(statement).after(loaded)) {
                    break;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the embedded PostgreSQL did not reload its pg_hba.conf within 10 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the embedded PostgreSQL reloaded", e);
            }
        }
        LOG.infof("The embedded PostgreSQL now takes password logins only, over loopback; the password is in %s",
                hba.getParent().resolveSibling(PASSWORD_FILE));
    }
}
