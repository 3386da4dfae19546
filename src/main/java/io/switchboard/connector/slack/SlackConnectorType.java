package io.switchboard.connector.slack;

import io.switchboard.connector.ConnectorType.TemplateRenderer.Escape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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

import static io.switchboard.schema.Schemas.object;
import static io.switchboard.schema.Schemas.string;

/** {@code .slack}: posts a message to a Slack incoming webhook, whose URL is the secret. */
@Singleton
public class SlackConnectorType extends BaseConnectorType {

    private final SlackWebhookSender sender;

    public static final String ID = ".slack";
    static final String CONFIGURATION_ERROR = "error configuring slack action: ";

    private static final ObjectSchema CONFIG = object();

    static {
        CONFIG.defaultValue(JsonNodeFactory.instance.objectNode());
    }

    private static final ObjectSchema SECRETS = object("webhookUrl", string());

    private static final Schema PARAMS = object("message", string().minLength(1));

    @Inject
    public SlackConnectorType(HttpEgress egress, ObjectMapper json) {
        super(ID, "Slack", License.GOLD, FeatureIds.ALERTING_UPTIME_SECURITY, CONFIG, SECRETS, PARAMS);
        this.sender = new SlackWebhookSender(egress, json);
    }

    /** The webhook URL must parse and its host must be allowed; the URL itself is quoted, as Kibana does. */
    @Override
    public String checkSecrets(ObjectNode secrets, ValidationContext context) {
        String webhookUrl = secrets.get("webhookUrl").textValue();
        Optional<WhatwgUrl> parsed = WhatwgUrl.parse(webhookUrl);
        if (parsed.isEmpty()) {
            return CONFIGURATION_ERROR + "unable to parse host name from webhookUrl";
        }
        if (!context.allowedHosts().isUrlAllowed(parsed.get())) {
            // The whole webhook URL is the secret: the message names only where it points.
            return CONFIGURATION_ERROR + AllowedHosts.uriNotAllowedMessage(UrlRedaction.originOnly(webhookUrl));
        }
        return null;
    }

    @Override
    public ExecutionResult execute(ExecutionRequest request) {
        return sender.send(request);
    }

    /** As Kibana: only the message, escaped for Slack's text format. */
    @Override
    public JsonNode renderParams(JsonNode params, TemplateRenderer templates) {
        ObjectNode rendered = JsonNodeFactory.instance.objectNode();
        JsonNode message = params.get("message");
        if (message != null) {
            rendered.put("message", message.isTextual()
                    ? templates.render(message.textValue(), Escape.SLACK)
                    : null);
        }
        return rendered;
    }
}
