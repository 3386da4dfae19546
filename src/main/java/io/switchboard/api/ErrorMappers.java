package io.switchboard.api;

import io.switchboard.execution.ExecutionRefusedException;
import io.switchboard.management.ApiException;
import io.switchboard.store.DatabaseFailures;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.io.IOException;

/**
 * Every error leaves in Kibana's shape {@code {statusCode, error, message}}. Unexpected exceptions are logged with
 * their type only and answered with Kibana's generic 500 text, never a stack trace.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(ErrorBody.of(status, message))
                .build();
    }

    @ServerExceptionMapper
    public Response apiError(ApiException e) {
        if (e.status() == 413) {
            // The rest of a body too large to read is never read: the connection ends with this answer.
            return Response.fromResponse(error(413, e.getMessage())).header("Connection", "close").build();
        }
        return error(e.status(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response executionRefused(ExecutionRefusedException e) {
        return error(e.status(), e.getMessage());
    }

    /** hapi answers an unknown path, or a known path with another method, with a plain 404. */
    @ServerExceptionMapper({NotFoundException.class, NotAllowedException.class})
    public Response noRoute(WebApplicationException e) {
        return error(404, "Not Found");
    }

    @ServerExceptionMapper
    public Response webError(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.errorf("request failed with %d: %s", status, e.getClass().getName());
            return error(500, "An internal server error occurred.");
        }
        return error(status, ErrorBody.reasonPhrase(status));
    }

    /**
     * Reading a request fails with an I/O error when its client goes away mid-request (load tools do at the end of
     * every run): not a server error, and there is nobody left to answer.
     */
    @ServerExceptionMapper
    public Response clientGone(IOException e) {
        LOG.debugf("request not read: %s", e.getClass().getName());
        return error(400, "Bad Request");
    }

    /**
     * Anything else is a 500, except what PostgreSQL says about the request's data (SQLState class 22, such as a
     * NUL character, which text columns cannot hold: the request's fault) or a database that cannot be reached
     * (connection lost, server shutting down, no connection to be had from the pool): unavailable, not broken.
     */
    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        if (DatabaseFailures.unavailable(e)) {
            LOG.warnf("database unreachable while handling a request: %s (SQLState %s)", e.getClass().getName(),
                    DatabaseFailures.sqlState(e));
            return error(503, DatabaseFailures.UNAVAILABLE);
        }
        String refusedValue = DatabaseFailures.refusedValueState(e);
        if (refusedValue != null) {
            LOG.debugf("request refused by the database: SQLState %s", refusedValue);
            return error(400, DatabaseFailures.UNSTORABLE_VALUE);
        }
        LOG.errorf("unexpected %s while handling a request", e.getClass().getName());
        return error(500, "An internal server error occurred.");
    }
}
