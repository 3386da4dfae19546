package io.switchboard.api;

import io.switchboard.security.Operation;
import io.switchboard.audit.Audited;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.common.annotation.Blocking;
import io.switchboard.config.ActionsSettings;
import io.switchboard.management.ApiException;
import io.switchboard.schema.ObjectSchema;
import io.switchboard.store.RuleReferenceStore;
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

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static io.switchboard.schema.Schemas.arrayOf;
import static io.switchboard.schema.Schemas.object;
import static io.switchboard.schema.Schemas.string;

/**
 * The connectors each rule of the rule engine uses, per space: Switchboard keeps no rules, so the rule engine tells
 * it here what Kibana reads from a rule's references, and the connector list counts them in
 * {@code referenced_by_count}.
 */
@Path("/api/actions/references/rule/{rule_id}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
@Blocking
public class RuleReferenceResource {

    static final int MAX_RULE_ID_LENGTH = 1000;
    static final int MAX_CONNECTORS = 1000;

    private static final ObjectSchema PARAMS = object(
            "rule_id", string().minLength(1).maxLength(MAX_RULE_ID_LENGTH));

    static final ObjectSchema BODY = object(
            "connector_ids", arrayOf(string().minLength(1)).maxSize(MAX_CONNECTORS));

    private final RuleReferenceStore references;
    private final ActionsSettings settings;
    private final ObjectMapper json;

    @Inject
    public RuleReferenceResource(RuleReferenceStore references, ActionsSettings settings, ObjectMapper json) {
        this.references = references;
        this.settings = settings;
        this.json = json;
    }

    @JsonPropertyOrder({"rule_id", "connector_ids"})
    public record RuleReferences(@JsonProperty("rule_id") String ruleId,
                                 @JsonProperty("connector_ids") List<String> connectorIds) {
    }

    /** Replaces the connectors the rule references; each must be a connector of the space or a preconfigured one. */
    @PUT
    @Audited(value = "rule_references_save", objectType = "rule", idParameter = "rule_id")
    public RuleReferences replace(@Context ContainerRequestContext request, @PathParam("rule_id") String ruleId,
                                  String body) {
        checkRuleId(ruleId);
        ObjectNode valid = RequestBodies.parse(json, body, BODY);
        Privileges.require(request, Operation.UPDATE);
        Set<String> distinct = new LinkedHashSet<>();
        for (JsonNode id : valid.get("connector_ids")) {
            distinct.add(id.textValue());
        }
        String space = SpaceRouting.spaceOf(request);
        ensureConnectorsExist(space, distinct);
        List<String> connectorIds = List.copyOf(distinct);
        references.replace(space, ruleId, connectorIds);
        return new RuleReferences(ruleId, connectorIds);
    }

    @GET
    public RuleReferences get(@Context ContainerRequestContext request, @PathParam("rule_id") String ruleId) {
        checkRuleId(ruleId);
        Privileges.require(request, Operation.GET);
        List<String> connectorIds = references.find(SpaceRouting.spaceOf(request), ruleId);
        if (connectorIds.isEmpty()) {
            throw notFound(ruleId);
        }
        return new RuleReferences(ruleId, connectorIds);
    }

    @DELETE
    @Audited(value = "rule_references_delete", objectType = "rule", idParameter = "rule_id")
    public Response delete(@Context ContainerRequestContext request, @PathParam("rule_id") String ruleId) {
        checkRuleId(ruleId);
        Privileges.require(request, Operation.UPDATE);
        if (!references.delete(SpaceRouting.spaceOf(request), ruleId)) {
            throw notFound(ruleId);
        }
        return Response.noContent().build();
    }

    private static void checkRuleId(String ruleId) {
        ObjectNode params = JsonNodeFactory.instance.objectNode().put("rule_id", ruleId);
        RequestBodies.validate(PARAMS, params, "request params");
    }

    /**
     * Kibana refuses to save a rule whose action names a connector it cannot load; the message is the one loading
     * that connector fails with.
     */
    private void ensureConnectorsExist(String space, Set<String> connectorIds) {
        List<String> notPreconfigured = connectorIds.stream()
                .filter(id -> !settings.preconfigured().containsKey(id)).toList();
        Set<String> stored = references.storedConnectorIds(space, notPreconfigured);
        for (String id : notPreconfigured) {
            if (!stored.contains(id)) {
                throw ApiException.badRequest("Saved object [action/" + id + "] not found");
            }
        }
    }

    private static ApiException notFound(String ruleId) {
        return ApiException.notFound("No connector references stored for rule [" + ruleId + "]");
    }
}
