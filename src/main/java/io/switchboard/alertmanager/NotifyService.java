package io.switchboard.alertmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.management.ApiException;
import io.switchboard.queue.Enqueued;
import io.switchboard.queue.ExecutionQueue;
import io.switchboard.queue.QueueItem;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns one Alertmanager notification into one queued execution per action of the receiver it was sent to.
 *
 * <p>Alertmanager sends a notification again when it got no 2xx answer, and every peer of an Alertmanager cluster
 * may send the same one: each execution is queued under an idempotency key made of the receiver, the action, the
 * alert group, its status and the set of alerts, so that all of those copies are queued once.
 */
@Singleton
public class NotifyService {

    static final String SOURCE_TYPE = "alertmanager";

    private final ReceiverService receivers;
    private final ConnectorTypes connectorTypes;
    private final ExecutionQueue queue;
    private final DefaultParams defaults;
    private final ObjectMapper json;
    /**
     * How long copies of a notification are run once: long enough for Alertmanager's own retries and its cluster
     * peers' copies, short enough that a reminder after {@code repeat_interval} is delivered.
     */
    private final Duration dedupWindow;

    @Inject
    public NotifyService(ReceiverService receivers, ConnectorTypes connectorTypes, ExecutionQueue queue,
                         ObjectMapper json,
                         @ConfigProperty(name = "switchboard.alertmanager.dedup-window", defaultValue = "10m")
                         Duration dedupWindow) {
        if (dedupWindow.isNegative() || dedupWindow.isZero()) {
            throw new IllegalArgumentException("switchboard.alertmanager.dedup-window must be positive");
        }
        this.dedupWindow = dedupWindow;
        this.receivers = receivers;
        this.connectorTypes = connectorTypes;
        this.queue = queue;
        this.defaults = new DefaultParams(json);
        this.json = json;
    }

    /**
     * Queues the notification for every action of the receiver, to run with {@code runAs}'s privileges; returns
     * one answer per action, in order. Blocks.
     *
     * @throws ApiException 404 for an unknown receiver, 400 for a payload that is not Alertmanager's
     */
    public List<Enqueued> enqueue(String spaceId, String receiverName, JsonNode body, String runAs) {
        Receiver receiver = receivers.get(spaceId, receiverName);
        Notification notification = Notification.of(body);
        ObjectNode variables = variables(notification, spaceId);
        String notificationKey = notificationKey(spaceId, receiverName, notification);
        String executionId = UUID.nameUUIDFromBytes(notificationKey.getBytes(StandardCharsets.UTF_8)).toString();
        ObjectNode source = json.createObjectNode().put("type", SOURCE_TYPE).put("id", receiverName);

        Enqueued[] answers = new Enqueued[receiver.actions().size()];
        List<QueueItem> items = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < answers.length; i++) {
            ReceiverAction action = receiver.actions().get(i);
            String idempotencyKey = SOURCE_TYPE + ":" + DefaultParams.sha256(notificationKey + keyPart(
                    Integer.toString(i)) + keyPart(action.connectorId()));
            JsonNode params = action.params();
            JsonNode itemVariables = variables;
            if (action.usesDefaultParams()) {
                Optional<String> typeId = connectorTypes.cached(spaceId, action.connectorId());
                if (typeId.isEmpty()) {
                    answers[i] = refused(action.connectorId(), null, ApiException.connectorNotFound(
                            action.connectorId()));
                    continue;
                }
                Optional<ObjectNode> defaultParams = defaults.of(typeId.get(), notification);
                if (defaultParams.isEmpty()) {
                    answers[i] = refused(action.connectorId(), typeId.get(), ApiException.badRequest(
                            "a " + typeId.get() + " connector has no default params: give the action params"));
                    continue;
                }
                // Final values built from the alerts: rendering them would read alert text as templates.
                params = defaultParams.get();
                itemVariables = null;
            }
            items.add(new QueueItem(spaceId, action.connectorId(), params, itemVariables, executionId, source, null,
                    null, idempotencyKey, dedupWindow, runAs));
            positions.add(i);
        }
        if (!items.isEmpty()) {
            List<Enqueued> queued = queue.enqueue(items);
            for (int j = 0; j < positions.size(); j++) {
                answers[positions.get(j)] = queued.get(j);
            }
        }
        return Arrays.asList(answers);
    }

    private static Enqueued refused(String connectorId, String typeId, ApiException reason) {
        return new Enqueued(connectorId, null, typeId, Enqueued.Response.ERROR,
                new Enqueued.Failure(reason.status(), reason.getMessage()));
    }

    /**
     * What templates see: the payload as sent, plus, as Kibana gives its templates, {@code date} (now, ISO 8601) and
     * {@code spaceId}, unless the payload has fields of those names.
     */
    private ObjectNode variables(Notification notification, String spaceId) {
        ObjectNode variables = notification.payload().deepCopy();
        if (!variables.has("date")) {
            variables.put("date", Instant.now().toString());
        }
        if (!variables.has("spaceId")) {
            variables.put("spaceId", spaceId);
        }
        return variables;
    }

    /** The same notification, from a retry or another cluster peer, gives the same key. */
    static String notificationKey(String spaceId, String receiverName, Notification notification) {
        StringBuilder key = new StringBuilder()
                .append(keyPart(spaceId))
                .append(keyPart(receiverName))
                .append(keyPart(notification.groupKey()))
                .append(keyPart(notification.status()));
        notification.sortedFingerprints().forEach(fingerprint -> key.append(keyPart(fingerprint)));
        return key.toString();
    }

    /** Length-prefixed, so that no two different lists of parts join to the same text. */
    private static String keyPart(String part) {
        return part.length() + ":" + part + ";";
    }
}
