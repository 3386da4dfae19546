package io.switchboard.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Who may reach the embedded PostgreSQL: the holder of its generated password, over loopback, and nobody else. */
class EmbeddedDatabaseAccessTest {

    @Test
    void onlyThePasswordOpensItAndOnlyOverLoopback(@TempDir Path data) throws Exception {
        Path directory = data.resolve("postgres");
        Path passwordFile = data.resolve(EmbeddedDatabase.PASSWORD_FILE);
        String password;
        try (EmbeddedDatabase.Running database = EmbeddedDatabase.start(directory)) {
            password = database.password();
            assertEquals(password, Files.readString(passwordFile));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)));
            assertTrue(password.length() >= 40, "a short password: " + password.length());
            assertEquals(Set.of("postgres", EmbeddedDatabase.PASSWORD_FILE),
                    Set.copyOf(Files.list(data).map(file -> file.getFileName().toString()).toList()),
                    "files left beside the data directory");

            assertRefused(database, null);
            assertRefused(database, "postgres");
            assertRefused(database, password + "x");
            try (Connection connection = connect(database, password); Statement statement = connection.createStatement()) {
                assertEquals("127.0.0.1", single(statement, "SHOW listen_addresses"));
                assertEquals("", single(statement, "SHOW unix_socket_directories"));
                assertEquals("1", single(statement, "SELECT count(*) FROM pg_hba_file_rules"));
                assertEquals("host 127.0.0.1 scram-sha-256", single(statement,
                        "SELECT type || ' ' || address || ' ' || auth_method FROM pg_hba_file_rules"));
                assertEquals("t", single(statement,
                        "SELECT rolpassword LIKE 'SCRAM-SHA-256$%' FROM pg_authid WHERE rolname = 'postgres'"));
            }
            for (InetAddress address : nonLoopbackAddresses()) {
                try (Socket socket = new Socket()) {
                    Exception refused = assertThrows(Exception.class, () -> socket.connect(
                            new InetSocketAddress(address, database.postgres().getPort()), 2000),
                            "the server answers on " + address);
                    assertTrue(refused instanceof ConnectException || refused instanceof SocketTimeoutException,
                            refused.toString());
                }
            }
        }

        try (EmbeddedDatabase.Running again = EmbeddedDatabase.start(directory)) {
            assertEquals(password, again.password());
            assertRefused(again, null);
            try (Connection connection = connect(again, password); Statement statement = connection.createStatement()) {
                assertEquals("1", single(statement, "SELECT 1"));
            }
        }
        assertEquals(password, Files.readString(passwordFile));
    }

    @Test
    void aDataDirectoryThatTrustedEveryoneIsMovedToPasswords(@TempDir Path data) throws Exception {
        Path directory = data.resolve("postgres");
        // What older versions ran: the library's initdb, which trusts every local connection.
        try (EmbeddedPostgres older = EmbeddedPostgres.builder().setDataDirectory(directory)
                .setCleanDataDirectory(false).setRegisterShutdownHook(false).start();
             Connection connection = older.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE kept (note text)");
            statement.execute("INSERT INTO kept VALUES ('from before')");
        }
        assertTrue(Files.readString(directory.resolve("pg_hba.conf")).lines()
                .anyMatch(line -> line.matches("^host\\s.*\\btrust\\s*$")), "the old rules trusted loopback");
        assertFalse(Files.exists(data.resolve(EmbeddedDatabase.PASSWORD_FILE)));

        try (EmbeddedDatabase.Running database = EmbeddedDatabase.start(directory)) {
            assertRefused(database, null);
            assertRefused(database, "postgres");
            assertEquals(EmbeddedDatabase.HOST_BASED_AUTHENTICATION, Files.readString(directory.resolve("pg_hba.conf")));
            try (Connection connection = connect(database, database.password());
                 Statement statement = connection.createStatement()) {
                assertEquals("from before", single(statement, "SELECT note FROM kept"));
                assertEquals("0", single(statement,
                        "SELECT count(*) FROM pg_hba_file_rules WHERE auth_method <> 'scram-sha-256'"));
            }
        }
        try (EmbeddedDatabase.Running again = EmbeddedDatabase.start(directory)) {
            assertRefused(again, null);
            try (Connection connection = connect(again, again.password());
                 Statement statement = connection.createStatement()) {
                assertEquals("from before", single(statement, "SELECT note FROM kept"));
            }
        }
    }

    private static Connection connect(EmbeddedDatabase.Running database, String password) throws SQLException {
        Properties login = new Properties();
        login.setProperty("user", "postgres");
        if (password != null) {
            login.setProperty("password", password);
        }
        return DriverManager.getConnection(database.jdbcUrl(), login);
    }

    private static void assertRefused(EmbeddedDatabase.Running database, String password) {
        SQLException refused = assertThrows(SQLException.class, () -> connect(database, password).close(),
                "logged in with " + (password == null ? "no password" : "a wrong password"));
        // 28P01: wrong password; 08004: the server asked for a password the client did not have.
        assertTrue(Set.of("28P01", "08004").contains(refused.getSQLState()), refused.getSQLState() + " " + refused);
    }

    private static String single(Statement statement, String sql) throws SQLException {
        try (ResultSet row = statement.executeQuery(sql)) {
            assertTrue(row.next(), sql);
            return row.getString(1);
        }
    }

    /** This machine's own addresses other than loopback (link-local IPv6 ones need a scope, and are left out). */
    private static List<InetAddress> nonLoopbackAddresses() throws Exception {
        List<InetAddress> addresses = new ArrayList<>();
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!network.isUp() || network.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(network.getInetAddresses())) {
                if (!address.isLoopbackAddress() && !(address instanceof Inet6Address && address.isLinkLocalAddress())) {
                    addresses.add(address);
                }
            }
        }
        return addresses;
    }
}
