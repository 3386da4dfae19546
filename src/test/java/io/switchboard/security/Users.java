package io.switchboard.security;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.util.UUID;

/** Roles, users and API keys made through the security API, for tests. */
final class Users {

    static final String PASSWORD = "correct horse battery";

    private Users() {
    }

    /** A Kibana role granting {@code actions} privileges ({@code all} or {@code read}) in the given spaces. */
    static String role(String privilege, String... spaces) {
        String name = "role-" + UUID.randomUUID().toString().substring(0, 8);
        RestAssured.given().header("kbn-xsrf", "true").contentType(ContentType.JSON)
                .body("""
                        {"elasticsearch":{"cluster":[]},
                         "kibana":[{"feature":{"actions":["%s"]},"spaces":[%s]}]}"""
                        .formatted(privilege, quoted(spaces)))
                .put("/api/security/role/" + name).then().statusCode(204);
        return name;
    }

    /** A new user holding the roles, with {@link #PASSWORD}. */
    static String user(String... roles) {
        String name = "user-" + UUID.randomUUID().toString().substring(0, 8);
        RestAssured.given().contentType(ContentType.JSON)
                .body("{\"password\":\"" + PASSWORD + "\",\"roles\":[" + quoted(roles) + "]}")
                .put("/_security/user/" + name).then().statusCode(200);
        return name;
    }

    /** Requests as that user, with Kibana's headers. */
    static RequestSpecification as(String user) {
        return RestAssured.given().auth().preemptive().basic(user, PASSWORD).header("kbn-xsrf", "true")
                .contentType(ContentType.JSON);
    }

    /** Requests with the {@code Authorization: ApiKey} header of an encoded key. */
    static RequestSpecification withKey(String encoded) {
        return RestAssured.given().auth().none().header("Authorization", "ApiKey " + encoded)
                .header("kbn-xsrf", "true").contentType(ContentType.JSON);
    }

    private static String quoted(String... values) {
        StringBuilder joined = new StringBuilder();
        for (String value : values) {
            joined.append(joined.isEmpty() ? "" : ",").append('"').append(value).append('"');
        }
        return joined.toString();
    }
}
