package io.switchboard.alertmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.management.ApiException;
import io.switchboard.schema.ObjectSchema;
import io.switchboard.schema.Schema;
import io.switchboard.schema.SchemaError;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.switchboard.schema.Schemas.arrayOf;
import static io.switchboard.schema.Schemas.literal;
import static io.switchboard.schema.Schemas.maybe;
import static io.switchboard.schema.Schemas.number;
import static io.switchboard.schema.Schemas.object;
import static io.switchboard.schema.Schemas.oneOfLiterals;
import static io.switchboard.schema.Schemas.recordOf;
import static io.switchboard.schema.Schemas.string;

/**
 * One notification from Alertmanager's webhook notifier (payload version 4), checked for the fields Switchboard
 * reads. Fields it does not know are kept as sent, so a newer Alertmanager's additions still reach the templates.
 */
public final class Notification {

    static final String FIRING = "firing";
    static final String RESOLVED = "resolved";

    private static Schema labels() {
        return maybe(recordOf(string(), string()));
    }

    private static final ObjectSchema ALERT = object(
            "status", oneOfLiterals(FIRING, RESOLVED),
            "labels", recordOf(string(), string()),
            "annotations", labels(),
            "startsAt", maybe(string()),
            "endsAt", maybe(string()),
            "generatorURL", maybe(string()),
            "fingerprint", string().minLength(1));

    private static final ObjectSchema PAYLOAD = object(
            "version", literal("4"),
            "groupKey", string(),
            "truncatedAlerts", maybe(number()),
            "status", oneOfLiterals(FIRING, RESOLVED),
            "receiver", maybe(string()),
            "groupLabels", labels(),
            "commonLabels", labels(),
            "commonAnnotations", labels(),
            "externalURL", maybe(string()),
            "alerts", arrayOf(ALERT).minSize(1));

    private final ObjectNode payload;

    private Notification(ObjectNode payload) {
        this.payload = payload;
    }

    /** Checks a parsed request body; a 400 names the first field that is wrong, as Kibana's route validation does. */
    public static Notification of(JsonNode body) {
        try {
            PAYLOAD.validate(body instanceof ObjectNode object ? knownFieldsOnly(object) : body);
        } catch (SchemaError invalid) {
            throw ApiException.badRequest(invalid.format("request body"));
        }
        return new Notification((ObjectNode) body);
    }

    /** The strict schemas reject unknown keys: they see only the keys they know. */
    private static ObjectNode knownFieldsOnly(ObjectNode body) {
        ObjectNode known = body.deepCopy();
        known.retain(PAYLOAD.fields().keySet());
        if (known.get("alerts") instanceof ArrayNode alerts) {
            for (JsonNode alert : alerts) {
                if (alert instanceof ObjectNode fields) {
                    fields.retain(ALERT.fields().keySet());
                }
            }
        }
        return known;
    }

    /** The payload as Alertmanager sent it. */
    public ObjectNode payload() {
        return payload;
    }

    public String status() {
        return payload.get("status").textValue();
    }

    public boolean resolved() {
        return RESOLVED.equals(status());
    }

    public String groupKey() {
        return payload.get("groupKey").textValue();
    }

    /** How many alerts Alertmanager left out of this notification because of {@code max_alerts}. */
    public long truncatedAlerts() {
        JsonNode truncated = payload.get("truncatedAlerts");
        return truncated == null || !truncated.isNumber() ? 0 : truncated.asLong();
    }

    public String externalUrl() {
        return text(payload, "externalURL");
    }

    public List<JsonNode> alerts() {
        List<JsonNode> alerts = new ArrayList<>();
        payload.get("alerts").forEach(alerts::add);
        return alerts;
    }

    public long firingCount() {
        return alerts().stream().filter(alert -> FIRING.equals(alert.get("status").textValue())).count();
    }

    /** The alerts' fingerprints, sorted: the same set of alerts gives the same list whatever their order. */
    public List<String> sortedFingerprints() {
        return alerts().stream().map(alert -> alert.get("fingerprint").textValue()).sorted().toList();
    }

    public Map<String, String> groupLabels() {
        return pairs(payload.get("groupLabels"));
    }

    public Map<String, String> commonLabels() {
        return pairs(payload.get("commonLabels"));
    }

    public Map<String, String> commonAnnotations() {
        return pairs(payload.get("commonAnnotations"));
    }

    /** Labels or annotations by name, sorted as Alertmanager sorts them. */
    static Map<String, String> pairs(JsonNode object) {
        Map<String, String> pairs = new TreeMap<>();
        if (object != null && object.isObject()) {
            object.properties().forEach(entry -> pairs.put(entry.getKey(), entry.getValue().asText()));
        }
        return pairs;
    }

    /** A text field, or "" when it is absent. */
    static String text(JsonNode object, String field) {
        JsonNode value = object.get(field);
        return value == null || !value.isTextual() ? "" : value.textValue();
    }
}
