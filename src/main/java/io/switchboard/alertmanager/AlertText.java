package io.switchboard.alertmanager;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/** Short texts for people, built from a notification: the lines the default params are made of. */
final class AlertText {

    private AlertText() {
    }

    /**
     * One line for the whole notification, e.g. {@code [FIRING:2] HighLatency api}: the status, how many alerts fire,
     * and the values of the labels Alertmanager grouped by (or the common alert name when it grouped by none).
     */
    static String title(Notification notification) {
        StringBuilder title = new StringBuilder("[").append(notification.status().toUpperCase(Locale.ROOT));
        if (!notification.resolved()) {
            title.append(':').append(notification.firingCount());
        }
        title.append(']');
        Map<String, String> grouped = notification.groupLabels();
        if (grouped.isEmpty()) {
            String alertName = notification.commonLabels().get("alertname");
            if (alertName != null) {
                title.append(' ').append(alertName);
            }
        } else {
            grouped.values().forEach(value -> title.append(' ').append(value));
        }
        String summary = notification.commonAnnotations().get("summary");
        if (summary != null && !summary.isBlank()) {
            title.append(": ").append(summary);
        }
        return title.toString();
    }

    /**
     * One line per alert, e.g. {@code [firing] HighLatency: p99 above 1 s (instance=a:9100, job=api)}: its status, its
     * name, its summary (or description) annotation, and its other labels.
     */
    static String line(JsonNode alert) {
        Map<String, String> labels = Notification.pairs(alert.get("labels"));
        Map<String, String> annotations = Notification.pairs(alert.get("annotations"));
        StringBuilder line = new StringBuilder("[").append(alert.get("status").textValue()).append("] ")
                .append(labels.getOrDefault("alertname", "alert"));
        String summary = annotations.getOrDefault("summary", annotations.get("description"));
        if (summary != null && !summary.isBlank()) {
            line.append(": ").append(summary.strip());
        }
        StringJoiner others = new StringJoiner(", ", " (", ")").setEmptyValue("");
        labels.forEach((name, value) -> {
            if (!name.equals("alertname")) {
                others.add(name + "=" + value);
            }
        });
        return line.append(others).toString();
    }

    /** The title, then one line per alert, then a note of the alerts Alertmanager left out (max_alerts). */
    static String lines(Notification notification) {
        StringJoiner text = new StringJoiner("\n");
        text.add(title(notification));
        notification.alerts().forEach(alert -> text.add(line(alert)));
        long truncated = notification.truncatedAlerts();
        if (truncated > 0) {
            text.add("(" + truncated + " more " + (truncated == 1 ? "alert" : "alerts") + " not shown)");
        }
        return text.toString();
    }

    /** At most {@code max} characters, cut with an ellipsis. */
    static String truncate(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }
}
