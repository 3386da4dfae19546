package io.switchboard.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code schema.object({...})}, strict: unknown keys are rejected. Keys are checked in declaration order, unknown
 * keys after them; the first failure is reported. The result keeps the input's key order and appends defaults of
 * absent keys in declaration order, as Joi does. An absent object counts as {@code {}} (config-schema declares every
 * object with Joi's {@code .default()}), so a missing nested object reports its first missing key instead.
 */
public final class ObjectSchema extends Schema {

    private final Map<String, Schema> fields;

    ObjectSchema(Map<String, Schema> fields) {
        this.fields = new LinkedHashMap<>(fields);
    }

    public Map<String, Schema> fields() {
        return fields;
    }


    @Override
    JsonNode check(JsonNode value, List<String> path) {
        if (value == null || value.isMissingNode()) {
            value = JsonNodeFactory.instance.objectNode();
        }
        if (!value.isObject()) {
            throw new SchemaError(path, "expected a plain object value, but found [" + typeName(value) + "] instead.");
        }
        ObjectNode result = ((ObjectNode) value).deepCopy();
        for (Map.Entry<String, Schema> field : fields.entrySet()) {
            JsonNode validated = field.getValue().validate(value.get(field.getKey()), child(path, field.getKey()));
            if (validated == null) {
                result.remove(field.getKey());
            } else {
                result.set(field.getKey(), validated);
            }
        }
        Iterator<String> names = value.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!fields.containsKey(name)) {
                throw new SchemaError(child(path, name), "definition for this key is missing");
            }
        }
        return result;
    }
}
