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
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Elasticsearch's security API for users and API keys, under {@code /_security}: what the Elasticsearch clients
 * and the Terraform provider already call. Managing users needs a superuser; any user manages its own API keys.
 * Answers are in Elasticsearch's shapes; refusals in Kibana's error shape, as everywhere in Switchboard.
 */
@Path("/_security")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
@Blocking
public class SecurityResource {

    private static final Set<String> USER_FIELDS =
            Set.of("password", "roles", "full_name", "email", "metadata", "enabled");
    private static final Set<String> API_KEY_FIELDS = Set.of("name", "expiration", "role_descriptors", "metadata");
    private static final Set<String> INVALIDATE_FIELDS = Set.of("ids", "id", "name", "username", "owner",
            "realm_name");
    private static final int MAX_NAME_LENGTH = 1024;

    private final SecurityStore store;
    private final ObjectMapper json;

    @Inject
    public SecurityResource(SecurityStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    @GET
    @Path("/_authenticate")
    public ObjectNode authenticate(@Context ContainerRequestContext request) {
        Caller caller = Privileges.caller(request);
        ObjectNode answer = json.createObjectNode();
        answer.put("username", caller.username());
        caller.roles().forEach(answer.putArray("roles")::add);
        answer.put("enabled", true);
        answer.putObject("authentication_realm").put("name", caller.isApiKey() ? "_es_api_key" : "native")
                .put("type", caller.isApiKey() ? "_es_api_key" : "native");
        answer.putObject("lookup_realm").put("name", "native").put("type", "native");
        answer.put("authentication_type", caller.isApiKey() ? "api_key" : "realm");
        if (caller.isApiKey()) {
            answer.putObject("api_key").put("id", caller.apiKeyId()).put("name", caller.apiKeyName());
        }
        return answer;
    }

    @PUT
    @Path("/user/{name}")
    @Audited(value = "user_save", objectType = "user", idParameter = "name")
    public ObjectNode putUser(@Context ContainerRequestContext request, @PathParam("name") String name,
                              String body) {
        Privileges.requireSuperuser(request, "cluster:admin/xpack/security/user/put");
        checkUserName(name);
        if (Bootstrap.SUPERUSER.equals(name)) {
            throw ApiException.badRequest("user [" + name + "] is reserved and only the password can be changed");
        }
        JsonNode given = object(body, USER_FIELDS);
        String password = optionalText(given, "password");
        Optional<SecurityStore.StoredUser> existing = store.findUser(name);
        if (password == null && existing.isEmpty()) {
            throw ApiException.badRequest("Validation Failed: 1: password must be specified unless you are "
                    + "updating an existing user;");
        }
        if (password != null) {
            checkPassword(password);
        }
        JsonNode roles = given.path("roles");
        if (!roles.isArray()) {
            throw ApiException.badRequest("Validation Failed: 1: roles must be specified;");
        }
        List<String> roleNames = new ArrayList<>();
        for (JsonNode role : roles) {
            if (!role.isTextual()) {
                throw ApiException.badRequest("[roles] must be an array of strings");
            }
            roleNames.add(role.textValue());
        }
        JsonNode enabled = given.path("enabled");
        if (!enabled.isMissingNode() && !enabled.isBoolean()) {
            throw ApiException.badRequest("[enabled] must be a boolean");
        }
        JsonNode metadata = given.path("metadata");
        if (!metadata.isMissingNode() && !metadata.isObject()) {
            throw ApiException.badRequest("[metadata] must be an object");
        }
        boolean created = store.saveUser(new SecurityStore.StoredUser(name,
                password == null ? null : Passwords.hash(password), roleNames, optionalText(given, "full_name"),
                optionalText(given, "email"), enabled.isMissingNode() || enabled.booleanValue(),
                metadata.isObject() ? metadata : null));
        return json.createObjectNode().put("created", created);
    }

    @POST
    @Path("/user/{name}")
    @Audited(value = "user_save", objectType = "user", idParameter = "name")
    public ObjectNode postUser(@Context ContainerRequestContext request, @PathParam("name") String name,
                               String body) {
        return putUser(request, name, body);
    }

    @GET
    @Path("/user/{name}")
    public ObjectNode getUser(@Context ContainerRequestContext request, @PathParam("name") String name) {
        Privileges.requireSuperuser(request, "cluster:admin/xpack/security/user/get");
        SecurityStore.StoredUser user = store.findUser(name)
                .orElseThrow(() -> ApiException.notFound("user [" + name + "] not found"));
        ObjectNode answer = json.createObjectNode();
        answer.set(name, describe(user));
        return answer;
    }

    @GET
    @Path("/user")
    public ObjectNode getUsers(@Context ContainerRequestContext request) {
        Privileges.requireSuperuser(request, "cluster:admin/xpack/security/user/get");
        ObjectNode answer = json.createObjectNode();
        store.users().forEach(user -> answer.set(user.username(), describe(user)));
        return answer;
    }

    @DELETE
    @Path("/user/{name}")
    @Audited(value = "user_delete", objectType = "user", idParameter = "name")
    public ObjectNode deleteUser(@Context ContainerRequestContext request, @PathParam("name") String name) {
        Privileges.requireSuperuser(request, "cluster:admin/xpack/security/user/delete");
        if (Bootstrap.SUPERUSER.equals(name)) {
            throw ApiException.badRequest("user [" + name + "] is reserved and cannot be deleted");
        }
        boolean found = store.deleteUser(name);
        if (!found) {
            throw ApiException.notFound("user [" + name + "] not found");
        }
        return json.createObjectNode().put("found", true);
    }

    @POST
    @Path("/user/{name}/_password")
    @Audited(value = "user_change_password", objectType = "user", idParameter = "name")
    public ObjectNode changePassword(@Context ContainerRequestContext request, @PathParam("name") String name,
                                     String body) {
        Caller caller = Privileges.caller(request);
        boolean own = !caller.isApiKey() && caller.username().equals(name);
        if (!own) {
            Privileges.requireSuperuser(request, "cluster:admin/xpack/security/user/change_password");
        }
        JsonNode given = object(body, Set.of("password"));
        String password = optionalText(given, "password");
        if (password == null) {
            throw ApiException.badRequest("Validation Failed: 1: password must be specified;");
        }
        checkPassword(password);
        if (!store.setPassword(name, Passwords.hash(password))) {
            throw ApiException.notFound("user [" + name + "] not found");
        }
        return json.createObjectNode();
    }

    @PUT
    @Path("/user/{name}/_password")
    @Audited(value = "user_change_password", objectType = "user", idParameter = "name")
    public ObjectNode changePasswordPut(@Context ContainerRequestContext request, @PathParam("name") String name,
                                        String body) {
        return changePassword(request, name, body);
    }

    @POST
    @Path("/api_key")
    @Audited(value = "api_key_create", objectType = "api_key", idParameter = "")
    public ObjectNode createApiKey(@Context ContainerRequestContext request, String body) {
        Caller caller = Privileges.caller(request);
        if (caller.isApiKey()) {
            throw ApiException.forbidden("action [cluster:admin/xpack/security/api_key/create] is unauthorized for "
                    + caller + ": API keys cannot create API keys");
        }
        JsonNode given = object(body, API_KEY_FIELDS);
        String name = optionalText(given, "name");
        if (name == null || name.isBlank()) {
            throw ApiException.badRequest("Validation Failed: 1: api key name is required;");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw ApiException.badRequest("Validation Failed: 1: api key name may not be more than ["
                    + MAX_NAME_LENGTH + "] characters long;");
        }
        JsonNode descriptors = given.path("role_descriptors");
        RoleDescriptors.validate(descriptors);
        String expiration = optionalText(given, "expiration");
        Instant now = Instant.now();
        Instant expiresAt = expiration == null ? null : now.plus(ApiKeyExpiration.parse(expiration));
        JsonNode metadata = given.path("metadata");
        String id = Passwords.random(15);
        String secret = Passwords.random(16);
        store.insertApiKey(new SecurityStore.StoredApiKey(id, name, Passwords.hash(secret), caller.username(),
                RoleDescriptors.unrestricted(descriptors) ? null : descriptors,
                metadata.isObject() ? metadata : null, now, expiresAt, null));
        ObjectNode answer = json.createObjectNode();
        answer.put("id", id);
        answer.put("name", name);
        if (expiresAt != null) {
            answer.put("expiration", expiresAt.toEpochMilli());
        }
        answer.put("api_key", secret);
        answer.put("encoded", Base64.getEncoder().encodeToString((id + ":" + secret)
                .getBytes(StandardCharsets.UTF_8)));
        return answer;
    }

    @PUT
    @Path("/api_key")
    @Audited(value = "api_key_create", objectType = "api_key", idParameter = "")
    public ObjectNode createApiKeyPut(@Context ContainerRequestContext request, String body) {
        return createApiKey(request, body);
    }

    @GET
    @Path("/api_key")
    public ObjectNode getApiKeys(@Context ContainerRequestContext request, @QueryParam("id") String id,
                                 @QueryParam("name") String name, @QueryParam("username") String username,
                                 @QueryParam("owner") boolean owner) {
        Caller caller = Privileges.caller(request);
        String ownerFilter = ownerFilter(caller, username, owner);
        ArrayNode keys = json.createArrayNode();
        for (SecurityStore.StoredApiKey key : store.apiKeys(id, name, ownerFilter)) {
            keys.add(describe(key));
        }
        if (keys.isEmpty() && (id != null || name != null)) {
            throw ApiException.notFound("no API key found for "
                    + (id != null ? "id [" + id + "]" : "name [" + name + "]"));
        }
        ObjectNode answer = json.createObjectNode();
        answer.set("api_keys", keys);
        return answer;
    }

    @DELETE
    @Path("/api_key")
    @Audited(value = "api_key_invalidate", objectType = "api_key", idParameter = "")
    public ObjectNode invalidateApiKeys(@Context ContainerRequestContext request, String body) {
        Caller caller = Privileges.caller(request);
        JsonNode given = object(body, INVALIDATE_FIELDS);
        Set<String> ids = new LinkedHashSet<>();
        if (given.has("id")) {
            ids.add(given.path("id").asText());
        }
        for (JsonNode id : given.path("ids")) {
            ids.add(id.asText());
        }
        String name = optionalText(given, "name");
        String username = optionalText(given, "username");
        boolean owner = given.path("owner").asBoolean(false);
        if (ids.isEmpty() && name == null && username == null && !owner) {
            throw ApiException.badRequest("Validation Failed: 1: One of [api key id(s), api key name, username, "
                    + "realm name] must be specified if [owner] flag is false;");
        }
        String ownerFilter = ownerFilter(caller, username, owner);
        List<String> matching = new ArrayList<>();
        List<String> before = new ArrayList<>();
        List<SecurityStore.StoredApiKey> candidates = ids.isEmpty() ? store.apiKeys(null, name, ownerFilter)
                : ids.stream().flatMap(id -> store.apiKeys(id, name, ownerFilter).stream()).toList();
        for (SecurityStore.StoredApiKey key : candidates) {
            (key.invalidatedAt() == null ? matching : before).add(key.id());
        }
        List<String> invalidated = matching.isEmpty() ? List.of() : store.invalidateApiKeys(matching);
        ObjectNode answer = json.createObjectNode();
        invalidated.forEach(answer.putArray("invalidated_api_keys")::add);
        before.forEach(answer.putArray("previously_invalidated_api_keys")::add);
        answer.put("error_count", 0);
        return answer;
    }

    /** The owner whose keys a caller may see or invalidate: its own, unless a superuser asks for others. */
    private static String ownerFilter(Caller caller, String username, boolean owner) {
        if (caller.superuser() && !owner) {
            return username;
        }
        if (username != null && !username.equals(caller.username())) {
            throw ApiException.forbidden("action [cluster:admin/xpack/security/api_key/get] is unauthorized for "
                    + caller);
        }
        return caller.username();
    }

    private ObjectNode describe(SecurityStore.StoredUser user) {
        ObjectNode described = json.createObjectNode();
        described.put("username", user.username());
        user.roles().forEach(described.putArray("roles")::add);
        described.put("full_name", user.fullName());
        described.put("email", user.email());
        described.set("metadata", user.metadata() == null ? json.createObjectNode() : user.metadata());
        described.put("enabled", user.enabled());
        return described;
    }

    private ObjectNode describe(SecurityStore.StoredApiKey key) {
        ObjectNode described = json.createObjectNode();
        described.put("id", key.id());
        described.put("name", key.name());
        described.put("type", "rest");
        described.put("creation", key.createdAt().toEpochMilli());
        if (key.expiresAt() != null) {
            described.put("expiration", key.expiresAt().toEpochMilli());
        }
        described.put("invalidated", key.invalidatedAt() != null);
        if (key.invalidatedAt() != null) {
            described.put("invalidation", key.invalidatedAt().toEpochMilli());
        }
        described.put("username", key.owner());
        described.put("realm", "native");
        described.set("metadata", key.metadata() == null ? json.createObjectNode() : key.metadata());
        if (key.roleDescriptors() != null) {
            described.set("role_descriptors", key.roleDescriptors());
        }
        return described;
    }

    private JsonNode object(String body, Set<String> fields) {
        JsonNode given;
        try {
            given = body == null || body.isBlank() ? json.createObjectNode() : json.readTree(body);
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("the request body is not valid JSON");
        }
        if (!given.isObject()) {
            throw ApiException.badRequest("the request body must be a JSON object");
        }
        for (var names = given.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!fields.contains(field)) {
                throw ApiException.badRequest("unknown field [" + field + "]");
            }
        }
        return given;
    }

    private static String optionalText(JsonNode given, String field) {
        JsonNode value = given.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest("[" + field + "] must be a string");
        }
        return value.textValue();
    }

    private static void checkUserName(String name) {
        if (name.isEmpty() || name.length() > 507 || !name.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)
                || name.startsWith("_")) {
            throw ApiException.badRequest("Validation Failed: 1: Invalid username [" + name + "]... Valid names must"
                    + " be 1 to 507 printable characters, not beginning with an underscore;");
        }
    }

    private static void checkPassword(String password) {
        if (password.length() < 6) {
            throw ApiException.badRequest("Validation Failed: 1: passwords must be at least [6] characters long;");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > Passwords.MAX_BYTES) {
            throw ApiException.badRequest("Validation Failed: 1: passwords may be at most [" + Passwords.MAX_BYTES
                    + "] bytes long;");
        }
    }
}
