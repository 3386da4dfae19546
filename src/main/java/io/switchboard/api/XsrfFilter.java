package io.switchboard.api;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Set;
import java.util.regex.Pattern;

/** Kibana's XSRF guard: a request that can change state must carry {@code kbn-xsrf} or {@code kbn-version}. */
public class XsrfFilter {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    /** Alertmanager's webhook notifier cannot add headers; that route asks for a JSON content type instead. */
    private static final Pattern ALERTMANAGER_NOTIFY =
            Pattern.compile("^(/s/[a-z0-9_\\-]+)?/api/actions/alertmanager/receiver/[^/]+/_notify$");

    @ServerRequestFilter(preMatching = true, priority = 10)
    public Response requireXsrfHeader(ContainerRequestContext request, HttpServerRequest http) {
        if (SAFE_METHODS.contains(request.getMethod())) {
            return null;
        }
        if ("POST".equals(request.getMethod()) && ALERTMANAGER_NOTIFY.matcher(http.path()).matches()) {
            return null;
        }
        // Elasticsearch's own API, which its clients call without Kibana's headers.
        if (http.path().startsWith("/_security/")) {
            return null;
        }
        if (request.getHeaderString("kbn-xsrf") != null || request.getHeaderString("kbn-version") != null) {
            return null;
        }
        return ErrorMappers.error(400, "Request must contain a kbn-xsrf header.");
    }
}
