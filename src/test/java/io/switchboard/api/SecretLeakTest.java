package io.switchboard.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.switchboard.support.Api;
import io.switchboard.support.Database;
import io.switchboard.support.LogCapture;
import io.switchboard.support.WireMockPeer;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static io.switchboard.support.Api.basic;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.kibana;
import static io.switchboard.support.Api.path;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Uses every kind of secret Switchboard holds (connector secrets of every type that has them, user passwords, API
 * keys, wrong credentials, the bootstrap password, the encryption key), then looks for each in every response,
 * every log record at every level from DEBUG up, the metrics, and every column of every table of the database.
 */
@QuarkusTest
@TestProfile(SecretLeakTest.DebugLogs.class)
class SecretLeakTest {

    /**
     * The whole application logs at DEBUG, so that the scan reads what an operator debugging it would read. The test's
     * own HTTP client (RestAssured's Apache client, which prints the headers it sends) shares the log and is kept out.
     */
    public static class DebugLogs implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.log.level", "DEBUG", "quarkus.log.console.level", "INFO",
                    "quarkus.log.category.\"org.apache.http\".level", "INFO");
        }
    }

    private static final LogCapture LOGS = LogCapture.install();

    /**
     * type → a valid create body whose secrets hold the marker ({@code %1$s}) and whose peer ({@code %2$s}, a stub
     * answering 500, or a closed SMTP port) fails, and params that pass validation so the connector really runs.
     */
    private static final Map<String, String[]> CONNECTORS = Map.of(
            ".slack", new String[] {"""
                    {"name":"s","connector_type_id":".slack","secrets":{"webhookUrl":"%2$s/services/T0/B0/%1$s"}}""",
                    "{\"message\":\"hello\"}"},
            ".pagerduty", new String[] {"""
                    {"name":"p","connector_type_id":".pagerduty","config":{"apiUrl":"%2$s/v2/enqueue"},
                     "secrets":{"routingKey":"%1$s"}}""", "{\"summary\":\"s\"}"},
            ".jira", new String[] {"""
                    {"name":"j","connector_type_id":".jira","config":{"apiUrl":"%2$s","projectKey":"OPS"},
                     "secrets":{"email":"ops@example.com","apiToken":"%1$s"}}""",
                    "{\"subAction\":\"getIncident\",\"subActionParams\":{\"externalId\":\"OPS-1\"}}"},
            ".email", new String[] {"""
                    {"name":"e","connector_type_id":".email","config":{"from":"alerts@example.com","host":"127.0.0.1",
                     "port":%3$d},"secrets":{"user":"alerts","password":"%1$s"}}""",
                    "{\"to\":[\"ops@example.com\"],\"subject\":\"s\",\"message\":\"m\"}"},
            ".webhook", new String[] {"""
                    {"name":"w","connector_type_id":".webhook","config":{"url":"%2$s/in"},
                     "secrets":{"user":"ops","password":"%1$s"}}""", "{\"body\":\"{}\"}"});

    /** The names of the secret fields above: sealed secrets must not show them either. */
    private static final List<String> SECRET_FIELDS = List.of("webhookUrl", "routingKey", "apiToken", "password");

    @Inject
    DataSource dataSource;

    private final List<String> secrets = new ArrayList<>();
    private final List<String> responses = new ArrayList<>();
    private final Map<String, String> connectorIds = new LinkedHashMap<>();

    @Test
    void noSecretValueLeavesSwitchboard() {
        String space = freshSpace();
        secret(Api.SUPERUSER_PASSWORD);
        secret(Api.authorization().substring("Basic ".length()));
        secret(ConfigProvider.getConfig().getValue("xpack.encryptedSavedObjects.encryptionKey", String.class));

        runConnectorsWithSecrets(space);
        String encodedKey = useAnApiKey(space);
        useAUserAndChangeItsPassword(space);
        failToLogIn();
        enqueueWithTheApiKey(space, encodedKey);
        readEverythingBack(space);

        String metrics = RestAssured.given().get("/q/metrics").then().extract().asString();
        String stored = everyTable();
        String logs = LOGS.text();
        assertTrue(logs.contains("connector_create"), "the capture holds the application's records (audit lines)");
        assertTrue(LOGS.belowInfo() > 0, "the capture holds DEBUG records");
        for (String secret : secrets) {
            for (String form : forms(secret)) {
                for (String response : responses) {
                    assertFalse(response.contains(form), "a response contains a secret: " + response);
                }
                assertFalse(logs.contains(form), "the log contains a secret: " + lineHolding(logs, form));
                assertFalse(metrics.contains(form), "the metrics contain a secret");
                assertFalse(stored.contains(form), "the database holds a secret in clear: " + lineHolding(stored, form));
            }
        }
        assertSealed(space);
    }

    private void runConnectorsWithSecrets(String space) {
        WireMockPeer.server().stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(500)));
        int closedPort = closedPort();
        CONNECTORS.forEach((type, connector) -> {
            String marker = secret("sekret" + type.substring(1) + "Zq81" + UUID.randomUUID().toString().substring(0, 6));
            String body = connector[0].formatted(marker, WireMockPeer.url(""), closedPort);
            String created = kibana().body(body).post(path(space, "/api/actions/connector"))
                    .then().statusCode(200).extract().asString();
            responses.add(created);
            String id = JsonPath.from(created).getString("id");
            connectorIds.put(type, id);
            String route = path(space, "/api/actions/connector/" + id);
            responses.add(kibana().get(route).then().statusCode(200).extract().asString());
            // An update whose secrets fail validation: the error must not echo them.
            responses.add(kibana().body("{\"name\":\"x\",\"secrets\":{\"unknownKey\":\"" + marker + "\"}}").put(route)
                    .then().statusCode(400).extract().asString());
            responses.add(kibana().body("{\"params\":{}}").post(route + "/_execute").then().extract().asString());
            responses.add(kibana().body("{\"params\":" + connector[1] + "}").post(route + "/_execute").then()
                    .statusCode(200).body("status", equalTo("error")).extract().asString());
        });
    }

    /** Creates an API key (its one answer is the only place it may appear) and uses it. */
    private String useAnApiKey(String space) {
        JsonPath created = JsonPath.from(RestAssured.given().contentType(ContentType.JSON)
                .body("{\"name\":\"scan-key\"}").post("/_security/api_key").then().statusCode(200).extract().asString());
        secret(created.getString("api_key"));
        String encoded = secret(created.getString("encoded"));
        responses.add(withAuthorization("ApiKey " + encoded).get(path(space, "/api/actions/connectors"))
                .then().statusCode(200).extract().asString());
        responses.add(withAuthorization("ApiKey " + encoded).get("/_security/_authenticate")
                .then().statusCode(200).extract().asString());
        return encoded;
    }

    private void useAUserAndChangeItsPassword(String space) {
        String role = "scan-role-" + UUID.randomUUID().toString().substring(0, 8);
        kibana().body("{\"kibana\":[{\"feature\":{\"actions\":[\"all\"]},\"spaces\":[\"" + space + "\"]}]}")
                .put("/api/security/role/" + role).then().statusCode(204);
        String user = "scan-user-" + UUID.randomUUID().toString().substring(0, 8);
        String first = secret("first-pass-" + UUID.randomUUID());
        responses.add(RestAssured.given().contentType(ContentType.JSON)
                .body("{\"password\":\"" + first + "\",\"roles\":[\"" + role + "\"]}")
                .put("/_security/user/" + user).then().statusCode(200).extract().asString());
        responses.add(withAuthorization(basic(user, first)).get(path(space, "/api/actions/connectors"))
                .then().statusCode(200).extract().asString());
        String second = secret("second-pass-" + UUID.randomUUID());
        responses.add(RestAssured.given().contentType(ContentType.JSON)
                .body("{\"password\":\"" + second + "\"}")
                .post("/_security/user/" + user + "/_password").then().statusCode(200).extract().asString());
        responses.add(withAuthorization(basic(user, second)).get(path(space, "/api/actions/connectors"))
                .then().statusCode(200).extract().asString());
        responses.add(withAuthorization(basic(user, first)).get(path(space, "/api/actions/connectors"))
                .then().statusCode(401).extract().asString());
    }

    /** Wrong passwords and made-up keys are secrets of their senders: a typo is often a real password. */
    private void failToLogIn() {
        String wrongPassword = secret("almost-the-password-" + UUID.randomUUID());
        responses.add(withAuthorization(basic(Api.SUPERUSER, wrongPassword)).get("/api/actions/connectors")
                .then().statusCode(401).extract().asString());
        String madeUpKey = secret(Base64.getEncoder().encodeToString(("no-such-id:" + UUID.randomUUID())
                .getBytes(StandardCharsets.UTF_8)));
        responses.add(withAuthorization("ApiKey " + madeUpKey).get("/api/actions/connectors")
                .then().statusCode(401).extract().asString());
    }

    /** Queues executions run with the API key; the worker attempts them (the peer answers 500). */
    private void enqueueWithTheApiKey(String space, String encodedKey) {
        String webhook = connectorIds.get(".webhook");
        String bulk = kibana().body("[{\"id\":\"" + webhook + "\",\"params\":{\"body\":\"{}\"},\"apiKey\":\""
                        + encodedKey + "\"}]")
                .post(path(space, "/api/actions/_bulk_enqueue")).then().statusCode(200).extract().asString();
        responses.add(bulk);
        String uuid = JsonPath.from(bulk).getString("items[0].uuid");
        responses.add(withAuthorization("ApiKey " + encodedKey).header("kbn-xsrf", "true")
                .contentType(ContentType.JSON).body("{\"params\":{\"body\":\"{}\"}}")
                .post(path(space, "/api/actions/connector/" + webhook + "/_enqueue"))
                .then().statusCode(202).extract().asString());
        long deadline = System.nanoTime() + 20_000_000_000L;
        String execution;
        do {
            execution = RestAssured.given().get(path(space, "/api/actions/execution/" + uuid))
                    .then().statusCode(200).extract().asString();
        } while (JsonPath.from(execution).getInt("attempts") == 0 && System.nanoTime() < deadline && pause());
        assertTrue(JsonPath.from(execution).getInt("attempts") > 0, "the queued execution was attempted: " + execution);
        responses.add(execution);
    }

    private void readEverythingBack(String space) {
        Database.flushEventLog();
        responses.add(kibana().get(path(space, "/api/actions/connectors")).then().statusCode(200).extract().asString());
        responses.add(RestAssured.given().get("/_security/api_key").then().statusCode(200).extract().asString());
        responses.add(RestAssured.given().get("/_security/user").then().statusCode(200).extract().asString());
        responses.add(RestAssured.given().get("/_security/_authenticate").then().statusCode(200).extract().asString());
        responses.add(RestAssured.given().get("/internal/switchboard/audit_events?per_page=1000")
                .then().statusCode(200).extract().asString());
        Instant now = Instant.now();
        responses.add(RestAssured.given()
                .queryParam("date_start", now.minus(1, ChronoUnit.HOURS).toString())
                .queryParam("date_end", now.plus(1, ChronoUnit.HOURS).toString())
                .queryParam("per_page", 100)
                .get(path(space, "/internal/actions/_global_connector_execution_logs"))
                .then().statusCode(200).extract().asString());
    }

    /** Every row of every table of the application's schema, as PostgreSQL writes a row as text (bytea in hex). */
    private String everyTable() {
        StringBuilder text = new StringBuilder();
        List<String> tables = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            try (ResultSet names = statement.executeQuery("""
                    SELECT table_name FROM information_schema.tables
                    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'""")) {
                while (names.next()) {
                    tables.add(names.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rows = statement.executeQuery(
                        "SELECT CAST(t AS text) FROM \"" + table.replace("\"", "\"\"") + "\" t")) {
                    while (rows.next()) {
                        text.append(table).append(": ").append(rows.getString(1)).append('\n');
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        assertTrue(tables.containsAll(List.of("connector", "event_log", "audit_event", "queued_execution",
                "security_user", "security_api_key")), "the scan reads the tables that hold secrets' neighbours: "
                + tables);
        return text.toString();
    }

    /** The sealed secrets are ciphertext: not even the names of the fields they hold can be read in them. */
    private void assertSealed(String space) {
        connectorIds.forEach((type, id) -> {
            String sealed = new String(Database.secrets(dataSource, space, id), StandardCharsets.ISO_8859_1);
            for (String field : SECRET_FIELDS) {
                assertFalse(sealed.contains(field), type + " secrets are stored readable: they show " + field);
            }
        });
    }

    private String secret(String value) {
        secrets.add(value);
        return value;
    }

    /** A secret as text, and as PostgreSQL prints it inside bytea. */
    private static List<String> forms(String secret) {
        return List.of(secret, HexFormat.of().formatHex(secret.getBytes(StandardCharsets.UTF_8)));
    }

    private static String lineHolding(String text, String form) {
        return text.lines().filter(line -> line.contains(form)).findFirst().orElse("");
    }

    private static RequestSpecification withAuthorization(String authorization) {
        return RestAssured.given().auth().none().header("Authorization", authorization);
    }

    private static boolean pause() {
        try {
            Thread.sleep(100);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int closedPort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
