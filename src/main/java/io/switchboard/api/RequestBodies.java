package io.switchboard.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.management.ApiException;
import io.switchboard.schema.ObjectSchema;
import io.switchboard.schema.Schema;
import io.switchboard.schema.SchemaError;

import static io.switchboard.schema.Schemas.any;
import static io.switchboard.schema.Schemas.maybe;
import static io.switchboard.schema.Schemas.object;
import static io.switchboard.schema.Schemas.recordOf;
import static io.switchboard.schema.Schemas.string;

/**
 * The route-level schemas of Kibana's connector routes, and the parsing of raw request bodies against them, with
 * messages prefixed {@code [request body...]} as Kibana prints them.
 */
public final class RequestBodies {

    /** Kibana's validateEmptyStrings: a string that is blank once trimmed, at any depth of objects and arrays. */
    private static String emptyString(JsonNode value) {
        if (value.isTextual()) {
            return value.textValue().trim().isEmpty() ? "value '' is not valid" : null;
        }
        if (value.isObject() || value.isArray()) {
            for (JsonNode child : value) {
                String failure = emptyString(child);
                if (failure != null) {
                    return failure;
                }
            }
        }
        return null;
    }

    private static Schema nonBlankString() {
        return string().validator(RequestBodies::emptyString);
    }

    private static Schema freeObject() {
        return recordOf(string(), any().validator(RequestBodies::emptyString))
                .defaultValue(JsonNodeFactory.instance.objectNode());
    }

    static final ObjectSchema CREATE = object(
            "name", nonBlankString(),
            "connector_type_id", nonBlankString(),
            "config", freeObject(),
            "secrets", freeObject());

    static final ObjectSchema UPDATE = object(
            "name", nonBlankString(),
            "config", freeObject(),
            "secrets", freeObject());

    static final ObjectSchema EXECUTE = object(
            "params", recordOf(string(), any()));

    static final ObjectSchema CONNECTOR_TYPES_QUERY = object(
            "feature_id", maybe(string().maxLength(100)));

    private RequestBodies() {
    }

    /** Parses and validates a body; a missing body counts as JSON null, as hapi hands it to Kibana. */
    static ObjectNode parse(ObjectMapper json, String raw, ObjectSchema schema) {
        return validate(schema, read(json, raw), "request body");
    }

    /** A raw body as JSON, for routes whose bodies are not one object; a missing body counts as JSON null. */
    public static JsonNode read(ObjectMapper json, String raw) {
        if (raw == null || raw.isBlank()) {
            return NullNode.getInstance();
        }
        try {
            return json.readTree(raw);
        } catch (StreamConstraintsException overLimit) {
            throw ApiException.badRequest("Invalid request payload JSON format: " + beyond(overLimit,
                    json.getFactory().streamReadConstraints()));
        } catch (JsonProcessingException malformed) {
            throw ApiException.badRequest("Invalid request payload JSON format");
        }
    }

    /** Which of the parser's limits a body passed, in words (Jackson's own text names its classes). */
    private static String beyond(StreamConstraintsException overLimit, StreamReadConstraints limits) {
        String reason = String.valueOf(overLimit.getOriginalMessage());
        if (reason.startsWith("Document nesting depth")) {
            return "nested deeper than " + limits.getMaxNestingDepth() + " levels";
        }
        if (reason.startsWith("String value length")) {
            return "a string is longer than " + limits.getMaxStringLength() + " characters";
        }
        if (reason.startsWith("Number value length")) {
            return "a number is longer than " + limits.getMaxNumberLength() + " digits";
        }
        if (reason.startsWith("Name length")) {
            return "a property name is longer than " + limits.getMaxNameLength() + " characters";
        }
        return "the document is larger than the parser accepts";
    }

    static ObjectNode validate(ObjectSchema schema, JsonNode value, String namespace) {
        try {
            return (ObjectNode) schema.validate(value);
        } catch (SchemaError error) {
            throw ApiException.badRequest(error.format(namespace));
        }
    }
}
