package io.switchboard.alertmanager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.connector.index.IndexConnectorType;
import io.switchboard.connector.jira.JiraConnectorType;
import io.switchboard.connector.pagerduty.PagerDutyConnectorType;
import io.switchboard.connector.serverlog.ServerLogConnectorType;
import io.switchboard.connector.slack.SlackConnectorType;
import io.switchboard.connector.webhook.WebhookConnectorType;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The params an action without params of its own gets, per connector type, built from the notification. They are
 * final values, not templates: text from the alerts is never read as Mustache. {@code .email} has none, as no
 * default can choose recipients.
 */
final class DefaultParams {

    static final Set<String> TYPES = Set.of(WebhookConnectorType.ID, SlackConnectorType.ID,
            PagerDutyConnectorType.ID, ServerLogConnectorType.ID, IndexConnectorType.ID, JiraConnectorType.ID);

    /** PagerDuty's severities, most severe first. */
    private static final List<String> SEVERITIES = List.of("critical", "error", "warning", "info");
    private static final int PAGERDUTY_SUMMARY_MAX = 1024;
    /** Jira refuses a longer summary. */
    private static final int JIRA_SUMMARY_MAX = 255;

    private final ObjectMapper json;

    DefaultParams(ObjectMapper json) {
        this.json = json;
    }

    static boolean exist(String connectorTypeId) {
        return TYPES.contains(connectorTypeId);
    }

    /** The default params of a connector type, or empty when it has none. */
    Optional<ObjectNode> of(String connectorTypeId, Notification notification) {
        ObjectNode params = switch (connectorTypeId) {
            case WebhookConnectorType.ID -> webhook(notification);
            case SlackConnectorType.ID -> slack(notification);
            case PagerDutyConnectorType.ID -> pagerDuty(notification);
            case ServerLogConnectorType.ID -> serverLog(notification);
            case IndexConnectorType.ID -> index(notification);
            case JiraConnectorType.ID -> jira(notification);
            default -> null;
        };
        return Optional.ofNullable(params);
    }

    /** The notification as Alertmanager sent it. */
    private ObjectNode webhook(Notification notification) {
        try {
            return json.createObjectNode().put("body", json.writeValueAsString(notification.payload()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed payload is always writable", e);
        }
    }

    /** The title and a line per alert, with the characters Slack reads as markup escaped. */
    private ObjectNode slack(Notification notification) {
        String text = AlertText.lines(notification)
                .replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return json.createObjectNode().put("message", text);
    }

    /**
     * Trigger while any alert fires, resolve once the group is resolved; one PagerDuty incident per alert group, keyed
     * as Alertmanager's own PagerDuty integration keys it (the SHA-256 of the group key).
     */
    private ObjectNode pagerDuty(Notification notification) {
        ObjectNode params = json.createObjectNode()
                .put("eventAction", notification.resolved() ? "resolve" : "trigger")
                .put("dedupKey", sha256(notification.groupKey()));
        if (notification.resolved()) {
            return params;
        }
        List<JsonNode> alerts = notification.alerts();
        String summary = alerts.size() == 1 ? AlertText.line(alerts.getFirst()) : AlertText.title(notification);
        params.put("summary", AlertText.truncate(summary, PAGERDUTY_SUMMARY_MAX));
        String instance = notification.commonLabels().get("instance");
        if (instance != null && !instance.isBlank()) {
            params.put("source", instance);
        } else if (!notification.externalUrl().isBlank()) {
            params.put("source", notification.externalUrl());
        }
        severity(notification).ifPresent(severity -> params.put("severity", severity));
        earliestStart(notification).ifPresent(start -> params.put("timestamp", start));
        ArrayNode links = json.createArrayNode();
        if (!notification.externalUrl().isBlank()) {
            links.addObject().put("href", notification.externalUrl()).put("text", "Alertmanager");
        }
        String generatorUrl = Notification.text(notification.alerts().getFirst(), "generatorURL");
        if (!generatorUrl.isBlank()) {
            links.addObject().put("href", generatorUrl).put("text", "Source");
        }
        if (!links.isEmpty()) {
            params.set("links", links);
        }
        params.set("customDetails", details(notification));
        return params;
    }

    /** The most severe PagerDuty severity named by a firing alert's {@code severity} label, if any names one. */
    private static Optional<String> severity(Notification notification) {
        return notification.alerts().stream()
                .filter(alert -> Notification.FIRING.equals(alert.get("status").textValue()))
                .map(alert -> Notification.pairs(alert.get("labels")).getOrDefault("severity", ""))
                .map(label -> label.strip().toLowerCase(Locale.ROOT))
                .map(label -> label.equals("warn") ? "warning" : label)
                .filter(SEVERITIES::contains)
                .min((a, b) -> SEVERITIES.indexOf(a) - SEVERITIES.indexOf(b));
    }

    private static Optional<String> earliestStart(Notification notification) {
        return notification.alerts().stream()
                .map(alert -> Notification.text(alert, "startsAt"))
                .flatMap(text -> {
                    try {
                        return Stream.of(OffsetDateTime.parse(text).toInstant());
                    } catch (DateTimeException unparsable) {
                        return Stream.empty();
                    }
                })
                .min(Comparable::compareTo)
                .map(Object::toString);
    }

    private ObjectNode details(Notification notification) {
        ObjectNode details = json.createObjectNode();
        details.set("groupLabels", json.valueToTree(notification.groupLabels()));
        details.set("commonLabels", json.valueToTree(notification.commonLabels()));
        details.set("commonAnnotations", json.valueToTree(notification.commonAnnotations()));
        details.put("firing", notification.firingCount());
        details.put("truncatedAlerts", notification.truncatedAlerts());
        ArrayNode alerts = details.putArray("alerts");
        notification.alerts().forEach(alert -> alerts.add(AlertText.line(alert)));
        return details;
    }

    /** One line; warnings while alerts fire, information once resolved. */
    private ObjectNode serverLog(Notification notification) {
        return json.createObjectNode()
                .put("message", AlertText.lines(notification).replace('\n', ' '))
                .put("level", notification.resolved() ? "info" : "warn");
    }

    /** One document per alert, each with the notification's group and status beside the alert's own fields. */
    private ObjectNode index(Notification notification) {
        ObjectNode params = json.createObjectNode();
        ArrayNode documents = params.putArray("documents");
        for (JsonNode alert : notification.alerts()) {
            ObjectNode document = documents.addObject();
            document.setAll((ObjectNode) alert.deepCopy());
            document.put("groupKey", notification.groupKey());
            document.put("notificationStatus", notification.status());
            document.set("groupLabels", json.valueToTree(notification.groupLabels()));
            document.put("externalURL", notification.externalUrl());
        }
        return params;
    }

    /** A new issue per notification: the title as its summary, the alert lines and links as its description. */
    private ObjectNode jira(Notification notification) {
        StringBuilder description = new StringBuilder(AlertText.lines(notification));
        for (JsonNode alert : notification.alerts()) {
            String generatorUrl = Notification.text(alert, "generatorURL");
            if (!generatorUrl.isBlank()) {
                description.append("\nSource: ").append(generatorUrl);
            }
        }
        if (!notification.externalUrl().isBlank()) {
            description.append("\nAlertmanager: ").append(notification.externalUrl());
        }
        ObjectNode params = json.createObjectNode().put("subAction", "pushToService");
        ObjectNode incident = params.putObject("subActionParams").putObject("incident");
        incident.put("summary", AlertText.truncate(AlertText.title(notification), JIRA_SUMMARY_MAX));
        incident.put("description", description.toString());
        return params;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
