package io.switchboard.management;

/** A request refused with an HTTP status and Kibana's message for it. */
public final class ApiException extends RuntimeException {

    private final int status;

    public ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, message);
    }

    /** Kibana's saved-object 404: {@code Saved object [action/<id>] not found}. */
    public static ApiException connectorNotFound(String id) {
        return notFound("Saved object [action/" + id + "] not found");
    }
}
