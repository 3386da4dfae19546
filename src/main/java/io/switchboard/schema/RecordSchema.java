package io.switchboard.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.List;
import java.util.Map;

/** {@code schema.recordOf(keySchema, valueSchema)}: an object with free keys. */
public final class RecordSchema extends Schema {

    private final Schema keys;
    private final Schema values;

    RecordSchema(Schema keys, Schema values) {
        this.keys = keys;
        this.values = values;
    }

    @Override
    JsonNode check(JsonNode value, List<String> path) {
        if (value == null || !value.isObject()) {
            throw new SchemaError(path, "expected value of type [object] but got [" + typeName(value) + "]");
        }
        ObjectNode result = ((ObjectNode) value).objectNode();
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            // a failing key is shown as key("name"), as config-schema does to tell it from a failing value
            keys.validate(TextNode.valueOf(entry.getKey()), child(path, "key(\"" + entry.getKey() + "\")"));
            JsonNode validated = values.validate(entry.getValue(), child(path, entry.getKey()));
            if (validated != null) {
                result.set(entry.getKey(), validated);
            }
        }
        return result;
    }
}
