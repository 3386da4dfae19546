package io.switchboard.alertmanager;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One connector a receiver queues an execution for.
 *
 * @param params the connector's params as Mustache templates over the notification, or null for the connector
 *               type's default params (see {@link DefaultParams})
 */
public record ReceiverAction(String connectorId, ObjectNode params) {

    public boolean usesDefaultParams() {
        return params == null;
    }
}
