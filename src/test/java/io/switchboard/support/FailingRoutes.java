package io.switchboard.support;

import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/**
 * Routes that exist only in tests and fail past every exception mapper: one on the HTTP router, one a resource that
 * throws an {@link Error}. Each failure's text names an internal detail no answer may show.
 */
public final class FailingRoutes {

    public static final String ROUTER_PATH = "/test-only/failing-router-route";
    public static final String RESOURCE_PATH = "/test-only/failing-resource";
    public static final String DETAIL = "internal-detail-7f3";

    private FailingRoutes() {
    }

    @Singleton
    public static class OnTheRouter {
        void install(@Observes Router router) {
            router.get(ROUTER_PATH).handler(context -> {
                throw new IllegalStateException(DETAIL);
            });
        }
    }

    @Path(RESOURCE_PATH)
    public static class Resource {
        @GET
        public String fail() {
            throw new AssertionError(DETAIL);
        }
    }
}
