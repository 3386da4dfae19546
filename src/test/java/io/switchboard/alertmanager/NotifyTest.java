package io.switchboard.alertmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.support.LogCapture;
import io.switchboard.support.WireMockPeer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.switchboard.alertmanager.Notifications.awaitExecution;
import static io.switchboard.alertmanager.Notifications.awaitRequests;
import static io.switchboard.alertmanager.Notifications.send;
import static io.switchboard.alertmanager.Notifications.payload;
import static io.switchboard.alertmanager.Notifications.putReceiver;
import static io.switchboard.alertmanager.Notifications.read;
import static io.switchboard.alertmanager.Notifications.received;
import static io.switchboard.alertmanager.Notifications.sleep;
import static io.switchboard.support.Api.assertError;
import static io.switchboard.support.Api.create;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.kibana;
import static io.switchboard.support.Api.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code _notify} queues one execution per action, runs it through the queue, and queues a notification once. */
@QuarkusTest
class NotifyTest {

    private static final LogCapture LOGS = LogCapture.install();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String GROUP_KEY = "{}/{severity=~\"warning|critical\"}:{alertname=\"DiskFull\"}";

    static String webhook(String space, String url) {
        WireMockPeer.server().stubFor(post(urlEqualTo(url)).willReturn(aResponse().withStatus(200)));
        return create(space, """
                {"name":"hook","connector_type_id":".webhook","config":{"url":"%s","hasAuth":false,
                 "headers":{"Content-Type":"application/json"}}}""".formatted(WireMockPeer.url(url)));
    }

    static String slack(String space, String url) {
        WireMockPeer.server().stubFor(post(urlEqualTo(url)).willReturn(aResponse().withStatus(200).withBody("ok")));
        return create(space, "{\"name\":\"slack\",\"connector_type_id\":\".slack\",\"secrets\":{\"webhookUrl\":\""
                + WireMockPeer.url(url) + "\"}}");
    }

    static String pagerDuty(String space, String url) {
        WireMockPeer.server().stubFor(post(urlEqualTo(url)).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"status\":\"success\",\"message\":\"Event processed\"}")));
        return create(space, """
                {"name":"pd","connector_type_id":".pagerduty","config":{"apiUrl":"%s"},
                 "secrets":{"routingKey":"R0UT1NGKEY0123456789"}}""".formatted(WireMockPeer.url(url)));
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID();
    }

    private static ObjectNode diskFull(String status) {
        return payload(status, GROUP_KEY,
                Map.of("alertname", "DiskFull", "instance", "db-1:9100", "severity", "warning"),
                Map.of("alertname", "DiskFull", "instance", "db-2:9100", "severity", "critical"));
    }

    @Test
    void actionsWithoutParamsGetTheirTypesDefaults() {
        String space = freshSpace();
        String hookUrl = unique("/am/hook/");
        String slackUrl = unique("/am/slack/");
        String pdUrl = unique("/am/pd/");
        String hook = webhook(space, hookUrl);
        String slack = slack(space, slackUrl);
        String pd = pagerDuty(space, pdUrl);
        String log = create(space, "{\"name\":\"log\",\"connector_type_id\":\".server-log\"}");
        putReceiver(space, "defaults", """
                {"actions":[{"id":"%s"},{"id":"%s"},{"id":"%s"},{"id":"%s"}]}""".formatted(hook, slack, pd, log))
                .statusCode(200);

        ObjectNode firing = diskFull("firing");
        JsonNode answer = read(send(space, "defaults", firing).statusCode(200));
        assertFalse(answer.get("errors").asBoolean(), answer.toString());
        JsonNode items = answer.get("items");
        assertEquals(4, items.size());
        assertEquals(List.of(".webhook", ".slack", ".pagerduty", ".server-log"),
                List.of(items.get(0).get("actionTypeId").asText(), items.get(1).get("actionTypeId").asText(),
                        items.get(2).get("actionTypeId").asText(), items.get(3).get("actionTypeId").asText()));
        items.forEach(item -> assertEquals("success", item.get("response").asText(), item.toString()));

        LoggedRequest body = awaitRequests(hookUrl, 1, WAIT).getFirst();
        assertEquals(firing, read(body.getBodyAsString()), "the webhook gets the payload as Alertmanager sent it");

        String text = read(awaitRequests(slackUrl, 1, WAIT).getFirst().getBodyAsString()).get("text").asText();
        assertEquals("""
                [FIRING:2] DiskFull
                [firing] DiskFull: summary of DiskFull (instance=db-1:9100, severity=warning)
                [firing] DiskFull: summary of DiskFull (instance=db-2:9100, severity=critical)""", text);

        JsonNode event = read(awaitRequests(pdUrl, 1, WAIT).getFirst().getBodyAsString());
        assertEquals("trigger", event.get("event_action").asText());
        assertEquals(DefaultParams.sha256(GROUP_KEY), event.get("dedup_key").asText());
        assertEquals("[FIRING:2] DiskFull", event.at("/payload/summary").asText());
        assertEquals("critical", event.at("/payload/severity").asText(), "the most severe firing alert's label");
        assertEquals("2026-11-22T10:15:30.123Z", event.at("/payload/timestamp").asText());
        assertEquals(2, event.at("/payload/custom_details/alerts").size());
        assertEquals("http://alertmanager.example.com:9093", event.at("/links/0/href").asText());

        awaitExecution(space, items.get(3).get("uuid").asText(), "succeeded");
        assertTrue(LOGS.text().contains("Server log: [FIRING:2] DiskFull [firing] DiskFull: summary of DiskFull"),
                "the server log line names the alerts");

        // Resolved: PagerDuty resolves the incident it opened, under the same key.
        read(send(space, "defaults", diskFull("resolved")).statusCode(200));
        List<LoggedRequest> events = awaitRequests(pdUrl, 2, WAIT);
        assertEquals("{\"event_action\":\"resolve\",\"dedup_key\":\"" + DefaultParams.sha256(GROUP_KEY) + "\"}",
                events.get(1).getBodyAsString());
    }

    @Test
    void theSameNotificationIsQueuedOnce() {
        String space = freshSpace();
        String hookUrl = unique("/am/once/");
        String hook = webhook(space, hookUrl);
        putReceiver(space, "once", "{\"actions\":[{\"id\":\"" + hook + "\"},{\"id\":\"" + hook + "\"}]}")
                .statusCode(200);

        ObjectNode firing = diskFull("firing");
        JsonNode first = read(send(space, "once", firing).statusCode(200)).get("items");
        assertNotEquals(first.get(0).get("uuid"), first.get(1).get("uuid"), "each action is an execution of its own");

        // A retry, and a peer's copy: same group, status and alerts, the alerts in another order.
        JsonNode again = read(send(space, "once", firing).statusCode(200)).get("items");
        ObjectNode fromPeer = firing.deepCopy();
        ArrayNode alerts = (ArrayNode) fromPeer.get("alerts");
        alerts.insert(0, alerts.remove(1));
        JsonNode peer = read(send(space, "once", fromPeer).statusCode(200)).get("items");
        assertEquals(first, again);
        assertEquals(first, peer);

        awaitRequests(hookUrl, 2, WAIT);
        sleep(1_500);
        assertEquals(2, received(hookUrl).size(), "two actions, each run once");

        JsonNode resolved = read(send(space, "once", diskFull("resolved")).statusCode(200)).get("items");
        assertNotEquals(first.get(0).get("uuid"), resolved.get(0).get("uuid"), "another status is another notification");
        ObjectNode oneMore = diskFull("firing");
        ((ArrayNode) oneMore.get("alerts")).addObject().put("status", "firing").put("fingerprint", "f00d")
                .putObject("labels").put("alertname", "DiskFull").put("instance", "db-3:9100");
        JsonNode grown = read(send(space, "once", oneMore).statusCode(200)).get("items");
        assertNotEquals(first.get(0).get("uuid"), grown.get(0).get("uuid"), "another set of alerts is another one");
        awaitRequests(hookUrl, 6, WAIT);
    }

    @Test
    void paramsAreMustacheTemplatesOverThePayload() {
        String space = freshSpace();
        String hookUrl = unique("/am/template/");
        String hook = webhook(space, hookUrl);
        putReceiver(space, "templated", """
                {"actions":[{"id":"%s","params":{"body":"{\\"status\\":\\"{{status}}\\",\\"space\\":\\"{{spaceId}}\\",\
                \\"names\\":\\"{{#alerts}}{{labels.instance}} {{/alerts}}\\",\\"new\\":\\"{{newField}}\\"}"}}]}"""
                .formatted(hook)).statusCode(200);

        ObjectNode firing = diskFull("firing");
        firing.put("newField", "kept \"quoted\"");
        read(send(space, "templated", firing).statusCode(200));

        JsonNode body = read(awaitRequests(hookUrl, 1, WAIT).getFirst().getBodyAsString());
        assertEquals("firing", body.get("status").asText());
        assertEquals(space, body.get("space").asText());
        assertEquals("db-1:9100 db-2:9100 ", body.get("names").asText());
        assertEquals("kept \"quoted\"", body.get("new").asText(), "fields Switchboard does not know reach templates");
    }

    @Test
    void anActionThatCannotBeQueuedFailsTheNotificationWithoutARetry() {
        String space = freshSpace();
        String hookUrl = unique("/am/partial/");
        String hook = webhook(space, hookUrl);
        String log = create(space, "{\"name\":\"log\",\"connector_type_id\":\".server-log\"}");
        String gone = create(space, "{\"name\":\"gone\",\"connector_type_id\":\".server-log\"}");
        putReceiver(space, "partial", """
                {"actions":[{"id":"%s"},{"id":"%s"},{"id":"%s","params":{"level":"warn"}}]}"""
                .formatted(hook, gone, log)).statusCode(200);
        kibana().delete(path(space, "/api/actions/connector/" + gone)).then().statusCode(204);

        JsonNode answer = read(send(space, "partial", diskFull("firing")).statusCode(404));
        assertEquals(404, answer.get("statusCode").asInt());
        assertEquals("Not Found", answer.get("error").asText());
        assertEquals("2 of 3 executions not queued", answer.get("message").asText());
        JsonNode items = answer.at("/attributes/items");
        assertEquals("success", items.get(0).get("response").asText());
        assertEquals("Saved object [action/" + gone + "] not found", items.get(1).at("/error/message").asText());
        assertEquals(400, items.get(2).at("/error/statusCode").asInt());
        assertTrue(items.get(2).at("/error/message").asText().startsWith("error validating action params"),
                items.get(2).toString());
        awaitRequests(hookUrl, 1, WAIT);
    }

    @Test
    void unknownReceiversAndPayloadsThatAreNotAlertmanagersAreRefused() {
        String space = freshSpace();
        String log = create(space, "{\"name\":\"log\",\"connector_type_id\":\".server-log\"}");
        assertError(send(space, "nobody", diskFull("firing")), 404,
                "Saved object [alertmanager-receiver/nobody] not found");
        putReceiver(space, "strict", "{\"actions\":[{\"id\":\"" + log + "\"}]}").statusCode(200);

        ObjectNode noKey = diskFull("firing");
        noKey.remove("groupKey");
        assertError(send(space, "strict", noKey), 400,
                "[request body.groupKey]: expected value of type [string] but got [undefined]");
        assertError(send(space, "strict", diskFull("firing").put("version", "3")), 400,
                "[request body.version]: expected value to equal [4]");
        ObjectNode pending = diskFull("firing").put("status", "pending");
        assertTrue(read(send(space, "strict", pending).statusCode(400)).get("message").asText()
                .startsWith("[request body.status]: types that failed validation"));
        ObjectNode noFingerprint = diskFull("firing");
        ((ObjectNode) noFingerprint.at("/alerts/1")).remove("fingerprint");
        assertError(send(space, "strict", noFingerprint), 400,
                "[request body.alerts.1.fingerprint]: expected value of type [string] but got [undefined]");
        ObjectNode noAlerts = diskFull("firing");
        noAlerts.putArray("alerts");
        assertError(send(space, "strict", noAlerts), 400,
                "[request body.alerts]: array size is [0], but cannot be smaller than [1]");
        ObjectNode badLabel = diskFull("firing");
        ((ObjectNode) badLabel.at("/alerts/0/labels")).put("replicas", 3);
        assertError(send(space, "strict", badLabel), 400,
                "[request body.alerts.0.labels.replicas]: expected value of type [string] but got [number]");
        assertError(Notifications.alertmanager().body("[1")
                .post(path(space, "/api/actions/alertmanager/receiver/strict/_notify")).then(), 400,
                "Invalid request payload JSON format");
        assertError(Notifications.alertmanager().body("[]")
                .post(path(space, "/api/actions/alertmanager/receiver/strict/_notify")).then(), 400,
                "[request body]: expected a plain object value, but found [Array] instead.");
    }
}
