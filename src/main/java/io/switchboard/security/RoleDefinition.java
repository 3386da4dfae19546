package io.switchboard.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.management.ApiException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A role as Kibana's role API takes it: {@code elasticsearch} privileges (kept, not used), {@code kibana}
 * privileges per set of spaces, and {@code metadata}. Of the Kibana privileges, base {@code all}/{@code read} and the
 * {@code actions} feature's privileges decide what the role may do with connectors; other features are kept as
 * given.
 */
public final class RoleDefinition {

    public static final String ACTIONS_FEATURE = "actions";
    private static final Set<String> TOP_LEVEL = Set.of("elasticsearch", "kibana", "metadata", "description");
    private static final Set<String> ENTRY_KEYS = Set.of("base", "feature", "spaces");
    private static final Set<String> BASE_PRIVILEGES = Set.of("all", "read");
    private static final Pattern SPACE_ID = Pattern.compile("^[a-z0-9_\\-]+$");

    private RoleDefinition() {
    }

    /** Checks a role body, answering Kibana's 400 for the first thing wrong, and returns it with defaults filled. */
    public static ObjectNode validate(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw bad("[request body]: expected a plain object value, but found [" + typeOf(body) + "] instead.");
        }
        for (Iterator<String> keys = body.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!TOP_LEVEL.contains(key)) {
                throw bad("[request body." + key + "]: definition for this key is missing");
            }
        }
        ObjectNode role = JsonNodeFactory.instance.objectNode();
        JsonNode elasticsearch = body.path("elasticsearch");
        if (!elasticsearch.isMissingNode() && !elasticsearch.isObject()) {
            throw bad("[request body.elasticsearch]: expected a plain object value, but found ["
                    + typeOf(elasticsearch) + "] instead.");
        }
        role.set("elasticsearch", elasticsearch.isObject() ? elasticsearch.deepCopy()
                : JsonNodeFactory.instance.objectNode());
        JsonNode metadata = body.path("metadata");
        if (!metadata.isMissingNode() && !metadata.isObject()) {
            throw bad("[request body.metadata]: expected value of type [object] but got [" + typeOf(metadata) + "]");
        }
        role.set("metadata", metadata.isObject() ? metadata.deepCopy() : JsonNodeFactory.instance.objectNode());
        JsonNode description = body.path("description");
        if (description.isTextual()) {
            role.put("description", description.textValue());
        }
        JsonNode kibana = body.path("kibana");
        ArrayNode entries = role.putArray("kibana");
        if (kibana.isMissingNode()) {
            return role;
        }
        if (!kibana.isArray()) {
            throw bad("[request body.kibana]: expected value of type [array] but got [" + typeOf(kibana) + "]");
        }
        for (int i = 0; i < kibana.size(); i++) {
            entries.add(entry(kibana.get(i), "[request body.kibana." + i));
        }
        return role;
    }

    private static ObjectNode entry(JsonNode given, String at) {
        if (!given.isObject()) {
            throw bad(at + "]: expected value of type [object] but got [" + typeOf(given) + "]");
        }
        for (Iterator<String> keys = given.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!ENTRY_KEYS.contains(key)) {
                throw bad(at + "." + key + "]: definition for this key is missing");
            }
        }
        ObjectNode entry = JsonNodeFactory.instance.objectNode();
        ArrayNode base = entry.putArray("base");
        for (String privilege : strings(given.path("base"), at + ".base")) {
            if (!BASE_PRIVILEGES.contains(privilege)) {
                throw bad(at + ".base]: unknown base privilege \"" + privilege + "\", expected \"all\" or \"read\"");
            }
            base.add(privilege);
        }
        ObjectNode feature = entry.putObject("feature");
        JsonNode features = given.path("feature");
        if (!features.isMissingNode()) {
            if (!features.isObject()) {
                throw bad(at + ".feature]: expected value of type [object] but got [" + typeOf(features) + "]");
            }
            for (Map.Entry<String, JsonNode> granted : features.properties()) {
                ArrayNode privileges = feature.putArray(granted.getKey());
                strings(granted.getValue(), at + ".feature." + granted.getKey()).forEach(privileges::add);
            }
        }
        if (!base.isEmpty() && !feature.isEmpty()) {
            throw bad(at + "]: base and feature privileges cannot both be given for the same spaces");
        }
        ArrayNode spaces = entry.putArray("spaces");
        List<String> spaceIds = given.has("spaces") ? strings(given.get("spaces"), at + ".spaces") : List.of("*");
        if (spaceIds.isEmpty()) {
            throw bad(at + ".spaces]: array size is [0], but cannot be smaller than [1]");
        }
        for (String space : spaceIds) {
            if (!space.equals(Grants.EVERY_SPACE) && !SPACE_ID.matcher(space).matches()) {
                throw bad(at + ".spaces]: \"" + space + "\" is not a space id: use lower-case letters, digits, "
                        + "\"_\" and \"-\", or \"*\" for every space");
            }
            spaces.add(space);
        }
        if (spaceIds.contains(Grants.EVERY_SPACE) && spaceIds.size() > 1) {
            throw bad(at + ".spaces]: \"*\" must be the only space when it is given");
        }
        return entry;
    }

    /** What a stored (validated) role grants on connectors. */
    public static Grants grants(JsonNode role) {
        Grants grants = Grants.NONE;
        for (JsonNode entry : role.path("kibana")) {
            Access access = Access.NONE;
            for (JsonNode base : entry.path("base")) {
                access = Access.most(access, "all".equals(base.asText()) ? Access.ALL : Access.READ);
            }
            for (JsonNode privilege : entry.path("feature").path(ACTIONS_FEATURE)) {
                access = Access.most(access, featureAccess(privilege.asText()));
            }
            if (access != Access.NONE) {
                List<String> spaces = new ArrayList<>();
                entry.path("spaces").forEach(space -> spaces.add(space.asText()));
                grants = grants.plus(Grants.of(spaces, access));
            }
        }
        return grants;
    }

    private static Access featureAccess(String privilege) {
        return switch (privilege) {
            case "all", "minimal_all" -> Access.ALL;
            case "read", "minimal_read" -> Access.READ;
            default -> Access.NONE;
        };
    }

    /** The role as Kibana's {@code GET /api/security/role/{name}} answers it. */
    public static ObjectNode describe(String name, JsonNode role) {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.put("name", name);
        if (role.has("description")) {
            answer.set("description", role.get("description"));
        }
        answer.set("metadata", role.path("metadata").isObject() ? role.get("metadata")
                : JsonNodeFactory.instance.objectNode());
        answer.putObject("transient_metadata").put("enabled", true);
        ObjectNode elasticsearch = answer.putObject("elasticsearch");
        JsonNode given = role.path("elasticsearch");
        elasticsearch.set("cluster", given.path("cluster").isArray() ? given.get("cluster")
                : JsonNodeFactory.instance.arrayNode());
        elasticsearch.set("indices", given.path("indices").isArray() ? given.get("indices")
                : JsonNodeFactory.instance.arrayNode());
        elasticsearch.set("run_as", given.path("run_as").isArray() ? given.get("run_as")
                : JsonNodeFactory.instance.arrayNode());
        answer.set("kibana", role.path("kibana"));
        answer.putArray("_transform_error");
        answer.putArray("_unrecognized_applications");
        return answer;
    }

    private static List<String> strings(JsonNode node, String at) {
        if (node.isMissingNode()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw bad(at + "]: expected value of type [array] but got [" + typeOf(node) + "]");
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual()) {
                throw bad(at + "." + i + "]: expected value of type [string] but got [" + typeOf(node.get(i)) + "]");
            }
            values.add(node.get(i).textValue());
        }
        return values;
    }

    static String typeOf(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "undefined";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "Array";
            case BOOLEAN -> "boolean";
            case NULL -> "null";
            case NUMBER -> "number";
            case STRING -> "string";
            default -> "Object";
        };
    }

    private static ApiException bad(String message) {
        return ApiException.badRequest(message);
    }
}
