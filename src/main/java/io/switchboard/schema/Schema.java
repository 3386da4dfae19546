package io.switchboard.schema;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A value schema that validates and normalises JSON the way Kibana's {@code @kbn/config-schema} does: same coercions,
 * same defaults, same error texts. A Java {@code null} stands for JavaScript's {@code undefined} (key absent); JSON
 * null is a {@code NullNode}.
 */
public abstract class Schema {

    private JsonNode defaultValue;
    private Function<JsonNode, String> validator;

    /** Validates {@code value}; returns the normalised value, or {@code null} when the result is undefined. */
    public final JsonNode validate(JsonNode value) {
        return validate(value, List.of());
    }

    final JsonNode validate(JsonNode value, List<String> path) {
        if (value == null || value.isMissingNode()) {
            if (defaultValue != null) {
                return defaultValue.deepCopy();
            }
            if (isOptional()) {
                return null;
            }
        }
        JsonNode result = check(value, path);
        if (validator != null && result != null) {
            String failure = validator.apply(result);
            if (failure != null) {
                throw new SchemaError(path, failure);
            }
        }
        return result;
    }

    /** Checks a value that may be {@code null} (undefined) when the schema is required. */
    abstract JsonNode check(JsonNode value, List<String> path);

    boolean isOptional() {
        return false;
    }

    /** Whether a value must be given: the schema has no default and is not {@code maybe(...)}. */
    public boolean required() {
        return defaultValue == null && !isOptional();
    }

    /** Value used when the key is absent. */
    public Schema defaultValue(JsonNode value) {
        this.defaultValue = value;
        return this;
    }

    /** A custom check run on the normalised value: return an error reason, or {@code null} when valid. */
    public Schema validator(Function<JsonNode, String> validator) {
        this.validator = validator;
        return this;
    }

    /** JavaScript's {@code type-detect} name of a value, as printed in {@code got [...]}. */
    static String typeName(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "undefined";
        }
        if (value.isNull()) {
            return "null";
        }
        if (value.isTextual()) {
            return "string";
        }
        if (value.isNumber()) {
            return "number";
        }
        if (value.isBoolean()) {
            return "boolean";
        }
        if (value.isArray()) {
            return "Array";
        }
        return "Object";
    }

    static List<String> child(List<String> path, String key) {
        List<String> next = new ArrayList<>(path.size() + 1);
        next.addAll(path);
        next.add(key);
        return next;
    }
}
