package io.switchboard.api;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Locale;

/**
 * Every body Switchboard reads is JSON. As Kibana's server does, a body sent as another media type is answered 415
 * before any route reads it, and before the XSRF check (a body without a {@code Content-Type} is read as JSON).
 * This also keeps plain HTML forms, which a browser posts across sites without asking first, away from every
 * route.
 */
public class JsonBodyFilter {

    @ServerRequestFilter(preMatching = true, priority = 5)
    public Response requireJson(ContainerRequestContext request, HttpServerRequest http) {
        String type = request.getHeaderString("Content-Type");
        if (type == null || !hasBody(request) || http.path().startsWith("/q/")) {
            return null;
        }
        String mediaType = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (mediaType.equals("application/json") || mediaType.endsWith("+json")) {
            return null;
        }
        return ErrorMappers.error(415, "Unsupported Media Type");
    }

    private static boolean hasBody(ContainerRequestContext request) {
        String length = request.getHeaderString("Content-Length");
        return request.getHeaderString("Transfer-Encoding") != null || length != null && !length.trim().equals("0");
    }
}
