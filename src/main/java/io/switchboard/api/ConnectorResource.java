package io.switchboard.api;

import io.switchboard.security.Operation;
import io.switchboard.audit.Audited;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.config.ActionsSettings;
import io.switchboard.connector.ConnectorTypeRegistry;
import io.switchboard.execution.ExecutionService;
import io.switchboard.execution.ExecutionSource;
import io.switchboard.management.ConnectorService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.http.HttpServerRequest;
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
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Kibana's connector routes under {@code /api/actions} (and {@code /s/<space>/api/actions}, see {@link SpaceRouting}).
 * Bodies are read as text and validated here so that every message matches Kibana's route validation.
 */
@Path("/api/actions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
@Blocking
public class ConnectorResource {

    private final ConnectorService connectors;
    private final ConnectorTypeRegistry types;
    private final ActionsSettings settings;
    private final ExecutionService executions;
    private final ObjectMapper json;

    @Inject
    public ConnectorResource(ConnectorService connectors, ConnectorTypeRegistry types, ActionsSettings settings,
                             ExecutionService executions, ObjectMapper json) {
        this.connectors = connectors;
        this.executions = executions;
        this.types = types;
        this.settings = settings;
        this.json = json;
    }

    @POST
    @Path("/connector")
    @Audited("connector_create")
    public ConnectorResponse create(@Context ContainerRequestContext request, String body) {
        return create(request, null, body);
    }

    @POST
    @Path("/connector/{id}")
    @Audited("connector_create")
    public ConnectorResponse create(@Context ContainerRequestContext request, @PathParam("id") String id,
                                    String body) {
        ObjectNode valid = RequestBodies.parse(json, body, RequestBodies.CREATE);
        Privileges.require(request, Operation.CREATE, valid.get("connector_type_id").textValue());
        return ConnectorResponse.of(connectors.create(SpaceRouting.spaceOf(request), id,
                valid.get("connector_type_id").textValue(), valid.get("name").textValue(), valid.get("config"),
                valid.get("secrets")));
    }

    @PUT
    @Path("/connector/{id}")
    @Audited("connector_update")
    public ConnectorResponse update(@Context ContainerRequestContext request, @PathParam("id") String id,
                                    String body) {
        ObjectNode valid = RequestBodies.parse(json, body, RequestBodies.UPDATE);
        Privileges.require(request, Operation.UPDATE);
        return ConnectorResponse.of(connectors.update(SpaceRouting.spaceOf(request), id,
                valid.get("name").textValue(), valid.get("config"), valid.get("secrets")));
    }

    @GET
    @Path("/connector/{id}")
    public ConnectorResponse get(@Context ContainerRequestContext request, @PathParam("id") String id) {
        Privileges.require(request, Operation.GET);
        return ConnectorResponse.of(connectors.get(SpaceRouting.spaceOf(request), id));
    }

    @DELETE
    @Path("/connector/{id}")
    @Audited("connector_delete")
    public Response delete(@Context ContainerRequestContext request, @PathParam("id") String id) {
        Privileges.require(request, Operation.DELETE);
        connectors.delete(SpaceRouting.spaceOf(request), id);
        return Response.noContent().build();
    }

    /**
     * Runs on the event loop only to check the body; the execution itself runs on a virtual thread of its own. A
     * caller that goes away before the answer stops the connector's work, as Kibana aborts it.
     */
    @POST
    @Path("/connector/{id}/_execute")
    @NonBlocking
    @Audited("connector_execute")
    public CompletionStage<ExecuteResponse> execute(@Context ContainerRequestContext request,
                                                    @Context HttpServerRequest connection,
                                                    @PathParam("id") String id, String body) {
        ObjectNode valid = RequestBodies.parse(json, body, RequestBodies.EXECUTE);
        Privileges.require(request, Operation.EXECUTE);
        ExecutionService.Execution execution = executions.start(SpaceRouting.spaceOf(request), id,
                valid.get("params"), ExecutionSource.HTTP_REQUEST);
        connection.response().closeHandler(closed -> execution.abandon());
        return execution.outcome().thenApply(ExecuteResponse::of);
    }

    @GET
    @Path("/connectors")
    public List<ConnectorResponse> list(@Context ContainerRequestContext request) {
        Privileges.require(request, Operation.GET);
        return connectors.list(SpaceRouting.spaceOf(request)).stream().map(ConnectorResponse::of).toList();
    }

    @GET
    @Path("/connector_types")
    public List<ConnectorTypeResponse> connectorTypes(@QueryParam("feature_id") String featureId) {
        ObjectNode query = JsonNodeFactory.instance.objectNode();
        if (featureId != null) {
            query.put("feature_id", featureId);
        }
        RequestBodies.validate(RequestBodies.CONNECTOR_TYPES_QUERY, query, "request query");
        return types.all().stream()
                .filter(type -> featureId == null || type.supportedFeatureIds().contains(featureId))
                .map(type -> ConnectorTypeResponse.of(type, settings.isActionTypeEnabled(type.id())))
                .toList();
    }
}
