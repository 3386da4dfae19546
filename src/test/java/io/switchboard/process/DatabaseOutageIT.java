package io.switchboard.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.switchboard.support.Api;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL stops under load and comes back: while it is away every request is answered, with 503 in Kibana's
 * shape or with success; readiness turns DOWN; once it is back Switchboard serves again by itself, and every
 * execution whose enqueue was answered with success is delivered, once.
 */
class DatabaseOutageIT {

    private static final String KEY = "outage-test-encryption-key-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration OUTAGE = Duration.ofSeconds(10);
    private static final int ENQUEUERS = 4;

    private enum Phase { BEFORE, OUTAGE, AFTER }

    /** One answer the load received: what was asked, in which phase, and what came back (status -1: none). */
    private record Answer(Phase phase, String request, int status, String body) {
        @Override
        public String toString() {
            return phase + " " + request + " -> " + status + " " + body;
        }
    }

    /** A webhook receiver that counts each body it is sent. */
    private static final class Receiver implements AutoCloseable {
        final Map<String, AtomicInteger> bodies = new ConcurrentHashMap<>();
        private final HttpServer server;

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1000);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                bodies.computeIfAbsent(body, b -> new AtomicInteger()).incrementAndGet();
                exchange.sendResponseHeaders(200, 2);
                exchange.getResponseBody().write("ok".getBytes(StandardCharsets.UTF_8));
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        boolean awaitAll(Set<String> wanted, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!bodies.keySet().containsAll(wanted) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            return bodies.keySet().containsAll(wanted);
        }

        Map<String, Integer> duplicates() {
            return bodies.entrySet().stream().filter(entry -> entry.getValue().get() > 1)
                    .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().get()));
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** Requests sent without pause from a few threads until stopped, each answer recorded with its phase. */
    private static final class Load implements AutoCloseable {
        final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
        final Set<String> accepted = ConcurrentHashMap.newKeySet();
        final AtomicReference<Phase> phase = new AtomicReference<>(Phase.BEFORE);
        private final RunningSwitchboard app;
        private final AtomicLong next = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();

        Load(RunningSwitchboard app) {
            this.app = app;
            for (int i = 0; i < ENQUEUERS; i++) {
                threads.add(Thread.ofVirtual().start(() -> repeat(this::enqueue)));
            }
            threads.add(Thread.ofVirtual().start(() -> repeat(this::readAndExecute)));
        }

        private void repeat(Runnable request) {
            while (running.get()) {
                request.run();
            }
        }

        private void enqueue() {
            String id = "outage-" + next.incrementAndGet();
            Answer answer = send("enqueue " + id, () -> app.post("/api/actions/connector/hook/_enqueue",
                    "{\"params\":{\"body\":\"" + id + "\"}}"));
            if (answer.status() == 202) {
                accepted.add(id);
            }
        }

        /** Reads the connector and runs it at once: both need the database unless the connector is cached. */
        private void readAndExecute() {
            send("get connector", () -> app.get("/api/actions/connector/hook"));
            String id = "execute-" + next.incrementAndGet();
            send("execute " + id, () -> app.post("/api/actions/connector/hook/_execute",
                    "{\"params\":{\"body\":\"" + id + "\"}}"));
            pause(50);
        }

        private interface Call {
            HttpResponse<String> send() throws Exception;
        }

        /** Records the answer under the phase it arrived in: a request sent just before the outage may meet it. */
        private Answer send(String request, Call call) {
            Answer answer;
            try {
                var response = call.send();
                answer = new Answer(phase.get(), request, response.statusCode(), response.body());
            } catch (Exception noAnswer) {
                answer = new Answer(phase.get(), request, -1, noAnswer.toString());
                pause(100);
            }
            answers.add(answer);
            return answer;
        }

        List<Answer> in(Phase wanted) {
            return answers.stream().filter(answer -> answer.phase() == wanted).toList();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join(Duration.ofSeconds(60));
            }
        }
    }

    @Test
    void requestsAnswer503WhileTheDatabaseIsAwayAndEveryAcceptedExecutionRunsOnceItIsBack(
            @TempDir Path appData, @TempDir Path databaseData) throws Exception {
        int databasePort = freePort();
        EmbeddedPostgres database = startDatabase(databaseData, databasePort);
        try (Receiver receiver = new Receiver();
             RunningSwitchboard app = RunningSwitchboard.start(appData, config(database))) {
            var created = app.post("/api/actions/connector/hook", "{\"name\":\"hook\",\"connector_type_id\":"
                    + "\".webhook\",\"config\":{\"url\":\"" + receiver.url() + "\",\"hasAuth\":false}}");
            assertEquals(200, created.statusCode(), created.body());

            List<Integer> readinessDuringOutage = new ArrayList<>();
            List<Answer> credentialsDuringOutage = new ArrayList<>();
            long recoveryMillis;
            try (Load load = new Load(app)) {
                Thread.sleep(3_000);
                load.phase.set(Phase.OUTAGE);
                long outageStart = System.nanoTime();
                database.close();
                for (int n = 0; System.nanoTime() - outageStart < OUTAGE.toNanos(); n++) {
                    readinessDuringOutage.add(app.get("/q/health/ready").statusCode());
                    credentialsDuringOutage.addAll(checkCredentials(app, n));
                    Thread.sleep(500);
                }
                database = startDatabase(databaseData, databasePort);
                load.phase.set(Phase.AFTER);
                recoveryMillis = awaitRecovery(app, Duration.ofSeconds(30));
                Thread.sleep(3_000);
                load.close();
                report(load, readinessDuringOutage, recoveryMillis);
                assertAnswers(load);
                assertReadiness(app, readinessDuringOutage);
                assertCredentials(credentialsDuringOutage, checkCredentials(app, -1));
                assertDelivered(receiver, load.accepted);
                assertNoneFailed(database);
            }
        } finally {
            database.close();
        }
    }

    private static void assertAnswers(Load load) {
        List<Answer> wrong = load.answers.stream().filter(answer -> !successOr503(answer)).toList();
        assertEquals(List.of(), wrong.stream().limit(20).toList(), wrong.size() + " answers neither success nor 503");
        assertTrue(load.in(Phase.OUTAGE).stream().anyMatch(answer -> answer.status() == 503),
                "no 503 while the database was away");
        assertTrue(load.in(Phase.BEFORE).stream().allMatch(answer -> answer.status() / 100 == 2),
                "failures before the outage");
    }

    private static boolean successOr503(Answer answer) {
        if (answer.request().startsWith("enqueue") && answer.status() == 202
                || !answer.request().startsWith("enqueue") && answer.status() == 200) {
            return true;
        }
        if (answer.status() != 503) {
            return false;
        }
        try {
            JsonNode body = JSON.readTree(answer.body());
            return body.path("statusCode").asInt() == 503 && "Service Unavailable".equals(body.path("error").asText())
                    && !body.path("message").asText().isBlank();
        } catch (IOException notJson) {
            return false;
        }
    }

    /**
     * A request with the credentials verified before (cached: no database needed, on a route that needs none) and
     * one with a password never seen (which only the database can check).
     */
    private static List<Answer> checkCredentials(RunningSwitchboard app, int n) throws Exception {
        var cached = app.get("/api/actions/connector_types");
        var unseen = HTTP.send(app.request("/api/actions/connectors")
                .setHeader("Authorization", Api.basic(Api.SUPERUSER, "not-the-password-" + n)).GET()
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        return List.of(new Answer(Phase.OUTAGE, "cached credentials", cached.statusCode(), cached.body()),
                new Answer(Phase.OUTAGE, "unseen credentials", unseen.statusCode(), unseen.body()));
    }

    private static void assertCredentials(List<Answer> duringOutage, List<Answer> after) {
        System.out.printf("outage: credentials during the outage %s%n", duringOutage.stream().collect(
                Collectors.groupingBy(answer -> answer.request() + " " + answer.status(), Collectors.counting())));
        List<Answer> wrong = duringOutage.stream().filter(answer -> answer.request().startsWith("cached")
                ? answer.status() != 200 : answer.status() != 503 || !successOr503(answer)).toList();
        assertEquals(List.of(), wrong, "credentials checked while the database was away");
        assertEquals(List.of(200, 401), after.stream().map(Answer::status).toList(), "once it is back: " + after);
    }

    private static void assertReadiness(RunningSwitchboard app, List<Integer> duringOutage) throws Exception {
        assertTrue(duringOutage.contains(503), "readiness during the outage: " + duringOutage);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int status = app.get("/q/health/ready").statusCode();
        while (status != 200 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            status = app.get("/q/health/ready").statusCode();
        }
        assertEquals(200, status, "readiness once the database is back");
    }

    private static void assertDelivered(Receiver receiver, Set<String> accepted) throws Exception {
        boolean all = receiver.awaitAll(accepted, Duration.ofSeconds(90));
        Set<String> missing = new java.util.TreeSet<>(accepted);
        missing.removeAll(receiver.bodies.keySet());
        assertTrue(all, missing.size() + " of " + accepted.size() + " accepted executions never delivered, such as "
                + missing.stream().limit(10).toList());
        Thread.sleep(1_000);
        Map<String, Integer> duplicates = receiver.duplicates();
        System.out.printf("outage: %d accepted executions delivered, %d delivered more than once%n",
                accepted.size(), duplicates.size());
        assertEquals(Map.of(), duplicates, "delivered more than once");
    }

    /** Attempts that could not read their connector while the database was away were not counted as failures. */
    private static void assertNoneFailed(EmbeddedPostgres database) throws Exception {
        Map<String, Integer> states = new java.util.TreeMap<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        do {
            states.clear();
            try (Connection connection = database.getPostgresDatabase().getConnection();
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery(
                         "SELECT state, count(*) FROM queued_execution GROUP BY state")) {
                while (rows.next()) {
                    states.put(rows.getString(1), rows.getInt(2));
                }
            }
            Thread.sleep(200);
        } while (!states.keySet().equals(Set.of("succeeded")) && System.nanoTime() < deadline);
        System.out.printf("outage: queued executions by state %s%n", states);
        assertEquals(Set.of("succeeded"), states.keySet(), "queued executions by state");
    }

    /** Milliseconds until a read and an enqueue both succeed again. */
    private static long awaitRecovery(RunningSwitchboard app, Duration timeout) throws Exception {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        for (int probe = 0; System.nanoTime() < deadline; probe++) {
            if (app.get("/api/actions/connector/hook").statusCode() == 200
                    && app.post("/api/actions/connector/hook/_enqueue",
                    "{\"params\":{\"body\":\"probe-" + probe + "\"}}").statusCode() == 202) {
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Switchboard did not serve again within " + timeout + " of the database's return:\n"
                + tail(app.log()));
    }

    private static void report(Load load, List<Integer> readiness, long recoveryMillis) {
        for (Phase phase : Phase.values()) {
            Map<String, Long> statuses = load.in(phase).stream().collect(Collectors.groupingBy(
                    answer -> answer.request().split(" ")[0] + " " + answer.status(), Collectors.counting()));
            System.out.printf("outage: %s %s%n", phase, statuses);
        }
        System.out.printf("outage: readiness during the outage %s; served again %d ms after the database's return%n",
                readiness, recoveryMillis);
    }

    private static EmbeddedPostgres startDatabase(Path directory, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(directory).setCleanDataDirectory(false).setPort(port)
                .start();
    }

    private static String config(EmbeddedPostgres database) {
        return RunningSwitchboard.yaml(Map.of(
                "quarkus.datasource.jdbc.url", database.getJdbcUrl("postgres", "postgres"),
                // While the database is away a request waits this long for a connection, then answers 503.
                "quarkus.datasource.jdbc.acquisition-timeout", "2s",
                "xpack.encryptedSavedObjects.encryptionKey", KEY));
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static String tail(String log) {
        return log.length() <= 20_000 ? log : log.substring(log.length() - 20_000);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
