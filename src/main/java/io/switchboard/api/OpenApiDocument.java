package io.switchboard.api;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.Paths;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import java.util.Map;
import java.util.TreeMap;

/**
 * Completes the generated OpenAPI document ({@code /q/openapi}) with what annotations cannot say: every space-scoped
 * route also answers under Kibana's {@code /s/{space_id}} prefix (see {@link SpaceRouting}), and every route but
 * {@code /q/health} needs Basic or ApiKey credentials.
 */
public class OpenApiDocument implements OASFilter {

    static final String SPACE_PREFIX = "/s/{space_id}";
    private static final String BASIC = "basicAuth";
    private static final String API_KEY = "apiKeyAuth";

    /** Routes whose objects live in a space; the others (security, audit, key rotation) are global as in Kibana. */
    static boolean spaceScoped(String path) {
        return path.startsWith("/api/actions") || path.startsWith("/internal/actions");
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        describeRequestBodies(openAPI.getPaths());
        addSpacePrefixedRoutes(openAPI.getPaths());
        addCredentials(openAPI);
    }

    /** Replaces the generator's {@code string} bodies (resources read their bodies as text) with their JSON schemas. */
    private static void describeRequestBodies(Paths paths) {
        if (paths == null || paths.getPathItems() == null) {
            return;
        }
        RequestBodyDescriptions.all().forEach((route, schema) -> {
            String method = route.substring(0, route.indexOf(' '));
            PathItem item = paths.getPathItem(route.substring(method.length() + 1));
            Operation operation = item == null ? null : item.getOperations().get(PathItem.HttpMethod.valueOf(method));
            if (operation != null) {
                operation.setRequestBody(OASFactory.createRequestBody().required(!method.equals("DELETE"))
                        .content(OASFactory.createContent().addMediaType("application/json",
                                OASFactory.createMediaType().schema(schema))));
            }
        });
    }

    private static void addSpacePrefixedRoutes(Paths paths) {
        if (paths == null || paths.getPathItems() == null) {
            return;
        }
        Map<String, PathItem> prefixed = new TreeMap<>();
        paths.getPathItems().forEach((path, item) -> {
            if (spaceScoped(path)) {
                PathItem inSpace = OASFactory.createPathItem().addParameter(spaceIdParameter());
                item.getOperations().forEach(inSpace::setOperation);
                prefixed.put(SPACE_PREFIX + path, inSpace);
            }
        });
        prefixed.forEach(paths::addPathItem);
    }

    private static Parameter spaceIdParameter() {
        return OASFactory.createParameter().name("space_id").in(Parameter.In.PATH).required(true)
                .description("The space the connectors belong to; without the prefix, the space is `default`.")
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING));
    }

    private static void addCredentials(OpenAPI openAPI) {
        Components components = openAPI.getComponents() == null ? OASFactory.createComponents()
                : openAPI.getComponents();
        components.addSecurityScheme(BASIC, OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP)
                .scheme("basic").description("A user's name and password."));
        components.addSecurityScheme(API_KEY, OASFactory.createSecurityScheme().type(SecurityScheme.Type.APIKEY)
                .in(SecurityScheme.In.HEADER).name("Authorization")
                .description("`ApiKey <encoded>`: the `encoded` value that `POST /_security/api_key` answers."));
        openAPI.setComponents(components);
        openAPI.addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme(BASIC));
        openAPI.addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme(API_KEY));
    }
}
