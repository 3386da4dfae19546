package io.switchboard.connector.webhook;

import io.switchboard.connector.ConnectorType.TemplateRenderer.Escape;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.connector.BaseConnectorType;
import io.switchboard.connector.ExecutionRequest;
import io.switchboard.connector.ExecutionResult;
import io.switchboard.connector.FeatureIds;
import io.switchboard.connector.License;
import io.switchboard.connector.ValidationContext;
import io.switchboard.egress.AllowedHosts;
import io.switchboard.egress.HttpEgress;
import io.switchboard.egress.UrlRedaction;
import io.switchboard.schema.ObjectSchema;
import io.switchboard.schema.Schema;
import io.switchboard.url.WhatwgUrl;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.Optional;

import static io.switchboard.schema.Schemas.any;
import static io.switchboard.schema.Schemas.bool;
import static io.switchboard.schema.Schemas.literal;
import static io.switchboard.schema.Schemas.maybe;
import static io.switchboard.schema.Schemas.nullable;
import static io.switchboard.schema.Schemas.object;
import static io.switchboard.schema.Schemas.oneOf;
import static io.switchboard.schema.Schemas.oneOfLiterals;
import static io.switchboard.schema.Schemas.recordOf;
import static io.switchboard.schema.Schemas.string;

/** {@code .webhook}: sends {@code params.body} to a configured URL, optionally with basic auth or a client cert. */
@Singleton
public class WebhookConnectorType extends BaseConnectorType {

    private final WebhookCaller caller;

    public static final String ID = ".webhook";

    static final String AUTH_BASIC = "webhook-authentication-basic";
    static final String AUTH_SSL = "webhook-authentication-ssl";
    static final String CERT_CRT_KEY = "ssl-crt-key";
    static final String CERT_PFX = "ssl-pfx";

    private static final String CONFIG_ERROR = "error configuring webhook action: ";
    static final String SECRETS_COMBINATION = "must specify one of the following schemas: user and password; "
            + "crt and key (with optional password); or pfx (with optional password)";

    private static final ObjectSchema CONFIG = object(
            "url", string(),
            // Kibana 8.x allows post and put; newer versions add patch, get and delete
            "method", oneOfLiterals("post", "put", "patch", "get", "delete").defaultValue(literal("post").expected()),
            "headers", nullable(recordOf(string(), string())),
            "hasAuth", bool(true),
            // no default: connectors saved before authType existed mean basic auth when hasAuth is true
            "authType", maybe(oneOf(literal(AUTH_BASIC), literal(AUTH_SSL), nullLiteral())),
            "certType", maybe(oneOfLiterals(CERT_CRT_KEY, CERT_PFX)),
            "ca", maybe(string()),
            "verificationMode", maybe(oneOfLiterals("none", "certificate", "full")));

    private static final ObjectSchema SECRETS = (ObjectSchema) object(
            "user", nullable(string()),
            "password", nullable(string()),
            "crt", nullable(string()),
            "key", nullable(string()),
            "pfx", nullable(string()))
            .validator(WebhookConnectorType::checkSecretsCombination);

    private static final ObjectSchema PARAMS = object(
            "body", maybe(string()));

    @Inject
    public WebhookConnectorType(HttpEgress egress, ObjectMapper json) {
        super(ID, "Webhook", License.GOLD, FeatureIds.ALERTING_UPTIME_SECURITY, CONFIG, SECRETS, PARAMS);
        this.caller = new WebhookCaller(egress, json);
    }

    @Override
    public String checkConfig(ObjectNode config, ValidationContext context) {
        String url = config.get("url").textValue();
        Optional<WhatwgUrl> parsed = WhatwgUrl.parse(url);
        if (parsed.isEmpty()) {
            return CONFIG_ERROR + "unable to parse url: " + WhatwgUrl.failure(UrlRedaction.withoutUserinfo(url));
        }
        if (!context.allowedHosts().isUrlAllowed(parsed.get())) {
            return CONFIG_ERROR + AllowedHosts.uriNotAllowedMessage(url);
        }
        if (isSet(config.get("authType")) && !config.get("hasAuth").booleanValue()) {
            return CONFIG_ERROR + "authType must be null or undefined if hasAuth is false";
        }
        return null;
    }

    /**
     * Credentials come as nothing, user and password, crt and key (password optional), or pfx (password optional).
     * Empty strings count as absent, as in Kibana.
     */
    private static String checkSecretsCombination(JsonNode secrets) {
        boolean user = isSet(secrets.get("user"));
        boolean password = isSet(secrets.get("password"));
        boolean crt = isSet(secrets.get("crt"));
        boolean key = isSet(secrets.get("key"));
        boolean pfx = isSet(secrets.get("pfx"));
        boolean none = !user && !password && !crt && !key && !pfx;
        boolean basic = user && password && !crt && !key && !pfx;
        boolean crtAndKey = crt && key && !user && !pfx;
        boolean pfxOnly = pfx && !user && !crt && !key;
        return none || basic || crtAndKey || pfxOnly ? null : SECRETS_COMBINATION;
    }

    /** JavaScript truthiness of an optional string: present, not null and not empty. */
    private static boolean isSet(JsonNode value) {
        return value != null && value.isTextual() && !value.textValue().isEmpty();
    }

    /**
     * {@code schema.literal(null)} inside a one-of: accepts only null and fails with config-schema's literal message.
     * The surrounding {@code maybe} handles an absent key before this is reached.
     */
    private static Schema nullLiteral() {
        return any().validator(value -> value.isNull() ? null : "expected value to equal [null]");
    }

    @Override
    public ExecutionResult execute(ExecutionRequest request) {
        return caller.call(request);
    }

    /** As Kibana: the body, escaped as JSON string content; params without a body are left as they are. */
    @Override
    public JsonNode renderParams(JsonNode params, TemplateRenderer templates) {
        JsonNode body = params.get("body");
        if (body == null || !body.isTextual() || body.textValue().isEmpty()) {
            return params;
        }
        return JsonNodeFactory.instance.objectNode().put("body", templates.render(body.textValue(), Escape.JSON));
    }
}
