package io.switchboard.api;

import io.switchboard.security.Operation;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.common.annotation.Blocking;
import io.switchboard.connector.ConnectorType;
import io.switchboard.connector.ConnectorTypeRegistry;
import io.switchboard.management.ApiException;
import io.switchboard.management.Connector;
import io.switchboard.management.ConnectorService;
import io.switchboard.render.ParamsRenderer;
import io.switchboard.schema.ObjectSchema;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import static io.switchboard.schema.Schemas.any;
import static io.switchboard.schema.Schemas.object;
import static io.switchboard.schema.Schemas.recordOf;
import static io.switchboard.schema.Schemas.string;

/**
 * A preview of what a rule's action would send: {@code POST /api/actions/connector/<id>/_render} renders params
 * with variables exactly as queued executions are rendered for the connector's type, and runs nothing. Kibana has no
 * such route; its body and errors follow {@code _execute}'s.
 */
@Path("/api/actions/connector/{id}/_render")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
@Blocking
public class RenderResource {

    static final ObjectSchema RENDER = object(
            "params", recordOf(string(), any()),
            "variables", recordOf(string(), any()).defaultValue(JsonNodeFactory.instance.objectNode()));

    private final ConnectorService connectors;
    private final ConnectorTypeRegistry types;
    private final ParamsRenderer renderer;
    private final ObjectMapper json;

    @Inject
    public RenderResource(ConnectorService connectors, ConnectorTypeRegistry types, ParamsRenderer renderer,
                          ObjectMapper json) {
        this.connectors = connectors;
        this.types = types;
        this.renderer = renderer;
        this.json = json;
    }

    /** The rendered params of a connector, stored in the space or preconfigured. */
    public record Rendered(@JsonProperty("connector_id") String connectorId,
                           @JsonProperty("connector_type_id") String connectorTypeId,
                           @JsonProperty("params") JsonNode params) {
    }

    @POST
    public Rendered render(@Context ContainerRequestContext request, @PathParam("id") String id, String body) {
        ObjectNode valid = RequestBodies.parse(json, body, RENDER);
        Privileges.require(request, Operation.GET);
        Connector connector = connectors.get(SpaceRouting.spaceOf(request), id);
        ConnectorType type = types.find(connector.connectorTypeId())
                .orElseThrow(() -> ApiException.badRequest(
                        "Action type \"" + connector.connectorTypeId() + "\" is not registered."));
        return new Rendered(connector.id(), type.id(),
                renderer.render(type, valid.get("params"), valid.get("variables")));
    }
}
