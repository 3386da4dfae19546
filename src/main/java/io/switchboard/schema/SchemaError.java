package io.switchboard.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * A failed validation, carrying the key path and the reason in the same shape as Kibana's config-schema:
 * {@code [a.b]: reason}. Composite failures (one-of) keep their children so the message can list them.
 */
public final class SchemaError extends RuntimeException {

    private final List<String> path;
    private final String reason;
    private final List<SchemaError> alternatives;

    SchemaError(List<String> path, String reason) {
        this(path, reason, List.of());
    }

    SchemaError(List<String> path, String reason, List<SchemaError> alternatives) {
        super(reason, null, false, false);
        this.path = List.copyOf(path);
        this.reason = reason;
        this.alternatives = List.copyOf(alternatives);
    }


    public List<String> path() {
        return path;
    }

    public String reason() {
        return reason;
    }

    /** The failures of a one-of's alternatives, empty for other failures. */
    public List<SchemaError> alternatives() {
        return alternatives;
    }

    /** The message without any namespace, e.g. {@code [index]: expected value of type [string] but got [undefined]}. */
    @Override
    public String getMessage() {
        return format(null);
    }

    /**
     * The message as config-schema prints it when validating under a namespace such as {@code request body}:
     * {@code [request body.name]: ...}.
     */
    public String format(String namespace) {
        return format(namespace, 0);
    }

    private String format(String namespace, int level) {
        List<String> full = new ArrayList<>();
        if (namespace != null) {
            full.add(namespace);
        }
        full.addAll(path);
        StringBuilder message = new StringBuilder(reason);
        for (SchemaError child : alternatives) {
            message.append('\n').append(" ".repeat(level)).append("- ").append(child.format(namespace, level + 1));
        }
        if (full.isEmpty()) {
            return message.toString();
        }
        return "[" + String.join(".", full) + "]: " + message;
    }
}
