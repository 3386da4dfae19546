package io.switchboard.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Set;

/** Kibana's XSRF guard: a request that can change state must carry {@code kbn-xsrf} or {@code kbn-version}. */
public class XsrfFilter {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    @ServerRequestFilter(preMatching = true, priority = 10)
    public Response requireXsrfHeader(ContainerRequestContext request) {
        if (SAFE_METHODS.contains(request.getMethod())) {
            return null;
        }
        if (request.getHeaderString("kbn-xsrf") != null || request.getHeaderString("kbn-version") != null) {
            return null;
        }
        return ErrorMappers.error(400, "Request must contain a kbn-xsrf header.");
    }
}
