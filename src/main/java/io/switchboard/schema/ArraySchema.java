package io.switchboard.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.List;

/** {@code schema.arrayOf(x)}. */
public final class ArraySchema extends Schema {

    private final Schema items;
    private Integer minSize;
    private Integer maxSize;

    ArraySchema(Schema items) {
        this.items = items;
    }

    public ArraySchema minSize(int size) {
        this.minSize = size;
        return this;
    }

    public ArraySchema maxSize(int size) {
        this.maxSize = size;
        return this;
    }

    @Override
    JsonNode check(JsonNode value, List<String> path) {
        if (value == null || !value.isArray()) {
            throw new SchemaError(path, "expected value of type [array] but got [" + typeName(value) + "]");
        }
        if (minSize != null && value.size() < minSize) {
            throw new SchemaError(path,
                    "array size is [" + value.size() + "], but cannot be smaller than [" + minSize + "]");
        }
        if (maxSize != null && value.size() > maxSize) {
            throw new SchemaError(path,
                    "array size is [" + value.size() + "], but cannot be greater than [" + maxSize + "]");
        }
        ArrayNode result = JsonNodeFactory.instance.arrayNode(value.size());
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = items.validate(value.get(i), child(path, Integer.toString(i)));
            result.add(item == null ? JsonNodeFactory.instance.nullNode() : item);
        }
        return result;
    }
}
