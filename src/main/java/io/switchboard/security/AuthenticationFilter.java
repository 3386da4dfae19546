package io.switchboard.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.switchboard.api.ErrorBody;
import io.switchboard.audit.AuditEvent;
import io.switchboard.audit.AuditTrail;
import io.switchboard.store.DatabaseFailures;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Instant;

/**
 * Authenticates every request before any route sees it, except the health checks under {@code /q/health}. A
 * credential verified before is answered from the cache on the event loop; any other is verified on a worker
 * thread (a database read and a bcrypt check). The authenticated {@link Caller} is put in the routing context
 * under {@link #CALLER}. A refused request gets 401 with {@code WWW-Authenticate} (or 429 with {@code Retry-After})
 * in Kibana's error shape, and an audit event.
 */
@Singleton
public class AuthenticationFilter {

    public static final String CALLER = "switchboard.caller";
    private static final Logger LOG = Logger.getLogger(AuthenticationFilter.class);
    /** Runs before Quarkus's own filters that depend on the route, after none that matter here. */
    private static final int PRIORITY = 1_000;
    /** The request-context key under which Quarkus's HTTP metrics look for the matched route's template. */
    private static final String METRICS_ROUTE_TEMPLATE = "UrlPathTemplate";

    private final Authenticator authenticator;
    private final AuditTrail audit;
    private final ObjectMapper json;
    private final Vertx vertx;
    private final boolean enabled;

    @Inject
    public AuthenticationFilter(Authenticator authenticator, AuditTrail audit, ObjectMapper json, Vertx vertx,
                                @ConfigProperty(name = "switchboard.security.enabled", defaultValue = "true")
                                boolean enabled) {
        this.authenticator = authenticator;
        this.audit = audit;
        this.json = json;
        this.vertx = vertx;
        this.enabled = enabled;
    }

    void register(@Observes Filters filters) {
        if (!enabled) {
            LOG.warn("authentication is off (switchboard.security.enabled=false): every request is a superuser");
            filters.register(context -> {
                context.put(CALLER, Bootstrap.ANONYMOUS_SUPERUSER);
                context.next();
            }, PRIORITY);
            return;
        }
        filters.register(this::authenticate, PRIORITY);
    }

    private void authenticate(RoutingContext context) {
        String path = context.request().path();
        if (path != null && (path.equals("/q/health") || path.startsWith("/q/health/"))) {
            context.next();
            return;
        }
        String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        String address = clientAddress(context);
        Authenticator.Outcome known = authenticator.cached(authorization, address);
        if (known != null) {
            conclude(context, known, address);
            return;
        }
        vertx.<Authenticator.Outcome>executeBlocking(() -> authenticator.verify(authorization, address), false)
                .onComplete(result -> {
                    if (result.succeeded()) {
                        conclude(context, result.result(), address);
                    } else {
                        refuse(context, unchecked(result.cause()), address);
                    }
                });
    }

    /**
     * Credentials that could not be checked are neither accepted nor refused: 503, whatever the failure, so that
     * a client tries again rather than taking its credentials for wrong.
     */
    private static Authenticator.Refused unchecked(Throwable failure) {
        if (DatabaseFailures.unavailable(failure)) {
            LOG.warnf("credentials not checked, the database is unreachable: %s (SQLState %s)",
                    failure.getClass().getName(), DatabaseFailures.sqlState(failure));
            return new Authenticator.Refused(503, DatabaseFailures.UNAVAILABLE, null, null);
        }
        LOG.errorf("authentication failed with %s", failure.getClass().getName());
        return new Authenticator.Refused(503, "credentials could not be checked: try again later", null, null);
    }

    private void conclude(RoutingContext context, Authenticator.Outcome outcome, String address) {
        if (outcome instanceof Authenticator.Authenticated authenticated) {
            context.put(CALLER, authenticated.caller());
            context.next();
        } else {
            refuse(context, (Authenticator.Refused) outcome, address);
        }
    }

    private void refuse(RoutingContext context, Authenticator.Refused refused, String address) {
        audit.record(new AuditEvent(Instant.now(), "user_login", AuditEvent.FAILURE, null, refused.principal(), null,
                null, null, address, context.request().method().name(), context.request().path(), refused.status(),
                "Failed attempt to log in: " + refused.message()));
        // Metrics name routes by their template; a refused request never reached one, and its raw path (anyone's
        // choice) would make a new series of every path tried.
        Context requestContext = Vertx.currentContext();
        if (requestContext != null) {
            requestContext.putLocal(METRICS_ROUTE_TEMPLATE, "UNAUTHENTICATED");
        }
        var response = context.response().setStatusCode(refused.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        if (refused.status() == 401) {
            response.headers().add("WWW-Authenticate", "Basic realm=\"switchboard\", charset=\"UTF-8\"");
            response.headers().add("WWW-Authenticate", "ApiKey");
        }
        if (refused.retryAfter() != null) {
            response.putHeader(HttpHeaders.RETRY_AFTER, Long.toString(refused.retryAfter().toSeconds()));
        }
        try {
            response.end(json.writeValueAsString(ErrorBody.of(refused.status(), refused.message())));
        } catch (JsonProcessingException e) {
            response.end();
        }
    }

    private static String clientAddress(RoutingContext context) {
        SocketAddress remote = context.request().remoteAddress();
        return remote == null ? "unknown" : remote.hostAddress();
    }
}
