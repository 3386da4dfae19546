package io.switchboard.audit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.security.Caller;

import java.time.Instant;

/**
 * One audited request: who ({@code caller}, or the name presented when authentication failed), what
 * ({@code action}, as Kibana's audit log names it: {@code connector_create}, {@code user_login}, ...), where (space,
 * object), from which address, and how it ended. Holds no request body, so no secret can reach it.
 */
public record AuditEvent(Instant timestamp, String action, String outcome, Caller caller, String presentedPrincipal,
                         String spaceId, String objectType, String objectId, String clientIp, String method,
                         String path, int status, String message) {

    public static final String SUCCESS = "success";
    public static final String FAILURE = "failure";

    public String username() {
        return caller != null ? caller.username() : presentedPrincipal;
    }

    /** The event as an ECS-shaped document, the form Kibana's audit log writes. */
    public ObjectNode document() {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode document = nodes.objectNode();
        document.put("@timestamp", timestamp.toString());
        document.putObject("event").put("action", action).put("outcome", outcome);
        ObjectNode user = document.putObject("user");
        user.put("name", username());
        if (caller != null) {
            caller.roles().forEach(user.putArray("roles")::add);
        }
        ObjectNode kibana = document.putObject("kibana");
        if (spaceId != null) {
            kibana.put("space_id", spaceId);
        }
        if (objectId != null) {
            kibana.putObject("saved_object").put("type", objectType).put("id", objectId);
        }
        if (caller != null) {
            kibana.put("authentication_type", caller.isApiKey() ? "api_key" : "basic");
            if (caller.isApiKey()) {
                kibana.put("api_key_id", caller.apiKeyId());
            }
        }
        if (clientIp != null) {
            document.putObject("client").put("ip", clientIp);
        }
        ObjectNode http = document.putObject("http");
        http.putObject("request").put("method", method).put("path", path);
        http.putObject("response").put("status_code", status);
        document.put("message", message);
        return document;
    }
}
