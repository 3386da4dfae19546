package io.switchboard.process;

import com.sun.net.httpserver.HttpServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The queue across processes: instances sharing a database, one killed, one stopped. */
class QueueProcessIT {

    private static final String KEY = "shared-key-for-both-instances-0123456789";

    /** A webhook receiver that counts each body it is sent, answering after {@code delay}. */
    private static final class Receiver implements AutoCloseable {
        final Map<String, AtomicInteger> bodies = new ConcurrentHashMap<>();
        private final HttpServer server;

        Receiver(Duration delay) throws Exception {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1000);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                bodies.computeIfAbsent(body, b -> new AtomicInteger()).incrementAndGet();
                exchange.sendResponseHeaders(200, 2);
                exchange.getResponseBody().write("ok".getBytes());
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        int distinct() {
            return bodies.size();
        }

        int duplicates() {
            return bodies.values().stream().mapToInt(count -> count.get() - 1).sum();
        }

        boolean await(int distinct, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (distinct() < distinct && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            return distinct() >= distinct;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private static String config(EmbeddedPostgres database, String... more) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "quarkus.datasource.jdbc.url", database.getJdbcUrl("postgres", "postgres"),
                "xpack.encryptedSavedObjects.encryptionKey", KEY));
        for (int i = 0; i < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        return RunningSwitchboard.yaml(settings);
    }

    private static void createHook(RunningSwitchboard app, Receiver receiver) throws Exception {
        var created = app.post("/api/actions/connector/hook", "{\"name\":\"hook\",\"connector_type_id\":\".webhook\","
                + "\"config\":{\"url\":\"" + receiver.url() + "\",\"hasAuth\":false}}");
        assertEquals(200, created.statusCode(), created.body());
    }

    private static void enqueue(RunningSwitchboard app, int from, int count) throws Exception {
        StringBuilder batch = new StringBuilder("[");
        for (int n = from; n < from + count; n++) {
            batch.append(n == from ? "" : ",").append("{\"id\":\"hook\",\"params\":{\"body\":\"item-").append(n)
                    .append("\"}}");
        }
        var answer = app.post("/api/actions/_bulk_enqueue", batch.append(']').toString());
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("\"errors\":false"), answer.body());
    }

    private static Set<String> items(int from, int count) {
        return IntStream.range(from, from + count).mapToObj(n -> "item-" + n).collect(Collectors.toSet());
    }

    private static Map<String, Integer> states(EmbeddedPostgres database) throws Exception {
        Map<String, Integer> states = new HashMap<>();
        try (Connection connection = database.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT state, count(*) FROM queued_execution GROUP BY state")) {
            while (rows.next()) {
                states.put(rows.getString(1), rows.getInt(2));
            }
        }
        return states;
    }

    private static Map<String, Integer> awaitStates(EmbeddedPostgres database, Map<String, Integer> wanted)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Map<String, Integer> states = states(database);
        while (!states.equals(wanted) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            states = states(database);
        }
        return states;
    }

    private static double succeededAttempts(RunningSwitchboard app) throws Exception {
        Matcher line = Pattern.compile("(?m)^switchboard_queue_attempts_total\\{result=\"succeeded\"} ([0-9.E]+)$")
                .matcher(app.get("/q/metrics").body());
        return line.find() ? Double.parseDouble(line.group(1)) : 0;
    }

    @Test
    void twoInstancesShareTheQueueAndNeverRunARowTwice(@TempDir Path first, @TempDir Path second) throws Exception {
        try (EmbeddedPostgres database = EmbeddedPostgres.builder().start();
             Receiver receiver = new Receiver(Duration.ofMillis(20))) {
            String config = config(database, "switchboard.queue.concurrency", "32");
            try (RunningSwitchboard a = RunningSwitchboard.start(first, config);
                 RunningSwitchboard b = RunningSwitchboard.start(second, config)) {
                createHook(a, receiver);
                for (int from = 0; from < 3_000; from += 500) {
                    enqueue(from % 1_000 == 0 ? b : a, from, 500);
                }
                assertTrue(receiver.await(3_000, Duration.ofSeconds(90)), "delivered " + receiver.distinct());
                Thread.sleep(1_000);
                assertEquals(3_000, receiver.distinct());
                assertEquals(0, receiver.duplicates(), "deliveries made twice");
                assertEquals(Map.of("succeeded", 3_000), awaitStates(database, Map.of("succeeded", 3_000)));
                double byA = succeededAttempts(a);
                double byB = succeededAttempts(b);
                assertEquals(3_000, byA + byB);
                assertTrue(byA > 0 && byB > 0, "a ran " + byA + ", b ran " + byB);
            }
        }
    }

    @Test
    void theRowsOfAKilledInstanceAreTakenOverWhenItsLeasesEnd(@TempDir Path first, @TempDir Path second)
            throws Exception {
        try (EmbeddedPostgres database = EmbeddedPostgres.builder().start();
             Receiver receiver = new Receiver(Duration.ofMillis(300))) {
            String config = config(database, "switchboard.queue.concurrency", "10", "switchboard.queue.lease", "2s");
            RunningSwitchboard a = RunningSwitchboard.start(first, config);
            try {
                createHook(a, receiver);
                enqueue(a, 0, 100);
                assertTrue(receiver.await(20, Duration.ofSeconds(30)));
            } finally {
                a.kill();
            }
            // Claimed and not yet written as ended: all that the next instance may run again.
            int claimedAtTheKill = states(database).getOrDefault("running", 0);
            assertTrue(claimedAtTheKill > 0, "nothing was running when the instance was killed");
            assertTrue(claimedAtTheKill <= 10, claimedAtTheKill + " rows claimed, beyond the concurrency of 10");
            try (RunningSwitchboard b = RunningSwitchboard.start(second, config)) {
                assertTrue(receiver.await(100, Duration.ofSeconds(60)), "delivered " + receiver.distinct());
                assertEquals(Map.of("succeeded", 100), awaitStates(database, Map.of("succeeded", 100)));
                assertEquals(items(0, 100), receiver.bodies.keySet(), "accepted executions delivered");
                System.out.printf("SIGKILL takeover: %d rows claimed at the kill, %d deliveries made twice%n",
                        claimedAtTheKill, receiver.duplicates());
                assertTrue(receiver.duplicates() <= claimedAtTheKill, "deliveries made twice: "
                        + receiver.duplicates() + ", rows claimed at the kill: " + claimedAtTheKill);
            }
        }
    }

    @Test
    void sigtermEndsTheAttemptsUnderWayAndLeavesTheRestForAnotherInstance(@TempDir Path first,
                                                                           @TempDir Path second) throws Exception {
        try (EmbeddedPostgres database = EmbeddedPostgres.builder().start();
             Receiver receiver = new Receiver(Duration.ofMillis(500))) {
            String config = config(database, "switchboard.queue.concurrency", "10");
            RunningSwitchboard a = RunningSwitchboard.start(first, config);
            createHook(a, receiver);
            enqueue(a, 0, 100);
            assertTrue(receiver.await(20, Duration.ofSeconds(30)));
            a.terminate();
            int exit = a.awaitExit(Duration.ofSeconds(60));
            assertTrue(exit == 0 || exit == 143, "exit code " + exit + ":\n" + a.log());
            Map<String, Integer> stopped = states(database);
            assertEquals(null, stopped.get("running"), "rows left running by a stopped instance: " + stopped);
            assertEquals(receiver.distinct(), stopped.getOrDefault("succeeded", 0));
            assertEquals(100, stopped.values().stream().mapToInt(Integer::intValue).sum());

            try (RunningSwitchboard b = RunningSwitchboard.start(second, config)) {
                assertTrue(receiver.await(100, Duration.ofSeconds(60)), "delivered " + receiver.distinct());
                assertEquals(Map.of("succeeded", 100), awaitStates(database, Map.of("succeeded", 100)));
                assertEquals(0, receiver.duplicates(), "deliveries made twice");
                assertEquals(List.of(), receiver.bodies.entrySet().stream()
                        .filter(entry -> entry.getValue().get() != 1).map(Map.Entry::getKey).toList());
            }
        }
    }
}
