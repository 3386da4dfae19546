package io.switchboard.schema;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code schema.oneOf([...])}: the first alternative that accepts the value wins; otherwise every failure is listed.
 * As in config-schema, alternatives are validated at the one-of's own path and the alternative's index is inserted
 * into the path of its failure only when listing it, so failures of a nested one-of never show the outer index.
 */
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
                JsonNode result = alternatives.get(i).validate(value, path);
                if (result != null || value == null) {
                    return result;
                }
            } catch (SchemaError failure) {
                List<String> withIndex = new ArrayList<>(failure.path());
                withIndex.add(path.size(), Integer.toString(i));
                failures.add(new SchemaError(withIndex, failure.reason(), failure.alternatives()));
            }
        }
        throw new SchemaError(path, "types that failed validation:", failures);
    }
}
