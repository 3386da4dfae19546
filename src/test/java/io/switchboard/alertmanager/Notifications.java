package io.switchboard.alertmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.switchboard.support.WireMockPeer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.switchboard.support.Api.kibana;
import static io.switchboard.support.Api.path;

/** Alertmanager webhook payloads and the calls around them, for the tests of this package. */
final class Notifications {

    static final ObjectMapper JSON = new ObjectMapper();

    private Notifications() {
    }

    /** A version 4 payload as Alertmanager 0.25 sends it, with one alert per given label set. */
    @SafeVarargs
    static ObjectNode payload(String status, String groupKey, Map<String, String>... alertLabels) {
        ObjectNode payload = JSON.createObjectNode()
                .put("receiver", "switchboard")
                .put("status", status);
        ArrayNode alerts = payload.putArray("alerts");
        int n = 0;
        for (Map<String, String> labels : alertLabels) {
            ObjectNode alert = alerts.addObject().put("status", status);
            alert.set("labels", JSON.valueToTree(labels));
            alert.putObject("annotations").put("summary", "summary of " + labels.get("alertname"));
            alert.put("startsAt", "2026-11-22T10:15:30.123456789Z")
                    .put("endsAt", "resolved".equals(status) ? "2026-11-22T10:20:00Z" : "0001-01-01T00:00:00Z")
                    .put("generatorURL", "http://prometheus.example.com/graph?g0.expr=up")
                    .put("fingerprint", Integer.toHexString(groupKey.hashCode()) + "-" + n++);
        }
        payload.set("groupLabels", JSON.valueToTree(Map.of("alertname",
                alertLabels[0].getOrDefault("alertname", ""))));
        payload.set("commonLabels", JSON.valueToTree(alertLabels[0]));
        payload.putObject("commonAnnotations");
        payload.put("externalURL", "http://alertmanager.example.com:9093")
                .put("version", "4")
                .put("groupKey", groupKey)
                .put("truncatedAlerts", 0);
        return payload;
    }

    /** What Alertmanager's webhook sends: a JSON content type and no kbn-xsrf header. */
    static RequestSpecification alertmanager() {
        return RestAssured.given().contentType(ContentType.JSON);
    }

    static ValidatableResponse send(String space, String receiver, JsonNode payload) {
        return alertmanager().body(payload.toString())
                .post(path(space, "/api/actions/alertmanager/receiver/" + receiver + "/_notify")).then();
    }

    static ValidatableResponse putReceiver(String space, String receiver, String body) {
        return kibana().body(body).put(path(space, "/api/actions/alertmanager/receiver/" + receiver)).then();
    }

    static JsonNode read(ValidatableResponse response) {
        return read(response.extract().asString());
    }

    static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the WireMock path has received {@code count} requests; returns them. */
    static List<LoggedRequest> awaitRequests(String url, int count, Duration timeout) {
        return await(() -> {
            List<LoggedRequest> received = received(url);
            return received.size() >= count ? received : null;
        }, timeout, () -> url + " received " + received(url).size() + " requests, not " + count);
    }

    static List<LoggedRequest> received(String url) {
        return WireMockPeer.server().findAll(anyRequestedFor(urlEqualTo(url)));
    }

    static <T> T await(Supplier<T> condition, Duration timeout, Supplier<String> failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = condition.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(failure.get());
            }
            sleep(50);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The state of a queued execution once it is {@code state}. */
    static JsonNode awaitExecution(String space, String uuid, String state) {
        return await(() -> {
            JsonNode view = read(kibana().get(path(space, "/api/actions/execution/" + uuid)).then().statusCode(200));
            return state.equals(view.path("state").asText()) ? view : null;
        }, Duration.ofSeconds(20), () -> "execution " + uuid + " never became " + state);
    }
}
