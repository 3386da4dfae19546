package io.switchboard.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.common.annotation.Blocking;
import io.switchboard.api.Privileges;
import io.switchboard.audit.Audited;
import io.switchboard.management.ApiException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.util.Map;

/** Kibana's role API, {@code /api/security/role}: superusers define which spaces' connectors a role may use. */
@Path("/api/security/role")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
@Blocking
public class RoleResource {

    private static final int MAX_NAME_LENGTH = 1024;

    private final SecurityStore store;
    private final ObjectMapper json;

    @Inject
    public RoleResource(SecurityStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    @PUT
    @Path("/{name}")
    @Audited(value = "role_save", objectType = "role", idParameter = "name")
    public Response put(@Context ContainerRequestContext request, @PathParam("name") String name, String body) {
        Privileges.requireSuperuser(request, "cluster:admin/xpack/security/role/put");
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw ApiException.badRequest("[request params.name]: value has length [" + name.length()
                    + "] but it must have a maximum length of [" + MAX_NAME_LENGTH + "].");
        }
        if (!validRoleName(name)) {
            // Elasticsearch's rule for role names, which Kibana passes the name on to.
            throw ApiException.badRequest("Validation Failed: 1: Role names must be at least 1 and no more than 507 "
                    + "characters. They can contain alphanumeric characters (a-z, A-Z, 0-9), spaces, punctuation, and "
                    + "printable symbols in the Basic Latin (ASCII) block. Leading or trailing whitespace is not "
                    + "allowed.;");
        }
        if (Authenticator.SUPERUSER_ROLE.equals(name)) {
            throw ApiException.badRequest("Role [" + name + "] is reserved and may not be used.");
        }
        JsonNode given;
        try {
            given = json.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (IOException e) {
            throw ApiException.badRequest("Invalid request payload JSON format");
        }
        store.saveRole(name, RoleDefinition.validate(given));
        return Response.noContent().build();
    }

    private static boolean validRoleName(String name) {
        return name.length() <= 507 && name.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)
                && name.strip().length() == name.length();
    }

    @GET
    @Path("/{name}")
    public ObjectNode get(@Context ContainerRequestContext request, @PathParam("name") String name) {
        Privileges.requireSuperuser(request, "cluster:admin/xpack/security/role/get");
        if (Authenticator.SUPERUSER_ROLE.equals(name)) {
            return RoleDefinition.describe(name, superuserRole());
        }
        JsonNode role = store.roles(java.util.List.of(name)).get(name);
        if (role == null) {
            throw ApiException.notFound("Not Found");
        }
        return RoleDefinition.describe(name, role);
    }

    @GET
    public ArrayNode list(@Context ContainerRequestContext request) {
        Privileges.requireSuperuser(request, "cluster:admin/xpack/security/role/get");
        ArrayNode roles = json.createArrayNode();
        roles.add(RoleDefinition.describe(Authenticator.SUPERUSER_ROLE, superuserRole()));
        for (Map.Entry<String, JsonNode> role : store.allRoles().entrySet()) {
            roles.add(RoleDefinition.describe(role.getKey(), role.getValue()));
        }
        return roles;
    }

    @DELETE
    @Path("/{name}")
    @Audited(value = "role_delete", objectType = "role", idParameter = "name")
    public Response delete(@Context ContainerRequestContext request, @PathParam("name") String name) {
        Privileges.requireSuperuser(request, "cluster:admin/xpack/security/role/delete");
        if (!store.deleteRole(name)) {
            throw ApiException.notFound("Not Found");
        }
        return Response.noContent().build();
    }

    private JsonNode superuserRole() {
        ObjectNode role = json.createObjectNode();
        role.putObject("metadata").put("_reserved", true);
        role.putObject("elasticsearch").putArray("cluster").add("all");
        ObjectNode everything = role.putArray("kibana").addObject();
        everything.putArray("base").add("all");
        everything.putObject("feature");
        everything.putArray("spaces").add("*");
        return role;
    }
}
