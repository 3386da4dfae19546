package io.switchboard.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.io.JsonStringEncoder;

/** Kibana's (hapi Boom) error body. */
@RegisterForReflection
@JsonPropertyOrder({"statusCode", "error", "message"})
public record ErrorBody(int statusCode, String error, String message) {

    public static ErrorBody of(int status, String message) {
        return new ErrorBody(status, reasonPhrase(status), message);
    }

    /** The body as JSON text, for answers written below JAX-RS, on the HTTP router. */
    static String json(int status, String message) {
        JsonStringEncoder text = JsonStringEncoder.getInstance();
        return "{\"statusCode\":" + status + ",\"error\":\"" + new String(text.quoteAsString(reasonPhrase(status)))
                + "\",\"message\":\"" + new String(text.quoteAsString(message)) + "\"}";
    }

    static String reasonPhrase(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Payload Too Large";
            case 431 -> "Request Header Fields Too Large";
            case 415 -> "Unsupported Media Type";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
    }
}
