package io.switchboard.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.util.Map;
import java.util.TreeSet;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenAPI document lists every route the application's resources serve, each space-scoped one also in a space. */
@QuarkusTest
class OpenApiDocumentTest {

    @Test
    void everyServedRouteIsDescribed() throws Exception {
        JsonPath document = JsonPath.from(RestAssured.given().get("/q/openapi?format=json")
                .then().statusCode(200).extract().asString());
        Map<String, Map<String, Object>> paths = document.getMap("paths");
        Set<String> described = new TreeSet<>();
        paths.forEach((path, operations) -> operations.keySet().stream().filter(key -> !key.equals("parameters"))
                .forEach(method -> described.add(method.toUpperCase() + " " + path)));

        Set<String> served = servedRoutes();
        assertTrue(served.size() > 20, "the resources were found: " + served);
        Set<String> missing = new TreeSet<>();
        for (String route : served) {
            String path = route.substring(route.indexOf(' ') + 1);
            String method = route.substring(0, route.indexOf(' '));
            if (!described.contains(route)) {
                missing.add(route);
            }
            if (OpenApiDocument.spaceScoped(path) && !described.contains(method + " /s/{space_id}" + path)) {
                missing.add(method + " /s/{space_id}" + path);
            }
        }
        assertEquals(Set.of(), missing, "routes served but not described");
        assertTrue(document.getMap("components.securitySchemes").keySet().containsAll(Set.of("basicAuth", "apiKeyAuth")));
    }

    @Test
    void requestBodiesAreDescribedWithKibanasFieldNames() {
        JsonPath document = JsonPath.from(RestAssured.given().get("/q/openapi?format=json")
                .then().statusCode(200).extract().asString());
        Map<String, Map<String, Object>> paths = document.getMap("paths");
        Set<String> undescribed = new TreeSet<>();
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            Object body = operation instanceof Map<?, ?> fields ? fields.get("requestBody") : null;
            if (body != null && !body.toString().contains("application/json")) {
                undescribed.add(method.toUpperCase() + " " + path + " " + body);
            }
        }));
        assertEquals(Set.of(), undescribed, "bodies described only as text");
        String create = "paths.'/api/actions/connector/{id}'.post.requestBody.content.'application/json'.schema";
        assertEquals(Set.of("name", "connector_type_id", "config", "secrets"),
                document.getMap(create + ".properties").keySet());
        assertEquals(java.util.List.of("name", "connector_type_id"), document.getList(create + ".required"));
        String inSpace = "paths.'/s/{space_id}/api/actions/connector/{id}/_execute'.post.requestBody.content."
                + "'application/json'.schema";
        assertEquals(java.util.List.of("params"), document.getList(inSpace + ".required"));
        String role = "paths.'/api/security/role/{name}'.put.requestBody.content.'application/json'.schema";
        assertTrue(document.getMap(role + ".properties").keySet().containsAll(Set.of("elasticsearch", "kibana")));
    }

    @Test
    void theDocumentAndItsBrowserNeedCredentials() {
        RestAssured.given().auth().none().get("/q/openapi").then().statusCode(401);
        RestAssured.given().get("/q/swagger-ui/").then().statusCode(200);
    }

    /** {@code METHOD /path} of every resource method under {@code io.switchboard}, read from the compiled classes. */
    private static Set<String> servedRoutes() throws IOException, URISyntaxException, ClassNotFoundException {
        java.nio.file.Path classes = java.nio.file.Path.of(OpenApiDocument.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI());
        Set<String> routes = new TreeSet<>();
        try (Stream<java.nio.file.Path> files = Files.walk(classes)) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceFirst("\\.class$", "");
                Class<?> type = Class.forName(name, false, OpenApiDocumentTest.class.getClassLoader());
                Path root = type.getAnnotation(Path.class);
                if (root == null) {
                    continue;
                }
                for (Method method : type.getDeclaredMethods()) {
                    String verb = verb(method);
                    if (verb != null) {
                        Path sub = method.getAnnotation(Path.class);
                        routes.add(verb + " " + join(root.value(), sub == null ? "" : sub.value()));
                    }
                }
            }
        }
        return routes;
    }

    private static String verb(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return verb.value();
            }
        }
        return null;
    }

    private static String join(String root, String sub) {
        String path = ("/" + root + "/" + sub).replaceAll("/+", "/");
        path = path.replaceAll("\\{([^}:]+):[^}]*}", "{$1}");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
