package io.switchboard.alertmanager;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** A receiver on the wire, in snake_case as Kibana's connector routes answer. */
@JsonPropertyOrder({"name", "actions", "created_at", "updated_at"})
public record ReceiverResponse(String name, List<Action> actions,
                               @JsonProperty("created_at") String createdAt,
                               @JsonProperty("updated_at") String updatedAt) {

    /** One action; {@code params} is absent when the connector type's defaults are used. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"id", "params"})
    public record Action(String id, ObjectNode params) {
    }

    static ReceiverResponse of(Receiver receiver) {
        return new ReceiverResponse(receiver.name(),
                receiver.actions().stream().map(action -> new Action(action.connectorId(), action.params())).toList(),
                receiver.createdAt().toString(), receiver.updatedAt().toString());
    }
}
