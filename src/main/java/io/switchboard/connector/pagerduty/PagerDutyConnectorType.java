package io.switchboard.connector.pagerduty;

import com.fasterxml.jackson.databind.JsonNode;
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

import java.util.Set;

import static io.switchboard.schema.Schemas.any;
import static io.switchboard.schema.Schemas.arrayOf;
import static io.switchboard.schema.Schemas.maybe;
import static io.switchboard.schema.Schemas.nullable;
import static io.switchboard.schema.Schemas.object;
import static io.switchboard.schema.Schemas.oneOfLiterals;
import static io.switchboard.schema.Schemas.recordOf;
import static io.switchboard.schema.Schemas.string;

/** {@code .pagerduty}: sends events to the PagerDuty Events API v2. */
@Singleton
public class PagerDutyConnectorType extends BaseConnectorType {

    private final PagerDutyEventSender sender;

    public static final String ID = ".pagerduty";
    public static final String DEFAULT_API_URL = "https://events.pagerduty.com/v2/enqueue";

    static final String EVENT_ACTION_TRIGGER = "trigger";
    static final Set<String> EVENT_ACTIONS_NEEDING_DEDUP_KEY = Set.of("resolve", "acknowledge");

    private static final ObjectSchema CONFIG = object("apiUrl", nullable(string()));

    private static final ObjectSchema SECRETS = object("routingKey", string());

    private static final Schema PARAMS = object(
            "eventAction", maybe(oneOfLiterals(EVENT_ACTION_TRIGGER, "resolve", "acknowledge")),
            "dedupKey", maybe(string().maxLength(255)),
            "summary", maybe(string().maxLength(1024)),
            "source", maybe(string()),
            "severity", maybe(oneOfLiterals("critical", "error", "warning", "info")),
            "timestamp", maybe(string()),
            "component", maybe(string()),
            "group", maybe(string()),
            "class", maybe(string()),
            "links", maybe(arrayOf(object("href", string(), "text", string()))),
            "customDetails", maybe(recordOf(string(), any())))
            .validator(PagerDutyConnectorType::paramsFailure);

    @Inject
    public PagerDutyConnectorType(HttpEgress egress, ObjectMapper json) {
        super(ID, "PagerDuty", License.GOLD, FeatureIds.ALERTING_UPTIME_SECURITY, CONFIG, SECRETS, PARAMS);
        this.sender = new PagerDutyEventSender(egress, json);
    }

    /** The URL events go to: the configured one, or PagerDuty's when it is null or empty. */
    public static String apiUrl(JsonNode config) {
        JsonNode apiUrl = config.get("apiUrl");
        return apiUrl == null || !apiUrl.isTextual() || apiUrl.textValue().isEmpty()
                ? DEFAULT_API_URL
                : apiUrl.textValue();
    }

    @Override
    public String checkConfig(ObjectNode config, ValidationContext context) {
        String apiUrl = apiUrl(config);
        if (!context.allowedHosts().isUriAllowed(apiUrl)) {
            return "error configuring pagerduty action: " + AllowedHosts.uriNotAllowedMessage(apiUrl);
        }
        return null;
    }

    /** The timestamp trimmed as JavaScript trims it, or null when there is none to send. */
    static String timestamp(JsonNode params) {
        JsonNode timestamp = params.get("timestamp");
        if (timestamp == null || !timestamp.isTextual()) {
            return null;
        }
        String trimmed = Timestamps.trim(timestamp.textValue());
        return trimmed.isEmpty() ? null : trimmed;
    }

    private static String paramsFailure(JsonNode params) {
        String timestamp = timestamp(params);
        if (timestamp != null && Timestamps.parse(timestamp).isEmpty()) {
            return "error parsing timestamp \"" + params.get("timestamp").textValue() + "\"";
        }
        JsonNode eventAction = params.get("eventAction");
        JsonNode dedupKey = params.get("dedupKey");
        if (eventAction != null && EVENT_ACTIONS_NEEDING_DEDUP_KEY.contains(eventAction.textValue())
                && (dedupKey == null || dedupKey.textValue().isEmpty())) {
            return "DedupKey is required when eventAction is \"" + eventAction.textValue() + "\"";
        }
        return null;
    }

    @Override
    public ExecutionResult execute(ExecutionRequest request) {
        return sender.send(request);
    }
}
