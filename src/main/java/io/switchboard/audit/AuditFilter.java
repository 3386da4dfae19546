package io.switchboard.audit;

import io.switchboard.api.ConnectorResponse;
import io.switchboard.api.SpaceRouting;
import io.switchboard.security.AuthenticationFilter;
import io.switchboard.security.Caller;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.lang.reflect.Method;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Records an {@link AuditEvent} for every answered call of an {@link Audited} route, whatever its outcome. */
public class AuditFilter {

    private final Map<Method, Optional<Audited>> routes = new ConcurrentHashMap<>();
    private final AuditTrail trail;

    @Inject
    public AuditFilter(AuditTrail trail) {
        this.trail = trail;
    }

    @ServerResponseFilter
    public void record(ContainerRequestContext request, ContainerResponseContext response, ResourceInfo resource,
                       HttpServerRequest http) {
        Method method = resource == null ? null : resource.getResourceMethod();
        if (method == null) {
            return;
        }
        Optional<Audited> audited = routes.computeIfAbsent(method,
                route -> Optional.ofNullable(route.getAnnotation(Audited.class)));
        if (audited.isEmpty()) {
            return;
        }
        Audited route = audited.get();
        Caller caller = (Caller) request.getProperty(AuthenticationFilter.CALLER);
        String space = SpaceRouting.spaceOf(request);
        String objectId = route.idParameter().isEmpty() ? null
                : request.getUriInfo().getPathParameters().getFirst(route.idParameter());
        if (objectId == null && response.getEntity() instanceof ConnectorResponse connector) {
            objectId = connector.id();
        }
        int status = response.getStatus();
        String outcome = status < 400 ? AuditEvent.SUCCESS : AuditEvent.FAILURE;
        String who = caller == null ? "unknown caller" : caller.toString();
        String what = objectId == null ? route.value() : route.value() + " on " + route.objectType() + " ["
                + objectId + "]";
        String message = (outcome.equals(AuditEvent.SUCCESS) ? "" : "Refused: ") + who + " " + what + " in space ["
                + space + "]" + (outcome.equals(AuditEvent.SUCCESS) ? "" : " (" + status + ")");
        trail.record(new AuditEvent(Instant.now(), route.value(), outcome, caller, null, space,
                route.objectType(), objectId, http.remoteAddress() == null ? null : http.remoteAddress().hostAddress(),
                request.getMethod(), http.path(), status, message));
    }
}
