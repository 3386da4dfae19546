package io.switchboard.security;

import io.switchboard.management.ApiException;

/**
 * The operations Kibana's actions authorization checks, with the privilege each needs and the message of its 403.
 */
public enum Operation {
    CREATE("create", Access.ALL),
    GET("get", Access.READ),
    UPDATE("update", Access.ALL),
    DELETE("delete", Access.ALL),
    EXECUTE("execute", Access.ALL);

    private final String verb;
    private final Access needed;

    Operation(String verb, Access needed) {
        this.verb = verb;
        this.needed = needed;
    }

    /** Refuses with Kibana's 403 unless the caller holds the privilege in the space. */
    public void ensure(Caller caller, String space, String connectorTypeId) {
        if (!caller.access(space).allows(needed)) {
            throw ApiException.forbidden(connectorTypeId == null
                    ? "Unauthorized to " + verb + " actions"
                    : "Unauthorized to " + verb + " a \"" + connectorTypeId + "\" action");
        }
    }

    public void ensure(Caller caller, String space) {
        ensure(caller, space, null);
    }
}
