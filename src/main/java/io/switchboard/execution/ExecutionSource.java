package io.switchboard.execution;

/** Where an execution came from, as Kibana's event log names it ({@code kibana.action.execution.source}). */
public enum ExecutionSource {
    HTTP_REQUEST("http_request"),
    ALERT("alert");

    private final String wireName;

    ExecutionSource(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
