package io.switchboard.alertmanager;

import io.switchboard.api.Privileges;
import io.switchboard.security.Caller;
import io.switchboard.security.Operation;
import io.switchboard.security.RunAs;
import io.switchboard.audit.Audited;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import io.switchboard.api.RequestBodies;
import io.switchboard.api.SpaceRouting;
import io.switchboard.queue.Enqueued;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * Alertmanager receivers under {@code /api/actions/alertmanager} (and {@code /s/<space>/api/...}), and the route
 * Alertmanager's webhook notifier posts to. The space comes from the request property the space routing filter sets.
 */
@Path("/api/actions/alertmanager")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
@Blocking
public class AlertmanagerResource {

    /** The request property {@link SpaceRouting} keeps the space in, before routing. */

    private final ReceiverService receivers;
    private final NotifyService notifications;
    private final ObjectMapper json;

    @Inject
    public AlertmanagerResource(ReceiverService receivers, NotifyService notifications, ObjectMapper json) {
        this.receivers = receivers;
        this.notifications = notifications;
        this.json = json;
    }

    @PUT
    @Path("/receiver/{name}")
    @Audited(value = "alertmanager_receiver_save", objectType = "alertmanager_receiver", idParameter = "name")
    public ReceiverResponse save(@Context ContainerRequestContext request, @PathParam("name") String name,
                                 String body) {
        Privileges.require(request, Operation.UPDATE);
        return ReceiverResponse.of(receivers.save(SpaceRouting.spaceOf(request), name, RequestBodies.read(json, body)));
    }

    @GET
    @Path("/receiver/{name}")
    public ReceiverResponse get(@Context ContainerRequestContext request, @PathParam("name") String name) {
        Privileges.require(request, Operation.GET);
        return ReceiverResponse.of(receivers.get(SpaceRouting.spaceOf(request), name));
    }

    @DELETE
    @Path("/receiver/{name}")
    @Audited(value = "alertmanager_receiver_delete", objectType = "alertmanager_receiver", idParameter = "name")
    public Response delete(@Context ContainerRequestContext request, @PathParam("name") String name) {
        Privileges.require(request, Operation.UPDATE);
        receivers.delete(SpaceRouting.spaceOf(request), name);
        return Response.noContent().build();
    }

    @GET
    @Path("/receivers")
    public List<ReceiverResponse> list(@Context ContainerRequestContext request) {
        Privileges.require(request, Operation.GET);
        return receivers.list(SpaceRouting.spaceOf(request)).stream().map(ReceiverResponse::of).toList();
    }

    /**
     * Alertmanager's webhook target. Exempt from the {@code kbn-xsrf} header, which Alertmanager cannot send; a JSON
     * content type is required instead, which a browser cannot send to another site without asking first.
     */
    @POST
    @Path("/receiver/{name}/_notify")
    @Consumes(MediaType.APPLICATION_JSON)
    @Audited(value = "alertmanager_notify", objectType = "alertmanager_receiver", idParameter = "name")
    public Response receive(@Context ContainerRequestContext request, @PathParam("name") String name, String body) {
        Caller caller = Privileges.require(request, Operation.EXECUTE);
        List<Enqueued> answers = notifications.enqueue(SpaceRouting.spaceOf(request), name,
                RequestBodies.read(json, body), RunAs.of(caller));
        int status = NotifyResponse.status(answers);
        Response.ResponseBuilder response = Response.status(status).entity(NotifyResponse.body(status, answers));
        if (status == NotifyResponse.RETRY) {
            response.header("Retry-After", "30");
        }
        return response.build();
    }
}
