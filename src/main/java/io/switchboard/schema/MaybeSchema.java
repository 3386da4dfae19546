package io.switchboard.schema;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** {@code schema.maybe(x)}: the key may be absent; a present value must satisfy the inner schema. */
public final class MaybeSchema extends Schema {

    private final Schema inner;

    MaybeSchema(Schema inner) {
        this.inner = inner;
    }

    @Override
    boolean isOptional() {
        return true;
    }

    @Override
    JsonNode check(JsonNode value, List<String> path) {
        return inner.validate(value, path);
    }
}
