package io.switchboard.schema;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** {@code schema.string()}: empty strings are allowed unless a minimum length says otherwise. */
public final class StringSchema extends Schema {

    private Integer minLength;
    private Integer maxLength;

    public StringSchema minLength(int length) {
        this.minLength = length;
        return this;
    }

    public StringSchema maxLength(int length) {
        this.maxLength = length;
        return this;
    }

    @Override
    JsonNode check(JsonNode value, List<String> path) {
        if (value == null || !value.isTextual()) {
            throw new SchemaError(path, "expected value of type [string] but got [" + typeName(value) + "]");
        }
        int length = value.textValue().length();
        if (minLength != null && length < minLength) {
            throw new SchemaError(path,
                    "value has length [" + length + "] but it must have a minimum length of [" + minLength + "].");
        }
        if (maxLength != null && length > maxLength) {
            throw new SchemaError(path,
                    "value has length [" + length + "] but it must have a maximum length of [" + maxLength + "].");
        }
        return value;
    }
}
