package io.switchboard.schema;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** {@code schema.literal(x)}: the value must equal one JSON value. */
public final class LiteralSchema extends Schema {

    private final JsonNode expected;

    LiteralSchema(JsonNode expected) {
        this.expected = expected;
    }

    public JsonNode expected() {
        return expected;
    }

    @Override
    JsonNode check(JsonNode value, List<String> path) {
        if (value == null || !value.equals(expected)) {
            String shown = expected.isTextual() ? expected.textValue() : expected.toString();
            throw new SchemaError(path, "expected value to equal [" + shown + "]");
        }
        return value;
    }
}
