package io.switchboard.api;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.net.URI;
import java.net.URISyntaxException;
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
        // Most requests carry no prefix.
        if (!http.path().startsWith("/s/")) {
            request.setProperty(SPACE_PROPERTY, DEFAULT_SPACE);
            return;
        }
        Matcher matcher = PREFIX.matcher(http.path());
        if (matcher.matches()) {
            request.setProperty(SPACE_PROPERTY, matcher.group(1));
            String query = http.query() == null ? "" : "?" + http.query();
            request.setRequestUri(baseUri(http), URI.create(matcher.group(2) + query));
        } else {
            request.setProperty(SPACE_PROPERTY, DEFAULT_SPACE);
        }
    }

    /**
     * The request's scheme and authority, built here: the JAX-RS request URI cannot be built for a request without a
     * usable {@code Host} header, which HTTP/1.0 does not require. Such a request is taken as sent to localhost.
     */
    private static URI baseUri(HttpServerRequest http) {
        HostAndPort authority = http.authority();
        try {
            return new URI(http.scheme() + "://" + (authority == null ? "localhost" : authority.toString()) + "/");
        } catch (URISyntaxException unusable) {
            return URI.create(http.scheme() + "://localhost/");
        }
    }

    public static String spaceOf(ContainerRequestContext request) {
        Object space = request.getProperty(SPACE_PROPERTY);
        return space == null ? DEFAULT_SPACE : space.toString();
    }
}
