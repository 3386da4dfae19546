package io.switchboard.execution;

/** An execution refused before it starts (unknown connector, disabled type): an HTTP status and Kibana's message. */
public final class ExecutionRefusedException extends RuntimeException {

    private final int status;

    public ExecutionRefusedException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
