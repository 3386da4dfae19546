package io.switchboard.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * A request target that is not a URI (a bad percent-encoding, a raw space or control byte, {@code {}} or {@code \})
 * is answered 400 in Kibana's shape, before any route, filter or path decoder sees it. Quarkus makes the same check
 * ahead of the router but answers it with a bare 400; {@link UriValidationHandover} turns Quarkus's check off so that
 * this one answers instead.
 */
@Singleton
public class RequestTargets {

    static final String MESSAGE = "Invalid request URL";

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::check);
    }

    private void check(RoutingContext context) {
        if (isUri(context.request().uri())) {
            context.next();
            return;
        }
        context.response().setStatusCode(400).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(ErrorBody.json(400, MESSAGE));
    }

    private static boolean isUri(String target) {
        if (target == null) {
            return false;
        }
        try {
            new URI(target);
            return true;
        } catch (URISyntaxException notAUri) {
            return false;
        }
    }
}
