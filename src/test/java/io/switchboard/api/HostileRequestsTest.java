package io.switchboard.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.support.Api;
import io.switchboard.support.ClosedPort;
import io.switchboard.support.KeepAliveClient;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.switchboard.support.Api.create;
import static io.switchboard.support.Api.kibana;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Sends more than ten thousand generated requests, malformed, oversized, wrongly typed and hostile in every part, to
 * every route, in and out of spaces. Every answer must be a 4xx in Kibana's shape (or, for a request that is a valid
 * read after all, a 2xx), never a 5xx, never a stack trace or a class name; the stored connectors must be what they
 * were. The generator is seeded: {@code -Dhostile.seed=N} replays a run, {@code -Dhostile.requests=N} sizes it.
 */
@QuarkusTest
class HostileRequestsTest {

    private static final long SEED = Long.getLong("hostile.seed", 20_261_205L);
    private static final int REQUESTS = Integer.getInteger("hostile.requests", 12_000);
    private static final List<String> SPACES = List.of("default", "hostile-a", "hostile-b");
    /** What an answer must never show: stack frames and the names of the classes underneath. */
    private static final List<String> LEAKS = List.of(
            "Exception", "at io.", "java.", "org.hibernate", "io.vertx", "io.quarkus", "org.jboss", "com.fasterxml");
    private static final int SHOWN_FAILURES = 20;
    private static final String READER_PASSWORD = "hostile reader password";
    private static final Path FAILURES = Path.of("target", "hostile-requests-failures.txt");

    private final ObjectMapper json = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    @Inject
    DataSource dataSource;

    /** What a run of requests found. */
    private static final class Storm {
        int sent;
        final List<String> failures = new ArrayList<>();
        final Map<String, Integer> kinds = new TreeMap<>();
        final Map<String, Integer> statuses = new TreeMap<>();
    }

    @Test
    void everyHostileRequestIsRefusedInKibanasShapeAndChangesNoConnector() throws Exception {
        try (ClosedPort closed = new ClosedPort()) {
            List<HostileRequests.Stored> stored = storeConnectors(closed.port());
            String before = connectorTable();
            Storm storm = storm(new HostileRequests(SEED, base.getPort(), stored, reader()));
            String after = connectorTable();
            if (!before.equals(after)) {
                storm.failures.addFirst("stored connectors changed; before:\n" + before + "after:\n" + after);
                storm.kinds.put("stored connectors changed", 1);
            }
            assertNoFailures(storm);
            assertTrue(storm.sent >= 10_000, "only " + storm.sent + " requests sent");
        }
        kibana().get("/api/actions/connectors").then().statusCode(200);
    }

    private Storm storm(HostileRequests requests) throws Exception {
        Storm storm = new Storm();
        long started = System.nanoTime();
        try (KeepAliveClient client = new KeepAliveClient(base.getPort(), 10_000)) {
            for (int n = 0; n < REQUESTS; n++) {
                HostileRequests.Probe probe = requests.next(n);
                KeepAliveClient.Answer answer = client.exchange(probe.wire(), probe.head());
                storm.sent++;
                storm.statuses.merge(answer.status() + (refusedByHttpCodec(answer) ? " bare" : ""), 1, Integer::sum);
                String problem = problem(probe, answer);
                if (problem != null) {
                    storm.kinds.merge(problem + " (" + answer.status() + ")", 1, Integer::sum);
                    storm.failures.add(report(n, probe, answer, problem));
                }
            }
            System.out.printf("hostile requests: %d sent over %d connections in %d ms, seed %d, statuses %s%n",
                    storm.sent, client.connections(), (System.nanoTime() - started) / 1_000_000, SEED,
                    storm.statuses);
        }
        return storm;
    }

    private static void assertNoFailures(Storm storm) throws Exception {
        if (storm.failures.isEmpty()) {
            return;
        }
        Files.writeString(FAILURES, String.join("\n", storm.failures));
        int shown = Math.min(SHOWN_FAILURES, storm.failures.size());
        fail(storm.failures.size() + " of " + storm.sent + " answers wrong (seed " + SEED + ", all of them in "
                + FAILURES + "), by kind " + storm.kinds + "; the first " + shown + ":\n"
                + String.join("\n", storm.failures.subList(0, shown)));
    }

    /**
     * In each space, a server log, and a webhook, a Slack, a PagerDuty and an email connector whose peers (and secrets)
     * are at a closed port.
     */
    private static List<HostileRequests.Stored> storeConnectors(int closedPort) {
        String peer = "http://127.0.0.1:" + closedPort;
        List<String> bodies = List.of(
                "{\"name\":\"log\",\"connector_type_id\":\".server-log\"}",
                """
                {"name":"hook","connector_type_id":".webhook","config":{"url":"%s/in","hasAuth":true},
                 "secrets":{"user":"ops","password":"hostile-secret"}}""".formatted(peer),
                """
                {"name":"s","connector_type_id":".slack","secrets":{"webhookUrl":"%s/services/T0/B0/x"}}"""
                        .formatted(peer),
                """
                {"name":"p","connector_type_id":".pagerduty","config":{"apiUrl":"%s/v2/enqueue"},
                 "secrets":{"routingKey":"hostile-key"}}""".formatted(peer),
                """
                {"name":"e","connector_type_id":".email","config":{"from":"alerts@example.com","host":"127.0.0.1",
                 "port":%d},"secrets":{"user":"alerts","password":"hostile-secret"}}""".formatted(closedPort));
        List<HostileRequests.Stored> stored = new ArrayList<>();
        for (String space : SPACES) {
            for (String body : bodies) {
                stored.add(new HostileRequests.Stored(space, create(space.equals("default") ? null : space, body)));
            }
        }
        return stored;
    }

    /** A user whose role may read connectors in one space only: its {@code Authorization} header value. */
    private static String reader() {
        kibana().body("{\"kibana\":[{\"feature\":{\"actions\":[\"read\"]},\"spaces\":[\"hostile-a\"]}]}")
                .put("/api/security/role/hostile-reader").then().statusCode(204);
        kibana().body("{\"password\":\"" + READER_PASSWORD + "\",\"roles\":[\"hostile-reader\"]}")
                .put("/_security/user/hostile-reader").then().statusCode(200);
        return Api.basic("hostile-reader", READER_PASSWORD);
    }

    /** Every column of every stored connector, in a fixed order. */
    private String connectorTable() throws SQLException {
        StringBuilder table = new StringBuilder();
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT * FROM connector ORDER BY space_id, id")) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                for (int column = 1; column <= columns; column++) {
                    table.append(rows.getMetaData().getColumnName(column)).append('=')
                            .append(rows.getString(column)).append('\t');
                }
                table.append('\n');
            }
        }
        return table.toString();
    }

    /** What is wrong with an answer, or null. */
    private String problem(HostileRequests.Probe probe, KeepAliveClient.Answer answer) {
        if (answer.status() == KeepAliveClient.TIMED_OUT) {
            return "no answer within 10 s";
        }
        if (answer.status() == KeepAliveClient.CLOSED) {
            return "connection closed without an answer";
        }
        if (refusedByHttpCodec(answer)) {
            return null;
        }
        boolean success = answer.status() >= 200 && answer.status() < 300;
        if (!(answer.status() >= 400 && answer.status() < 500) && !(success && probe.mayAnswerOk())) {
            return "status " + answer.status();
        }
        for (String leak : LEAKS) {
            if (answer.body().contains(leak)) {
                return "answer shows " + leak;
            }
        }
        if (probe.head() || success && answer.body().isEmpty()) {
            return null;
        }
        String type = answer.headers().getOrDefault("content-type", "");
        if (!type.startsWith("application/json")) {
            return "content type [" + type + "]";
        }
        return success ? jsonProblem(answer.body()) : errorShapeProblem(answer.status(), answer.body());
    }

    /**
     * A request the HTTP codec could not parse (a malformed request line or header, a head past its limits) is
     * answered by Vert.x before any route or filter sees it: a bare 400, 414 or 431, as Node answers Kibana's.
     * Vert.x's invalid-request handler can only be replaced on the server object Quarkus creates and keeps to itself,
     * so these answers stay bare.
     */
    private static boolean refusedByHttpCodec(KeepAliveClient.Answer answer) {
        return List.of(400, 414, 431).contains(answer.status()) && answer.body().isEmpty()
                && !answer.headers().containsKey("content-type");
    }

    private String jsonProblem(String body) {
        try {
            json.readTree(body);
            return null;
        } catch (Exception notJson) {
            return "answer is not JSON";
        }
    }

    private String errorShapeProblem(int status, String body) {
        JsonNode error;
        try {
            error = json.readTree(body);
        } catch (Exception notJson) {
            return "error answer is not JSON";
        }
        boolean kibanaShaped = error != null && error.path("statusCode").isInt()
                && error.path("statusCode").intValue() == status && error.path("error").isTextual()
                && error.path("message").isTextual();
        return kibanaShaped ? null : "error answer not in Kibana's shape";
    }

    private static String report(int n, HostileRequests.Probe probe, KeepAliveClient.Answer answer, String problem) {
        String request = new String(probe.wire(), StandardCharsets.ISO_8859_1);
        return "#" + n + " " + problem + ": " + HostileRequests.abbreviate(probe.description(), 300)
                + "\n    sent: " + HostileRequests.abbreviate(request, 300)
                + "\n    answer: " + answer.status() + " " + answer.headers() + " "
                + HostileRequests.abbreviate(answer.body(), 200);
    }
}
