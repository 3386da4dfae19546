package io.switchboard.api;

import io.switchboard.store.DatabaseFailures;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * The answer to a request that failed outside every exception mapper: an error thrown past them (a
 * {@link StackOverflowError} is not an {@link Exception}), or a failure in a handler on the HTTP router itself.
 * Quarkus's own handler would answer with the exception's class name (and, in tests and dev mode, its stack); this
 * one answers in Kibana's shape, and logs the type only.
 */
@Singleton
public class UnhandledFailures {

    private static final Logger LOG = Logger.getLogger(UnhandledFailures.class);

    /** The statuses Vert.x Web answers by itself, with a plain-text reason phrase, when a request fails unrouted. */
    private static final int[] ROUTER_ANSWERS = {400, 404, 405, 406, 413, 415, 500, 501, 503};

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::answer);
        // A request whose path does not start with "/" fails before any route matches it, handler or failure handler.
        for (int status : ROUTER_ANSWERS) {
            router.errorHandler(status, this::answer);
        }
    }

    private void answer(RoutingContext context) {
        int status = context.statusCode() >= 400 && context.statusCode() <= 599 ? context.statusCode() : 500;
        Throwable failure = context.failure();
        HttpServerResponse response = context.response();
        if (status >= 500) {
            LOG.errorf("request failed with %d: %s", status, failure == null ? "no exception" : failure.getClass().getName());
        }
        if (response.ended() || response.closed()) {
            return;
        }
        if (response.headWritten()) {
            // Part of another answer is already out: ending the connection is the only honest thing left.
            response.reset();
            return;
        }
        if (failure != null && DatabaseFailures.unavailable(failure)) {
            response.setStatusCode(503).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(ErrorBody.json(503, DatabaseFailures.UNAVAILABLE));
            return;
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(ErrorBody.json(status, status >= 500 ? "An internal server error occurred."
                        : ErrorBody.reasonPhrase(status)));
    }
}
