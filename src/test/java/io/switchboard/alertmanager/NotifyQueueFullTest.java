package io.switchboard.alertmanager;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.switchboard.alertmanager.Notifications.payload;
import static io.switchboard.alertmanager.Notifications.putReceiver;
import static io.switchboard.alertmanager.Notifications.read;
import static io.switchboard.alertmanager.Notifications.send;
import static io.switchboard.support.Api.create;
import static io.switchboard.support.Api.freshSpace;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A full queue answers 503, the one failure Alertmanager's webhook notifier sends again. */
@QuarkusTest
@TestProfile(NotifyQueueFullTest.NoRoomProfile.class)
class NotifyQueueFullTest {

    public static class NoRoomProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("xpack.actions.queued.max", "0");
        }
    }

    @Test
    void aFullQueueAsksAlertmanagerToRetry() {
        String space = freshSpace();
        String log = create(space, "{\"name\":\"log\",\"connector_type_id\":\".server-log\"}");
        putReceiver(space, "full", "{\"actions\":[{\"id\":\"" + log + "\"}]}").statusCode(200);

        var response = send(space, "full", payload("firing", "{}:{alertname=\"A\"}", Map.of("alertname", "A")))
                .statusCode(503).header("Retry-After", "30");
        JsonNode answer = read(response);
        assertEquals(503, answer.get("statusCode").asInt());
        assertEquals("Service Unavailable", answer.get("error").asText());
        assertEquals("1 of 1 executions not queued: send the notification again", answer.get("message").asText());
        assertEquals("queuedActionsLimitError", answer.at("/attributes/items/0/response").asText());
    }
}
