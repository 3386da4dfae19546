package io.switchboard.api;

import io.switchboard.egress.EgressSettings;
import io.switchboard.management.ApiException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

/**
 * Kibana's {@code server.maxPayload} (default 1 MiB): a request body larger than this is answered 413 with hapi's
 * message, and never held in memory whole. A declared {@code Content-Length} over the limit is answered before any
 * of the body is read, ahead of Quarkus's own {@code quarkus.http.limits.max-body-size} check (which answers with
 * an empty body); a body of unknown length ({@code Transfer-Encoding: chunked}) is counted while it is read and
 * refused as soon as it passes the limit ({@link BoundedBodyReader}). Both answers close the connection, so that
 * the rest of the body is never read.
 */
@Singleton
public class PayloadLimit {

    static final String SETTING = "server.maxPayload";
    static final long DEFAULT_BYTES = 1024 * 1024;

    private final long bytes;

    @Inject
    public PayloadLimit(Config config) {
        this.bytes = config.getOptionalValue(SETTING, String.class)
                .map(value -> EgressSettings.byteSize(SETTING, value)).orElse(DEFAULT_BYTES);
    }

    /** The largest body accepted, in bytes. */
    public long bytes() {
        return bytes;
    }

    /** The 413 for a body past the limit, as hapi words it. */
    ApiException tooLarge() {
        return new ApiException(413, "Payload content length greater than maximum allowed: " + bytes);
    }

    /** Runs before Quarkus's upload limit (route order -2), so that its empty 413 is never the answer. */
    void install(@Observes Router router) {
        router.route().order(-3).handler(this::checkDeclaredLength);
    }

    private void checkDeclaredLength(RoutingContext context) {
        String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && exceeds(declared.trim())) {
            HttpServerResponse response = context.response();
            response.setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .endHandler(ended -> context.request().connection().close());
            response.end(ErrorBody.json(413, tooLarge().getMessage()));
            return;
        }
        context.next();
    }

    private boolean exceeds(String declared) {
        try {
            return Long.parseLong(declared) > bytes;
        } catch (NumberFormatException notANumber) {
            // Longer than a long can count; anything else malformed is the HTTP layer's to refuse.
            return !declared.isEmpty() && declared.chars().allMatch(Character::isDigit);
        }
    }
}
