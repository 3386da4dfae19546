package io.switchboard.api;

import io.switchboard.management.ApiException;
import io.switchboard.security.AuthenticationFilter;
import io.switchboard.security.Caller;
import io.switchboard.security.Operation;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The authenticated {@link Caller} of a request (put in the routing context by {@link AuthenticationFilter}), and
 * the privilege checks routes make with it in the request's space.
 */
public class Privileges {

    @ServerRequestFilter(preMatching = true, priority = 1)
    public void carryCaller(ContainerRequestContext request, RoutingContext routing) {
        Object caller = routing.get(AuthenticationFilter.CALLER);
        if (caller != null) {
            request.setProperty(AuthenticationFilter.CALLER, caller);
        }
    }

    public static Caller caller(ContainerRequestContext request) {
        Object caller = request.getProperty(AuthenticationFilter.CALLER);
        if (caller == null) {
            throw new ApiException(401, "missing authentication credentials");
        }
        return (Caller) caller;
    }

    /** Refuses with Kibana's 403 unless the caller may do {@code operation} in the request's space. */
    public static Caller require(ContainerRequestContext request, Operation operation) {
        Caller caller = caller(request);
        operation.ensure(caller, SpaceRouting.spaceOf(request));
        return caller;
    }

    /** As {@link #require(ContainerRequestContext, Operation)}, naming the connector type in the message. */
    public static Caller require(ContainerRequestContext request, Operation operation, String connectorTypeId) {
        Caller caller = caller(request);
        operation.ensure(caller, SpaceRouting.spaceOf(request), connectorTypeId);
        return caller;
    }

    /** Refuses unless the caller is a superuser, with Elasticsearch's message for the action. */
    public static Caller requireSuperuser(ContainerRequestContext request, String action) {
        Caller caller = caller(request);
        if (!caller.superuser()) {
            throw ApiException.forbidden("action [" + action + "] is unauthorized for " + caller);
        }
        return caller;
    }
}
