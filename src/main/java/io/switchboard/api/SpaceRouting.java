package io.switchboard.api;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kibana's space prefix: {@code /s/<space_id>/api/...} is the same route as {@code /api/...} in that space. The
 * prefix is removed before routing and the space kept as a request property; no prefix means {@code default}.
 */
public class SpaceRouting {

    public static final String DEFAULT_SPACE = "default";
    static final String SPACE_PROPERTY = "switchboard.space";
    private static final Pattern PREFIX = Pattern.compile("^/s/([a-z0-9_\\-]+)(/.*)$");

    @ServerRequestFilter(preMatching = true)
    public void stripSpacePrefix(ContainerRequestContext request, HttpServerRequest http) {
        // Most requests carry no prefix: decided on the raw path, without building the request URI.
        if (!http.path().startsWith("/s/")) {
            request.setProperty(SPACE_PROPERTY, DEFAULT_SPACE);
            return;
        }
        URI uri = request.getUriInfo().getRequestUri();
        Matcher matcher = PREFIX.matcher(uri.getRawPath());
        if (matcher.matches()) {
            request.setProperty(SPACE_PROPERTY, matcher.group(1));
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            request.setRequestUri(uri.resolve(matcher.group(2) + query));
        } else {
            request.setProperty(SPACE_PROPERTY, DEFAULT_SPACE);
        }
    }

    public static String spaceOf(ContainerRequestContext request) {
        Object space = request.getProperty(SPACE_PROPERTY);
        return space == null ? DEFAULT_SPACE : space.toString();
    }
}
