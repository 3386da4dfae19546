package io.switchboard.connector.jira;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.connector.BaseConnectorType;
import io.switchboard.connector.FeatureIds;
import io.switchboard.connector.License;
import io.switchboard.connector.ValidationContext;
import io.switchboard.egress.AllowedHosts;
import io.switchboard.schema.ObjectSchema;
import io.switchboard.schema.Schema;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.connector.ExecutionRequest;
import io.switchboard.connector.ExecutionResult;
import io.switchboard.egress.HttpEgress;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static io.switchboard.schema.Schemas.any;
import static io.switchboard.schema.Schemas.arrayOf;
import static io.switchboard.schema.Schemas.literal;
import static io.switchboard.schema.Schemas.nullable;
import static io.switchboard.schema.Schemas.object;
import static io.switchboard.schema.Schemas.oneOf;
import static io.switchboard.schema.Schemas.recordOf;
import static io.switchboard.schema.Schemas.string;

/** {@code .jira}: creates and updates Jira issues, and reads the metadata the Cases UI needs. */
@Singleton
public class JiraConnectorType extends BaseConnectorType {

    public static final String ID = ".jira";
    static final int MAX_OTHER_FIELDS = 20;

    /** JavaScript's {@code \s}: any space, tab, line break or Unicode space separator. */
    private static final Pattern WHITESPACE = Pattern.compile(
            "[\\t\\n\\u000B\\f\\r \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF]");

    private static final ObjectSchema CONFIG = object("apiUrl", string(), "projectKey", string());

    private static final ObjectSchema SECRETS = object("email", string(), "apiToken", string());

    private static final Schema PARAMS = oneOf(
            subAction("getFields", object()),
            subAction("getIncident", object("externalId", string())),
            subAction("handshake", object()),
            subAction("pushToService", pushToServiceParams()),
            subAction("issueTypes", object()),
            subAction("fieldsByIssueType", object("id", string())),
            subAction("issues", object("title", string())),
            subAction("issue", object("id", string())));

    private static Schema subAction(String name, Schema params) {
        return object("subAction", literal(name), "subActionParams", params);
    }

    private static Schema pushToServiceParams() {
        Map<String, Schema> incident = new LinkedHashMap<>();
        incident.put("summary", string());
        incident.put("description", nullable(string()));
        incident.put("externalId", nullable(string()));
        incident.put("issueType", nullable(string()));
        incident.put("priority", nullable(string()));
        incident.put("labels", nullable(arrayOf(string().validator(label -> WHITESPACE.matcher(label.textValue()).find()
                ? "The label " + label.textValue() + " cannot contain spaces"
                : null))));
        incident.put("parent", nullable(string()));
        incident.put("otherFields", null);
        List<String> incidentProperties = List.copyOf(incident.keySet());
        incident.put("otherFields", nullable(recordOf(
                string().validator(key -> incidentProperties.contains(key.textValue())
                        ? "The following properties cannot be defined inside otherFields: " + key.textValue() + "."
                        : null),
                any()).validator(fields -> fields.size() > MAX_OTHER_FIELDS
                        ? "A maximum of " + MAX_OTHER_FIELDS + " fields in otherFields can be defined at a time."
                        : null)));
        return object(
                "incident", object(incident),
                "comments", nullable(arrayOf(object("comment", string(), "commentId", string()))));
    }

    private final JiraService service;

    @Inject
    public JiraConnectorType(HttpEgress egress, ObjectMapper json) {
        super(ID, "Jira", License.GOLD,
                List.of(FeatureIds.ALERTING, FeatureIds.CASES, FeatureIds.UPTIME, FeatureIds.SECURITY),
                CONFIG, SECRETS, PARAMS);
        this.service = new JiraService(egress, json);
    }

    @Override
    public String checkConfig(ObjectNode config, ValidationContext context) {
        String apiUrl = config.get("apiUrl").textValue();
        if (!context.allowedHosts().isUriAllowed(apiUrl)) {
            return "error configuring connector action: " + AllowedHosts.uriNotAllowedMessage(apiUrl);
        }
        return null;
    }

    @Override
    public ExecutionResult execute(ExecutionRequest request) {
        return service.run(request);
    }
}
