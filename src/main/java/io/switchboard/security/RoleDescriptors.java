package io.switchboard.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.management.ApiException;

import java.util.List;
import java.util.Map;

/**
 * The {@code role_descriptors} of an API key, in Elasticsearch's shape: Kibana privileges are application privileges
 * of the application {@code kibana-.kibana} on resources {@code space:<id>} or {@code *}, such as
 * {@code feature_actions.all}, {@code feature_actions.read}, {@code space_all}, {@code all} or {@code read}.
 */
final class RoleDescriptors {

    private static final String KIBANA_APPLICATION = "kibana-.kibana";

    private RoleDescriptors() {
    }

    static void validate(JsonNode descriptors) {
        if (descriptors == null || descriptors.isMissingNode() || descriptors.isNull()) {
            return;
        }
        if (!descriptors.isObject()) {
            throw ApiException.badRequest("[request body.role_descriptors]: expected value of type [object] but got ["
                    + RoleDefinition.typeOf(descriptors) + "]");
        }
        for (Map.Entry<String, JsonNode> role : descriptors.properties()) {
            String at = "[request body.role_descriptors." + role.getKey();
            if (!role.getValue().isObject()) {
                throw ApiException.badRequest(at + "]: expected value of type [object] but got ["
                        + RoleDefinition.typeOf(role.getValue()) + "]");
            }
            JsonNode applications = role.getValue().path("applications");
            if (!applications.isMissingNode() && !applications.isArray()) {
                throw ApiException.badRequest(at + ".applications]: expected value of type [array] but got ["
                        + RoleDefinition.typeOf(applications) + "]");
            }
            for (JsonNode application : applications) {
                if (!application.path("application").isTextual() || !application.path("privileges").isArray()
                        || !application.path("resources").isArray()) {
                    throw ApiException.badRequest(at + ".applications]: each application privilege needs "
                            + "[application], [privileges] and [resources]");
                }
            }
        }
    }

    /** Whether the descriptors hold no restriction: the key then holds its owner's privileges. */
    static boolean unrestricted(JsonNode descriptors) {
        return descriptors == null || descriptors.isNull() || descriptors.isMissingNode() || descriptors.isEmpty();
    }

    /** Elasticsearch's superuser role: every cluster privilege and every privilege of every application. */
    static boolean superuser(JsonNode descriptors) {
        for (JsonNode role : descriptors) {
            boolean cluster = contains(role.path("cluster"), "all");
            for (JsonNode application : role.path("applications")) {
                if ("*".equals(application.path("application").asText())
                        && contains(application.path("privileges"), "*")
                        && contains(application.path("resources"), "*") && cluster) {
                    return true;
                }
            }
        }
        return false;
    }

    static Grants grants(JsonNode descriptors) {
        Grants grants = Grants.NONE;
        for (JsonNode role : descriptors) {
            for (JsonNode application : role.path("applications")) {
                String name = application.path("application").asText();
                if (!name.equals(KIBANA_APPLICATION) && !name.equals("*")) {
                    continue;
                }
                Access access = Access.NONE;
                for (JsonNode privilege : application.path("privileges")) {
                    access = Access.most(access, access(privilege.asText()));
                }
                if (access == Access.NONE) {
                    continue;
                }
                List<String> spaces = new java.util.ArrayList<>();
                for (JsonNode resource : application.path("resources")) {
                    String value = resource.asText();
                    if (value.equals("*")) {
                        spaces.add(Grants.EVERY_SPACE);
                    } else if (value.startsWith("space:")) {
                        spaces.add(value.substring("space:".length()));
                    }
                }
                grants = grants.plus(Grants.of(spaces, access));
            }
        }
        return grants;
    }

    private static Access access(String privilege) {
        return switch (privilege) {
            case "*", "all", "space_all", "feature_actions.all", "feature_actions.minimal_all" -> Access.ALL;
            case "read", "space_read", "feature_actions.read", "feature_actions.minimal_read" -> Access.READ;
            default -> Access.NONE;
        };
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode item : array) {
            if (value.equals(item.asText())) {
                return true;
            }
        }
        return false;
    }
}
