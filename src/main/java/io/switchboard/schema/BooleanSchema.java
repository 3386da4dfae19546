package io.switchboard.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;

import java.util.List;

/** {@code schema.boolean()}: also accepts the strings {@code "true"} and {@code "false"} in any case. */
public final class BooleanSchema extends Schema {

    @Override
    JsonNode check(JsonNode value, List<String> path) {
        if (value != null && value.isBoolean()) {
            return value;
        }
        if (value != null && value.isTextual()) {
            String text = value.textValue();
            if (text.equalsIgnoreCase("true")) {
                return BooleanNode.TRUE;
            }
            if (text.equalsIgnoreCase("false")) {
                return BooleanNode.FALSE;
            }
        }
        throw new SchemaError(path, "expected value of type [boolean] but got [" + typeName(value) + "]");
    }
}
