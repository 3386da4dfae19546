package io.switchboard.connector.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.switchboard.connector.ExecutionRequest;
import io.switchboard.connector.ExecutionResult;
import io.switchboard.connector.FailureReason;
import io.switchboard.connector.Retry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A WireMock server standing in for Jira Cloud, a real egress client, and the assertions the Jira tests share:
 * every outbound request exactly, every result exactly, and no credential in any message.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JiraPeerSupport {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String EMAIL = "elastic@example.com";
    static final String API_TOKEN = "ATATT3xFfGF0-s3cr3t-token";
    static final String AUTHORIZATION = "Basic " + Base64.getEncoder()
            .encodeToString((EMAIL + ":" + API_TOKEN).getBytes(StandardCharsets.UTF_8));
    static final String JIRA_JSON = "application/json;charset=UTF-8";
    static final String GENERIC = "an error occurred while running the action";

    WireMockServer jira;
    JiraEgressFixture egress;
    JiraService service;

    @BeforeAll
    void startPeer() {
        jira = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        jira.start();
        egress = new JiraEgressFixture(Map.of());
        service = new JiraService(egress.egress, JSON);
    }

    @AfterAll
    void stopPeer() throws Exception {
        egress.close();
        jira.stop();
    }

    @BeforeEach
    void resetPeer() {
        jira.resetAll();
    }

    /** Where the stub listens, without a trailing slash. */
    String base() {
        return "http://127.0.0.1:" + jira.port();
    }

    /** Runs one sub-action against the stub; the configured URL ends with a slash, as users often type it. */
    ExecutionResult run(String subAction, String subActionParams) {
        return runAgainst(base() + "/", subAction, subActionParams);
    }

    ExecutionResult runAgainst(String apiUrl, String subAction, String subActionParams) {
        ObjectNode config = JSON.createObjectNode().put("apiUrl", apiUrl).put("projectKey", "RJ");
        ObjectNode secrets = JSON.createObjectNode().put("email", EMAIL).put("apiToken", API_TOKEN);
        ObjectNode params = JSON.createObjectNode().put("subAction", subAction);
        params.set("subActionParams", tree(subActionParams));
        return service.run(new ExecutionRequest("jira-1", "Jira", "default", config, secrets, params,
                Instant.now().plusSeconds(30)));
    }

    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void stub(MappingBuilder request, ResponseDefinitionBuilder response) {
        jira.stubFor(request.willReturn(response));
    }

    static ResponseDefinitionBuilder jiraJson(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", JIRA_JSON).withBody(body);
    }

    /** The requests the stub received, oldest first. */
    List<LoggedRequest> requests() {
        List<LoggedRequest> received = new ArrayList<>();
        for (ServeEvent event : jira.getAllServeEvents()) {
            received.addFirst(event.getRequest());
        }
        return received;
    }

    /** Asserts the exact sequence of requests as {@code "METHOD /path?query"}, and Basic auth on each. */
    List<LoggedRequest> assertRequests(String... expected) {
        List<LoggedRequest> received = requests();
        assertEquals(List.of(expected), received.stream()
                .map(r -> r.getMethod().getName() + " " + r.getUrl()).toList());
        for (LoggedRequest request : received) {
            assertEquals(AUTHORIZATION, request.getHeader("Authorization"), request.getUrl());
        }
        return received;
    }

    static void assertNoBody(LoggedRequest request) {
        assertEquals(0, request.getBody().length, request.getUrl());
        assertFalse(request.containsHeader("Content-Type"), request.getUrl());
    }

    /** The body matches {@code expected} as JSON and is byte for byte what Kibana's JSON.stringify would send. */
    static void assertJsonBody(LoggedRequest request, String expected) {
        assertEquals("application/json", request.getHeader("Content-Type"), request.getUrl());
        assertTrue(equalToJson(expected).match(request.getBodyAsString()).isExactMatch(),
                () -> "body of " + request.getUrl() + ": " + request.getBodyAsString());
        assertEquals(tree(expected).toString(), request.getBodyAsString());
    }

    static long bytes(LoggedRequest... requests) {
        long total = 0;
        for (LoggedRequest request : requests) {
            total += request.getBody().length;
        }
        return total;
    }

    /** An ok result with exactly this data, in this key order. */
    static void assertOk(ExecutionResult result, String data, long requestBodyBytes) {
        assertAll(
                () -> assertTrue(result.ok(), () -> "expected ok, got " + result.serviceMessage()),
                () -> assertEquals(tree(data), result.data()),
                () -> assertEquals(tree(data).toString(), String.valueOf(result.data())),
                () -> assertNull(result.message()),
                () -> assertNull(result.serviceMessage()),
                () -> assertNull(result.retry()),
                () -> assertNull(result.reason()),
                () -> assertNull(result.errorSource()),
                () -> assertEquals(requestBodyBytes, result.requestBodyBytes()));
    }

    /** A failure as Kibana's framework reports a thrown error, with no credential anywhere in it. */
    static void assertThrownFailure(ExecutionResult result, FailureReason reason, String serviceMessage,
                                    long requestBodyBytes) {
        assertAll(
                () -> assertFalse(result.ok()),
                () -> assertNull(result.data()),
                () -> assertEquals(GENERIC, result.message()),
                () -> assertEquals(serviceMessage, result.serviceMessage()),
                () -> assertEquals(Retry.YES, result.retry()),
                () -> assertEquals(reason, result.reason()),
                () -> assertEquals(ExecutionResult.ErrorSource.FRAMEWORK, result.errorSource()),
                () -> assertEquals(requestBodyBytes, result.requestBodyBytes()));
        for (String text : new String[]{result.message(), result.serviceMessage(), String.valueOf(result)}) {
            assertFalse(text.contains(API_TOKEN), text);
            assertFalse(text.contains(AUTHORIZATION.substring("Basic ".length())), text);
        }
    }
}
