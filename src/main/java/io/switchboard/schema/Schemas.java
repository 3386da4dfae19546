package io.switchboard.schema;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Factory methods named after config-schema's {@code schema.*} builders. */
public final class Schemas {

    private Schemas() {
    }

    public static StringSchema string() {
        return new StringSchema();
    }

    public static BooleanSchema bool() {
        return new BooleanSchema();
    }

    public static Schema bool(boolean defaultValue) {
        return new BooleanSchema().defaultValue(BooleanNode.valueOf(defaultValue));
    }

    public static NumberSchema number() {
        return new NumberSchema();
    }

    public static LiteralSchema literal(String value) {
        return new LiteralSchema(TextNode.valueOf(value));
    }

    public static OneOfSchema oneOf(Schema... alternatives) {
        return new OneOfSchema(Arrays.asList(alternatives));
    }

    /** One of several string literals, e.g. an enum of levels. */
    public static OneOfSchema oneOfLiterals(String... values) {
        return new OneOfSchema(Arrays.stream(values).map(Schemas::literal).map(Schema.class::cast).toList());
    }

    public static MaybeSchema maybe(Schema inner) {
        return new MaybeSchema(inner);
    }

    public static NullableSchema nullable(Schema inner) {
        return new NullableSchema(inner);
    }

    public static AnySchema any() {
        return new AnySchema();
    }

    public static ArraySchema arrayOf(Schema items) {
        return new ArraySchema(items);
    }

    public static RecordSchema recordOf(Schema keys, Schema values) {
        return new RecordSchema(keys, values);
    }

    /** An object with no keys allowed: {@code schema.object({})}, defaulting to {@code {}}. */
    public static Schema emptyObject() {
        return object().defaultValue(JsonNodeFactory.instance.objectNode());
    }

    /** Builds a strict object schema: {@code object("a", string(), "b", bool(false))}. */
    public static ObjectSchema object(Object... namesAndSchemas) {
        if (namesAndSchemas.length % 2 != 0) {
            throw new IllegalArgumentException("object() takes name/schema pairs");
        }
        Map<String, Schema> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndSchemas.length; i += 2) {
            fields.put((String) namesAndSchemas[i], (Schema) namesAndSchemas[i + 1]);
        }
        return new ObjectSchema(fields);
    }

    /** Builds a strict object schema from an ordered map. */
    public static ObjectSchema object(Map<String, Schema> fields) {
        return new ObjectSchema(fields);
    }

}
