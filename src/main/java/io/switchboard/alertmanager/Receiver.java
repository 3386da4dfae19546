package io.switchboard.alertmanager;

import java.time.Instant;
import java.util.List;

/** A named set of actions in a space, which Alertmanager notifies through its webhook. */
public record Receiver(String spaceId, String name, List<ReceiverAction> actions, Instant createdAt,
                       Instant updatedAt) {
}
