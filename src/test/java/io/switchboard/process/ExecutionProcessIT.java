package io.switchboard.process;

import com.sun.net.httpserver.HttpServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Executions across instances and across a stop: cached connectors follow changes, event rows survive SIGTERM. */
class ExecutionProcessIT {

    private static final String KEY = "shared-key-for-both-instances-0123456789";
    private static final String EXECUTE = "/api/actions/connector/hook/_execute";
    private static final String PARAMS = "{\"params\":{\"body\":\"{\\\"n\\\":1}\"}}";

    /** A webhook receiver on loopback that records the paths it was called on, answering after {@code delay}. */
    private static final class Receiver implements AutoCloseable {
        final List<String> paths = new CopyOnWriteArrayList<>();
        private final HttpServer server;

        Receiver(Duration delay) throws Exception {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1000);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", exchange -> {
                paths.add(exchange.getRequestURI().getPath());
                exchange.getRequestBody().readAllBytes();
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.sendResponseHeaders(200, 2);
                exchange.getResponseBody().write("ok".getBytes());
                exchange.close();
            });
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private static String webhook(String url) {
        return "{\"name\":\"hook\",\"connector_type_id\":\".webhook\",\"config\":{\"url\":\"" + url
                + "\",\"method\":\"post\",\"hasAuth\":false}}";
    }

    private static String externalDatabase(EmbeddedPostgres database) {
        return RunningSwitchboard.yaml(Map.of(
                "quarkus.datasource.jdbc.url", database.getJdbcUrl("postgres", "postgres"),
                "xpack.encryptedSavedObjects.encryptionKey", KEY));
    }

    @Test
    void aChangeOnOneInstanceReachesTheOthersCacheWithinASecond(@TempDir Path first, @TempDir Path second)
            throws Exception {
        try (EmbeddedPostgres database = EmbeddedPostgres.builder().start();
             Receiver receiver = new Receiver(Duration.ZERO)) {
            String config = externalDatabase(database);
            try (RunningSwitchboard a = RunningSwitchboard.start(first, config);
                 RunningSwitchboard b = RunningSwitchboard.start(second, config)) {
                assertEquals(200, a.post("/api/actions/connector/hook", webhook(receiver.url("/old"))).statusCode());
                // b reads the connector once and keeps it
                assertEquals(200, b.post(EXECUTE, PARAMS).statusCode());
                assertEquals(200, b.post(EXECUTE, PARAMS).statusCode());
                assertEquals(List.of("/old", "/old"), receiver.paths);

                var updated = a.put("/api/actions/connector/hook", "{\"name\":\"hook\",\"config\":{\"url\":\""
                        + receiver.url("/new") + "\",\"method\":\"post\",\"hasAuth\":false}}");
                assertEquals(200, updated.statusCode(), updated.body());
                long changed = System.nanoTime();
                receiver.paths.clear();
                while (!receiver.paths.contains("/new") && System.nanoTime() - changed < TimeUnit.SECONDS.toNanos(5)) {
                    assertEquals(200, b.post(EXECUTE, PARAMS).statusCode());
                }
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - changed);
                assertTrue(receiver.paths.contains("/new"), "b never used the new URL: " + receiver.paths);
                assertTrue(millis < 1000, "b used the new URL only after " + millis + " ms");

                assertEquals(204, a.delete("/api/actions/connector/hook").statusCode());
                long deleted = System.nanoTime();
                int status = 200;
                while (status == 200 && System.nanoTime() - deleted < TimeUnit.SECONDS.toNanos(5)) {
                    status = b.post(EXECUTE, PARAMS).statusCode();
                }
                millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - deleted);
                assertEquals(404, status);
                assertTrue(millis < 1000, "b ran the deleted connector for " + millis + " ms");
            }
        }
    }

    /**
     * On its embedded database, the harder case: the database is a child of the process that is stopping, and must
     * outlive the writing of the last event rows.
     */
    @Test
    void sigtermUnderLoadKeepsTheEventRowsOfEveryAnsweredExecution(@TempDir Path dataDirectory) throws Exception {
        int answered = 0;
        try (Receiver receiver = new Receiver(Duration.ofMillis(500))) {
            RunningSwitchboard app = RunningSwitchboard.start(dataDirectory, "");
            try {
                assertEquals(200, app.post("/api/actions/connector/hook", webhook(receiver.url("/slow"))).statusCode());
                HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    HttpRequest request = app.request(EXECUTE).timeout(Duration.ofSeconds(60))
                            .POST(HttpRequest.BodyPublishers.ofString(PARAMS)).build();
                    calls.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
                }
                long waited = System.nanoTime();
                while (receiver.paths.size() < 50 && System.nanoTime() - waited < TimeUnit.SECONDS.toNanos(30)) {
                    Thread.sleep(10);
                }
                app.terminate();
                for (CompletableFuture<HttpResponse<String>> call : calls) {
                    try {
                        HttpResponse<String> response = call.get(60, TimeUnit.SECONDS);
                        if (response.statusCode() == 200 && response.body().contains("\"status\":\"ok\"")) {
                            answered++;
                        }
                    } catch (java.util.concurrent.ExecutionException refusedAfterTheStop) {
                        // calls not yet accepted when the stop began are refused; they never started
                    }
                }
                int exit = app.awaitExit(Duration.ofSeconds(60));
                assertTrue(exit == 0 || exit == 143, "exit code " + exit + ":\n" + app.log());
                assertTrue(!app.log().contains("rows lost"), app.log());
            } finally {
                app.close();
            }
        }
        assertTrue(answered >= 50, "only " + answered + " executions were answered before the stop");
        // The data directory takes password logins over loopback only, as the application left it.
        String password = Files.readString(dataDirectory.resolve("postgres.password"));
        try (EmbeddedPostgres database = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory.resolve("postgres")).setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("unix_socket_directories", "")
                .setConnectConfig("password", password).start();
             Connection connection = DriverManager.getConnection(
                     database.getJdbcUrl("postgres", "postgres"), "postgres", password);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("""
                     SELECT count(*) FILTER (WHERE action = 'execute-start'),
                            count(*) FILTER (WHERE action = 'execute' AND outcome = 'success')
                     FROM event_log WHERE connector_id = 'hook'""")) {
            rows.next();
            long started = rows.getLong(1);
            long succeeded = rows.getLong(2);
            assertTrue(succeeded >= answered, succeeded + " success rows for " + answered + " answered executions");
            assertEquals(started, succeeded, "every started execution ended with its row");
        }
    }
}
