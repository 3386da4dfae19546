package io.switchboard.alertmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.connector.ConnectorTypeRegistry;
import io.switchboard.connector.ConnectorValidationException;
import io.switchboard.connector.ConnectorValidator;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.switchboard.alertmanager.Notifications.payload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Every default passes its connector type's params schema, for ordinary and awkward notifications. */
@QuarkusTest
class DefaultParamsTest {

    @Inject
    ConnectorTypeRegistry types;

    @Inject
    ConnectorValidator validator;

    @Inject
    ObjectMapper json;

    private List<Notification> notifications() {
        ObjectNode longOne = payload("firing", "{}:{x=\"" + "k".repeat(2_000) + "\"}",
                Map.of("alertname", "Long", "severity", "page", "summary", "s".repeat(5_000)));
        longOne.put("truncatedAlerts", 3);
        ObjectNode noExtras = payload("firing", "{}:{}", Map.of("alertname", "Bare"));
        noExtras.remove(List.of("groupLabels", "commonLabels", "commonAnnotations", "externalURL", "receiver"));
        ((ObjectNode) noExtras.at("/alerts/0")).remove(List.of("annotations", "startsAt", "endsAt", "generatorURL"));
        return List.of(
                Notification.of(payload("firing", "{}:{alertname=\"A\"}",
                        Map.of("alertname", "A", "severity", "Warn"), Map.of("alertname", "A", "severity", "info"))),
                Notification.of(payload("resolved", "{}:{alertname=\"A\"}", Map.of("alertname", "A"))),
                Notification.of(longOne),
                Notification.of(noExtras));
    }

    @Test
    void everyDefaultIsValidParamsForItsType() {
        DefaultParams defaults = new DefaultParams(json);
        for (String typeId : DefaultParams.TYPES) {
            for (Notification notification : notifications()) {
                ObjectNode params = defaults.of(typeId, notification).orElseThrow();
                try {
                    validator.validateParams(types.find(typeId).orElseThrow(), params);
                } catch (ConnectorValidationException invalid) {
                    fail(typeId + " default for " + notification.groupKey().substring(0, 10) + " is invalid: "
                            + invalid.getMessage());
                }
            }
        }
        assertTrue(defaults.of(".email", notifications().getFirst()).isEmpty(), "no default recipients");
    }

    @Test
    void pagerDutyDefaults() {
        DefaultParams defaults = new DefaultParams(json);
        List<Notification> all = notifications();
        JsonNode firing = defaults.of(".pagerduty", all.get(0)).orElseThrow();
        assertEquals("warning", firing.get("severity").asText(), "Warn maps to warning, which outranks info");
        assertEquals(64, firing.get("dedupKey").asText().length());
        JsonNode unmapped = defaults.of(".pagerduty", all.get(2)).orElseThrow();
        assertFalse(unmapped.has("severity"), "a severity PagerDuty does not know is left to its default");
        assertEquals(DefaultParams.sha256(all.get(2).groupKey()), unmapped.get("dedupKey").asText(),
                "a group key longer than PagerDuty takes is hashed");
        assertEquals(1024, unmapped.get("summary").asText().length());
        JsonNode resolved = defaults.of(".pagerduty", all.get(1)).orElseThrow();
        assertEquals("{\"eventAction\":\"resolve\",\"dedupKey\":\"" + DefaultParams.sha256("{}:{alertname=\"A\"}")
                + "\"}", resolved.toString());
    }

    @Test
    void otherDefaults() {
        DefaultParams defaults = new DefaultParams(json);
        Notification two = notifications().getFirst();
        assertEquals(2, defaults.of(".index", two).orElseThrow().get("documents").size());
        assertEquals("{}:{alertname=\"A\"}",
                defaults.of(".index", two).orElseThrow().at("/documents/1/groupKey").asText());
        assertEquals("warn", defaults.of(".server-log", two).orElseThrow().get("level").asText());
        assertEquals("info", defaults.of(".server-log", notifications().get(1)).orElseThrow().get("level").asText());
        JsonNode jira = defaults.of(".jira", notifications().get(2)).orElseThrow();
        assertEquals("pushToService", jira.get("subAction").asText());
        assertTrue(jira.at("/subActionParams/incident/summary").asText().length() <= 255);
        assertTrue(jira.at("/subActionParams/incident/description").asText().contains("(3 more alerts not shown)"));
        Notification markup = Notification.of(payload("firing", "{}:{}", Map.of("alertname", "<b>&")));
        assertTrue(defaults.of(".slack", markup).orElseThrow().get("message").asText().contains("&lt;b&gt;&amp;"));
    }
}
