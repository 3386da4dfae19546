package io.switchboard.schema;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** {@code schema.oneOf([...])}: the first alternative that accepts the value wins; otherwise every failure is listed. */
public final class OneOfSchema extends Schema {

    private final List<Schema> alternatives;

    OneOfSchema(List<Schema> alternatives) {
        this.alternatives = List.copyOf(alternatives);
    }

    @Override
    JsonNode check(JsonNode value, List<String> path) {
        List<SchemaError> failures = new ArrayList<>();
        for (int i = 0; i < alternatives.size(); i++) {
            try {
                JsonNode result = alternatives.get(i).validate(value, child(path, Integer.toString(i)));
                if (result != null || value == null) {
                    return result;
                }
            } catch (SchemaError failure) {
                failures.add(failure);
            }
        }
        throw new SchemaError(path, "types that failed validation:", failures);
    }
}
