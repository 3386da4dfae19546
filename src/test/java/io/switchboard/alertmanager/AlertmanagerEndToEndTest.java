package io.switchboard.alertmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.switchboard.alertmanager.Notifications.putReceiver;
import static io.switchboard.alertmanager.Notifications.read;
import static io.switchboard.alertmanager.Notifications.received;
import static io.switchboard.alertmanager.Notifications.sleep;
import static io.switchboard.support.Api.freshSpace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real Alertmanager notifies a Switchboard receiver through its webhook; the queue delivers to a webhook peer and
 * a PagerDuty peer (WireMock), once per notification, and resolving the alert resolves the PagerDuty incident.
 */
@QuarkusTest
class AlertmanagerEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private AlertmanagerProcess alertmanager;

    @AfterEach
    void stopAlertmanager() {
        if (alertmanager != null) {
            alertmanager.close();
        }
    }

    private static String config(String notifyUrl, String apiKey) {
        return """
                route:
                  receiver: switchboard
                  group_by: [alertname]
                  group_wait: 1s
                  group_interval: 2s
                  repeat_interval: 1h
                receivers:
                  - name: switchboard
                    webhook_configs:
                      - url: %s
                        send_resolved: true
                        max_alerts: 20
                        http_config:
                          authorization:
                            type: ApiKey
                            credentials: %s
                """.formatted(notifyUrl, apiKey);
    }

    private static String alert(String name, String endsAt) {
        return """
                [{"labels":{"alertname":"%s","instance":"db-1:9100","severity":"critical"},
                  "annotations":{"summary":"disk almost full"},
                  "startsAt":"%s",%s
                  "generatorURL":"http://prometheus.example.com/graph"}]"""
                .formatted(name, Instant.now().minusSeconds(60), endsAt == null ? "" : "\"endsAt\":\"" + endsAt + "\",");
    }

    /** An API key that may run the connectors of one space, as an operator gives Alertmanager. */
    private static String notifyKey(String space) {
        return RestAssured.given().contentType("application/json").body("""
                {"name":"alertmanager","role_descriptors":{"notify":{"applications":[{"application":"kibana-.kibana",
                 "privileges":["feature_actions.all"],"resources":["space:%s"]}]}}}""".formatted(space))
                .post("/_security/api_key").then().statusCode(200).extract().path("encoded");
    }

    private List<LoggedRequest> awaitRequests(String url, int count) {
        return Notifications.await(() -> {
            List<LoggedRequest> got = received(url);
            return got.size() >= count ? got : null;
        }, WAIT, () -> url + " received " + received(url).size() + " requests, not " + count
                + "; Alertmanager's log:\n" + String.join("\n", alertmanager.notificationLog()));
    }

    @Test
    void alertmanagerNotifiesThroughTheQueue() throws Exception {
        String space = freshSpace();
        String hookUrl = "/e2e/hook/" + UUID.randomUUID();
        String pdUrl = "/e2e/pd/" + UUID.randomUUID();
        String hook = NotifyTest.webhook(space, hookUrl);
        String pd = NotifyTest.pagerDuty(space, pdUrl);
        putReceiver(space, "oncall", "{\"actions\":[{\"id\":\"" + hook + "\"},{\"id\":\"" + pd + "\"}]}")
                .statusCode(200);
        String notifyUrl = "http://127.0.0.1:" + RestAssured.port + "/s/" + space
                + "/api/actions/alertmanager/receiver/oncall/_notify";
        alertmanager = AlertmanagerProcess.start(config(notifyUrl, notifyKey(space)));

        String name = "DiskFull" + UUID.randomUUID().toString().substring(0, 8);
        alertmanager.postAlerts(alert(name, null));

        JsonNode payload = read(awaitRequests(hookUrl, 1).getFirst().getBodyAsString());
        assertEquals("firing", payload.get("status").asText());
        assertEquals(name, payload.at("/alerts/0/labels/alertname").asText());
        assertEquals("db-1:9100", payload.at("/alerts/0/labels/instance").asText());
        String groupKey = payload.get("groupKey").asText();

        JsonNode trigger = read(awaitRequests(pdUrl, 1).getFirst().getBodyAsString());
        assertEquals("trigger", trigger.get("event_action").asText());
        assertEquals("[firing] " + name + ": disk almost full (instance=db-1:9100, severity=critical)",
                trigger.at("/payload/summary").asText());
        assertEquals("critical", trigger.at("/payload/severity").asText());
        assertEquals("db-1:9100", trigger.at("/payload/source").asText());
        String dedupKey = trigger.get("dedup_key").asText();
        assertEquals(DefaultParams.sha256(groupKey), dedupKey);

        // Several group intervals pass: nothing new to say, so nothing more is sent.
        sleep(5_000);
        assertEquals(1, received(hookUrl).size());
        assertEquals(1, received(pdUrl).size());

        alertmanager.postAlerts(alert(name, Instant.now().minusSeconds(5).toString()));
        List<LoggedRequest> events = awaitRequests(pdUrl, 2);
        assertEquals("{\"event_action\":\"resolve\",\"dedup_key\":\"" + dedupKey + "\"}",
                events.get(1).getBodyAsString(), "the same incident is resolved");
        JsonNode resolved = read(awaitRequests(hookUrl, 2).get(1).getBodyAsString());
        assertEquals("resolved", resolved.get("status").asText());
        assertEquals(groupKey, resolved.get("groupKey").asText());

        sleep(3_000);
        assertEquals(2, received(hookUrl).size());
        assertEquals(2, received(pdUrl).size());
        assertTrue(alertmanager.log().contains("Notify success"), alertmanager.log());
        assertFalse(alertmanager.log().contains("Notify for alerts failed"),
                "Alertmanager saw every notification succeed:\n" + alertmanager.log());
    }
}
