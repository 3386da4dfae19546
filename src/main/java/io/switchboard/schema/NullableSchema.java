package io.switchboard.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

import java.util.List;

/**
 * {@code schema.nullable(x)}: absent or null becomes null; any other value must satisfy the inner schema. A value
 * that fails is reported as config-schema reports its underlying one-of: both alternatives listed.
 */
public final class NullableSchema extends Schema {

    private final OneOfSchema alternatives;

    NullableSchema(Schema inner) {
        this.alternatives = new OneOfSchema(List.of(inner, new LiteralSchema(NullNode.getInstance())));
        defaultValue(NullNode.getInstance());
    }

    @Override
    JsonNode check(JsonNode value, List<String> path) {
        if (value.isNull()) {
            return value;
        }
        return alternatives.check(value, path);
    }
}
