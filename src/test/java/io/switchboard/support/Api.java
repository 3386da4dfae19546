package io.switchboard.support;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;

/** Small helpers for calling the Kibana-shaped API from tests. */
public final class Api {

    /** The superuser the test configuration bootstraps ({@code switchboard.bootstrap-password}). */
    public static final String SUPERUSER = "elastic";
    public static final String SUPERUSER_PASSWORD = "test-superuser-password";

    private Api() {
    }

    /**
     * The {@code Authorization} header value of the test superuser, for clients other than RestAssured (RestAssured
     * requests carry it already).
     */
    public static String authorization() {
        return basic(SUPERUSER, SUPERUSER_PASSWORD);
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A request with the {@code kbn-xsrf} header and a JSON content type. */
    public static RequestSpecification kibana() {
        return RestAssured.given().header("kbn-xsrf", "true").contentType(ContentType.JSON);
    }

    /** The path of a route in a space; {@code null} or {@code default} means no prefix. */
    public static String path(String space, String route) {
        return space == null ? route : "/s/" + space + route;
    }

    /** A space id no other test uses, so tests never see each other's connectors. */
    public static String freshSpace() {
        return "space-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Asserts a Kibana error body. */
    public static ValidatableResponse assertError(ValidatableResponse response, int status, String message) {
        return response.statusCode(status)
                .body("statusCode", equalTo(status))
                .body("error", equalTo(reason(status)))
                .body("message", equalTo(message));
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Payload Too Large";
            case 415 -> "Unsupported Media Type";
            case 429 -> "Too Many Requests";
            case 503 -> "Service Unavailable";
            default -> "Internal Server Error";
        };
    }

    /** Creates a connector in a space and returns its id; fails the test if the API refuses. */
    public static String create(String space, String body) {
        return kibana().body(body).post(path(space, "/api/actions/connector"))
                .then().statusCode(200).extract().path("id");
    }
}
