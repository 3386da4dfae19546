package io.switchboard.process;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged application, started and stopped as a process, on its embedded database and on an external one. */
class SwitchboardProcessIT {

    private static final String INDEX = """
            {"name":"kept","connector_type_id":".index","config":{"index":"alerts","refresh":true}}""";

    @Test
    void embeddedDefaultKeepsConnectorsAndKeyAcrossRestarts(@TempDir Path dataDirectory) throws Exception {
        String created;
        try (RunningSwitchboard app = RunningSwitchboard.start(dataDirectory, "")) {
            var response = app.post("/s/team-a/api/actions/connector/restart-check", INDEX);
            assertEquals(200, response.statusCode(), response.body());
            created = app.get("/s/team-a/api/actions/connector/restart-check").body();
            assertTrue(app.log().contains("xpack.encryptedSavedObjects.encryptionKey is not set"), app.log());
        }
        Path keyFile = dataDirectory.resolve("encryption.key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
        String key = Files.readString(keyFile);
        assertTrue(Files.isDirectory(dataDirectory.resolve("postgres")));
        Path passwordFile = dataDirectory.resolve("postgres.password");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)));
        String password = Files.readString(passwordFile);

        try (RunningSwitchboard app = RunningSwitchboard.start(dataDirectory, "")) {
            var response = app.get("/s/team-a/api/actions/connector/restart-check");
            assertEquals(200, response.statusCode(), response.body());
            assertEquals(created, response.body());
            assertEquals("false", app.get("/s/team-a/api/actions/connectors").body()
                    .replaceAll(".*\"is_missing_secrets\":(true|false).*", "$1"));
        }
        assertEquals(key, Files.readString(keyFile));
        assertEquals(password, Files.readString(passwordFile));
    }

    @Test
    void theFirstStartWithoutABootstrapPasswordPrintsAGeneratedOneOnce(@TempDir Path dataDirectory)
            throws Exception {
        String password;
        try (RunningSwitchboard app = RunningSwitchboard.start(dataDirectory, "", false)) {
            java.util.regex.Matcher printed = java.util.regex.Pattern.compile("password: (\\S+)").matcher(app.log());
            assertTrue(printed.find(), app.log());
            password = printed.group(1);
            assertTrue(password.length() >= 20, "a strong password");
            assertEquals(401, app.get("/api/actions/connectors").statusCode());
            app.authenticateAs("elastic", password);
            var listed = app.get("/api/actions/connectors");
            assertEquals(200, listed.statusCode(), listed.body());
        }
        try (RunningSwitchboard app = RunningSwitchboard.start(dataDirectory, "", false)) {
            assertFalse(app.log().contains(password), "printed once only");
            assertFalse(app.log().contains("Superuser created"), app.log());
            app.authenticateAs("elastic", password);
            assertEquals(200, app.get("/api/actions/connectors").statusCode());
        }
        for (Path file : (Iterable<Path>) Files.walk(dataDirectory).filter(Files::isRegularFile)::iterator) {
            if (file.toString().endsWith(".log") || Files.size(file) > 50_000_000) {
                continue;
            }
            assertFalse(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1)
                    .contains(password), "the password is in no file: " + file);
        }
    }

    @Test
    void twoInstancesOnOneExternalDatabaseSeeTheSameConnectors(@TempDir Path first, @TempDir Path second)
            throws Exception {
        try (EmbeddedPostgres database = EmbeddedPostgres.builder().start()) {
            String config = RunningSwitchboard.yaml(Map.of(
                    "quarkus.datasource.jdbc.url", database.getJdbcUrl("postgres", "postgres"),
                    "xpack.encryptedSavedObjects.encryptionKey", "shared-key-for-both-instances-0123456789"));
            try (RunningSwitchboard a = RunningSwitchboard.start(first, config);
                 RunningSwitchboard b = RunningSwitchboard.start(second, config)) {
                assertEquals(200, a.post("/api/actions/connector/shared", INDEX).statusCode());
                var seenByB = b.get("/api/actions/connector/shared");
                assertEquals(200, seenByB.statusCode(), seenByB.body());
                assertTrue(seenByB.body().contains("\"name\":\"kept\""), seenByB.body());

                assertEquals(200, b.put("/api/actions/connector/shared",
                        "{\"name\":\"renamed by b\",\"config\":{\"index\":\"alerts\"}}").statusCode());
                assertTrue(a.get("/api/actions/connector/shared").body().contains("\"name\":\"renamed by b\""));

                assertEquals(409, b.post("/api/actions/connector/shared", INDEX).statusCode());
                assertEquals(204, a.delete("/api/actions/connector/shared").statusCode());
                assertEquals(404, b.get("/api/actions/connector/shared").statusCode());
            }
            assertFalse(Files.exists(first.resolve("postgres")), "an external database must not start the embedded one");
            assertFalse(Files.exists(first.resolve("postgres.password")), "nor make it a password");
        }
    }

    @Test
    void externalDatabaseWithoutEncryptionKeyIsRefused(@TempDir Path dataDirectory) throws Exception {
        try (EmbeddedPostgres database = EmbeddedPostgres.builder().start()) {
            String log = RunningSwitchboard.startExpectingFailure(dataDirectory, RunningSwitchboard.yaml(Map.of(
                    "quarkus.datasource.jdbc.url", database.getJdbcUrl("postgres", "postgres"))));
            assertTrue(log.contains("xpack.encryptedSavedObjects.encryptionKey is not set"), log);
        }
    }

    @Test
    void shortEncryptionKeyIsRefusedWithoutShowingIt(@TempDir Path dataDirectory) throws Exception {
        String log = RunningSwitchboard.startExpectingFailure(dataDirectory, RunningSwitchboard.yaml(Map.of(
                "xpack.encryptedSavedObjects.encryptionKey", "too-short-key-31-characters-xx")));
        assertTrue(log.contains("xpack.encryptedSavedObjects.encryptionKey must be at least 32 characters long"), log);
        assertFalse(log.contains("too-short-key-31-characters-xx"), log);
    }

    @Test
    void preconfiguredConnectorWithoutNameIsRefused(@TempDir Path dataDirectory) throws Exception {
        String log = RunningSwitchboard.startExpectingFailure(dataDirectory, """
                xpack.actions.preconfigured:
                  broken-one:
                    actionTypeId: .server-log
                """);
        assertTrue(log.contains("xpack.actions.preconfigured.broken-one.name is required and must not be empty"), log);
    }

    @Test
    void kibanaYamlSettingsApplyFromTheConfigFile(@TempDir Path dataDirectory) throws Exception {
        try (RunningSwitchboard app = RunningSwitchboard.start(dataDirectory, """
                xpack.actions.enabledActionTypes: [".index"]
                xpack:
                  actions:
                    preconfigured:
                      ops-log:
                        actionTypeId: .server-log
                        name: Ops log
                """)) {
            var types = app.get("/api/actions/connector_types").body();
            assertTrue(types.contains("{\"id\":\".server-log\",\"name\":\"Server log\",\"enabled\":false"), types);
            var preconfigured = app.get("/s/any/api/actions/connector/ops-log");
            assertEquals(200, preconfigured.statusCode(), preconfigured.body());
            assertEquals(403, app.post("/api/actions/connector", "{\"name\":\"x\",\"connector_type_id\":\".server-log\"}")
                    .statusCode());
            var run = app.post("/api/actions/connector/ops-log/_execute", "{\"params\":{\"message\":\"hello from yaml\"}}");
            assertEquals("{\"status\":\"ok\",\"connector_id\":\"ops-log\"}", run.body());
            assertTrue(app.log().contains("Server log: hello from yaml"), app.log());
        }
    }
}
