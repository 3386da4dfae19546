package io.switchboard.schema;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** {@code schema.any()}: every value is accepted, including undefined. */
public final class AnySchema extends Schema {

    @Override
    boolean isOptional() {
        return true;
    }

    @Override
    JsonNode check(JsonNode value, List<String> path) {
        return value;
    }
}
