package io.switchboard.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.common.annotation.Blocking;
import io.switchboard.api.Privileges;
import io.switchboard.management.ApiException;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The audit trail for superusers: {@code GET /internal/switchboard/audit_events}, newest first, filtered by time
 * ({@code date_start}, {@code date_end} as ISO-8601 instants; the last day by default), {@code action},
 * {@code user} and {@code outcome}, paged by {@code page} and {@code per_page} (at most 1,000).
 */
@Path("/internal/switchboard/audit_events")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class AuditResource {

    private static final int MAX_PER_PAGE = 1_000;

    public record AuditPage(long total, List<JsonNode> data) {
    }

    private final AuditStore store;
    private final AuditTrail trail;

    @Inject
    public AuditResource(AuditStore store, AuditTrail trail) {
        this.store = store;
        this.trail = trail;
    }

    @GET
    public AuditPage find(@Context ContainerRequestContext request, @QueryParam("date_start") String dateStart,
                          @QueryParam("date_end") String dateEnd, @QueryParam("action") String action,
                          @QueryParam("user") String user, @QueryParam("outcome") String outcome,
                          @QueryParam("page") String page, @QueryParam("per_page") String perPage)
            throws SQLException {
        Privileges.requireSuperuser(request, "cluster:admin/switchboard/audit/read");
        Instant now = Instant.now();
        Instant from = instant("date_start", dateStart, now.minusSeconds(86_400));
        Instant to = instant("date_end", dateEnd, now);
        int pageNumber = bounded("page", page, 1, 1, Integer.MAX_VALUE / MAX_PER_PAGE);
        int size = bounded("per_page", perPage, 100, 1, MAX_PER_PAGE);
        trail.flush(2_000);
        AuditStore.Page found = store.find(from, to, action, user, outcome, pageNumber, size);
        return new AuditPage(found.total(), found.events());
    }

    private static Instant instant(String name, String value, Instant otherwise) {
        if (value == null) {
            return otherwise;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("[request query." + name + "]: expected an ISO-8601 instant such as "
                    + "2026-01-01T00:00:00Z");
        }
    }

    private static int bounded(String name, String value, int otherwise, int min, int max) {
        if (value == null) {
            return otherwise;
        }
        int number;
        try {
            number = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("[request query." + name + "]: expected value of type [number] but got ["
                    + "string]");
        }
        if (number < min) {
            throw ApiException.badRequest("[request query." + name + "]: Value must be equal to or greater than ["
                    + min + "].");
        }
        if (number > max) {
            throw ApiException.badRequest("[request query." + name + "]: Value must be equal to or lower than ["
                    + max + "].");
        }
        return number;
    }
}
