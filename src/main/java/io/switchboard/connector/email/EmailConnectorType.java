package io.switchboard.connector.email;

import io.switchboard.connector.ConnectorType.TemplateRenderer.Escape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.config.ActionsSettings;
import io.switchboard.connector.BaseConnectorType;
import io.switchboard.connector.ExecutionRequest;
import io.switchboard.connector.ExecutionResult;
import io.switchboard.connector.FailureReason;
import io.switchboard.connector.FeatureIds;
import io.switchboard.connector.License;
import io.switchboard.connector.ValidationContext;
import io.switchboard.egress.CustomHostSettings;
import io.switchboard.egress.EgressSettings;
import io.switchboard.egress.SmtpSessions;
import io.switchboard.schema.ObjectSchema;
import io.switchboard.schema.Schema;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.switchboard.schema.Schemas.arrayOf;
import static io.switchboard.schema.Schemas.bool;
import static io.switchboard.schema.Schemas.nullable;
import static io.switchboard.schema.Schemas.number;
import static io.switchboard.schema.Schemas.object;
import static io.switchboard.schema.Schemas.string;

/**
 * {@code .email}: sends a message over SMTP (a custom host, a service nodemailer knows by name, or Elastic Cloud's
 * relay) or, for service {@code __json}, nowhere (the message is returned). Connectors for Microsoft Exchange (Graph
 * API) can be saved, as in Kibana, but sending through them is not supported: they answer with an error result.
 */
@Singleton
public class EmailConnectorType extends BaseConnectorType {

    public static final String ID = ".email";

    /** Needs {@code host} and {@code port} in the config. */
    static final String SERVICE_OTHER = "other";
    /** Sends through the Microsoft Graph API: needs {@code clientId}, {@code tenantId} and secret {@code clientSecret}. */
    static final String SERVICE_EXCHANGE = "exchange_server";
    /** Elastic Cloud's SMTP relay. */
    static final String SERVICE_ELASTIC_CLOUD = "elastic_cloud";
    static final String ELASTIC_CLOUD_HOST = "dockerhost";
    /** Sends nothing: the execution returns the message as JSON. */
    static final String SERVICE_JSON = "__json";

    static final String DEFAULT_FOOTER_TEXT = "Go to Elastic";

    private static final ObjectSchema CONFIG = object(
            "service", string().defaultValue(text(SERVICE_OTHER)),
            "host", nullable(string()),
            "port", nullable(number().min(1).max(65535)),
            "secure", nullable(bool()),
            "from", string(),
            "hasAuth", bool(true),
            "tenantId", nullable(string()),
            "clientId", nullable(string()),
            "oauthTokenUrl", nullable(string()));

    private static final ObjectSchema SECRETS = object(
            "user", nullable(string()),
            "password", nullable(string()),
            "clientSecret", nullable(string()));

    private static final ObjectSchema PARAMS = object(
            "to", recipients(),
            "cc", recipients(),
            "bcc", recipients(),
            "subject", string(),
            "message", string(),
            // not meant to be set by users: lets a caller point the footer link at a more specific page
            "kibanaFooterLink", object(
                    "path", string().defaultValue(text("/")),
                    "text", string().defaultValue(text(DEFAULT_FOOTER_TEXT)))
                    .defaultValue(JsonNodeFactory.instance.objectNode()
                            .put("path", "/")
                            .put("text", DEFAULT_FOOTER_TEXT)));

    static final String EXCHANGE_NOT_SUPPORTED = "sending email through Microsoft Exchange (Graph API) is not "
            + "supported; use an SMTP service instead";
    private static final int ELASTIC_CLOUD_PORT = 10025;

    private final EmailSender sender;
    private final EmailSettings settings;
    private final Optional<List<String>> domainAllowlist;

    @Inject
    public EmailConnectorType(Config config, EgressSettings egress, ObjectMapper json, ActionsSettings actionsSettings,
                              SmtpSessions sessions) {
        this(EmailSettings.read(config, egress), json, actionsSettings.emailDomainAllowlist(), sessions);
    }

    /** Kibana's default settings and no way to send: for checks that never send. */
    EmailConnectorType() {
        this(EmailSettings.defaults(), new ObjectMapper(), Optional.empty(), null);
    }

    EmailConnectorType(EmailSettings settings, ObjectMapper json, Optional<List<String>> domainAllowlist,
                       SmtpSessions sessions) {
        super(ID, "Email", License.GOLD, FeatureIds.ALERTING_UPTIME_SECURITY, CONFIG, SECRETS, PARAMS);
        this.settings = settings;
        this.domainAllowlist = domainAllowlist;
        this.sender = new EmailSender(sessions, json, settings.footerEnabled(), settings.publicBaseUrl());
    }

    /** Kibana 8.x order: the sender's domain, then what the service needs. */
    @Override
    public String checkConfig(ObjectNode config, ValidationContext context) {
        String from = config.get("from").textValue();
        String invalidFrom = EmailAllowlist.check(context.emailDomainAllowlist(), List.of(from), false);
        if (invalidFrom != null) {
            return "[from]: " + invalidFrom;
        }
        String service = config.get("service").textValue();
        return switch (service) {
            case SERVICE_JSON -> null;
            case SERVICE_EXCHANGE -> checkExchange(config);
            case SERVICE_OTHER -> checkCustomHost(config, context);
            default -> checkWellKnownService(service, context);
        };
    }

    /**
     * Exchange authenticates with a client secret; every other service needs user and password when hasAuth. Kibana
     * runs this on the request's own values, so a config that leaves {@code hasAuth} out is not asked for either.
     */
    @Override
    public String checkConnector(ObjectNode config, ObjectNode secrets) {
        if (SERVICE_EXCHANGE.equals(config.path("service").asText(""))) {
            // Kibana's own checks first, so a client sees the same messages; then the part not built here.
            return isNull(secrets, "clientSecret") ? "[clientSecret] is required" : EXCHANGE_NOT_SUPPORTED;
        }
        if (isTruthy(config.get("hasAuth"))) {
            if (isNull(secrets, "user")) {
                return "[user] is required";
            }
            if (isNull(secrets, "password")) {
                return "[password] is required";
            }
        }
        return null;
    }

    @Override
    public String checkParams(JsonNode params, ValidationContext context) {
        List<String> addresses = new ArrayList<>();
        for (String field : List.of("to", "cc", "bcc")) {
            params.get(field).forEach(address -> addresses.add(address.textValue()));
        }
        if (addresses.isEmpty()) {
            return "no [to], [cc], or [bcc] entries";
        }
        String invalid = EmailAllowlist.check(context.emailDomainAllowlist(), addresses, true);
        return invalid == null ? null : "[to/cc/bcc]: " + invalid;
    }

    /**
     * Sends the message. As Kibana's executor does, addresses are checked against the domain allowlist once more,
     * now without skipping templates, since rendered params are final.
     */
    @Override
    public ExecutionResult execute(ExecutionRequest request) {
        ObjectNode config = request.config();
        JsonNode params = request.params();
        List<String> recipients = new ArrayList<>();
        for (String field : List.of("to", "cc", "bcc")) {
            params.path(field).forEach(address -> recipients.add(address.asText()));
        }
        String invalid = EmailAllowlist.check(domainAllowlist, recipients, false);
        if (invalid != null) {
            return ExecutionResult.failure(FailureReason.VALIDATION, "[to/cc/bcc]: " + invalid, null, null);
        }
        invalid = EmailAllowlist.check(domainAllowlist, List.of(config.get("from").textValue()), false);
        if (invalid != null) {
            return ExecutionResult.failure(FailureReason.VALIDATION, "[from]: " + invalid, null, null);
        }
        // exchange_server never gets here: checkConnector refuses it before any run.
        return SERVICE_JSON.equals(config.get("service").textValue())
                ? sender.describe(request)
                : sender.send(request, smtpServer(config));
    }

    /**
     * The SMTP server of a config that sends over SMTP: {@code other}'s host and port, Elastic Cloud's relay, or the
     * server of a service nodemailer knows.
     */
    SmtpSessions.Target smtpServer(ObjectNode config) {
        String service = config.get("service").textValue();
        return switch (service) {
            case SERVICE_OTHER -> customServer(config);
            case SERVICE_ELASTIC_CLOUD -> withHostSettings(ELASTIC_CLOUD_HOST, ELASTIC_CLOUD_PORT, false);
            default -> WellKnownEmailServices.find(service).map(EmailConnectorType::wellKnownServer)
                    // the config check refuses unknown services, so only a bug reaches this
                    .orElseThrow(() -> new IllegalStateException("unknown email service '" + service + "'"));
        };
    }

    /** {@code other}: the configured host and port; TLS from the first byte when asked, or by default on port 465. */
    private SmtpSessions.Target customServer(ObjectNode config) {
        int port = config.get("port").asInt();
        JsonNode secure = config.get("secure");
        boolean implicitTls = secure == null || secure.isNull() ? port == 465 : secure.asBoolean();
        return withHostSettings(config.get("host").textValue(), port, implicitTls);
    }

    /**
     * A host Kibana addresses by host and port, so {@code customHostSettings} for {@code smtp://host:port} apply:
     * STARTTLS required or ignored (ignoreTLS wins), the CA and the verification mode.
     */
    private SmtpSessions.Target withHostSettings(String host, int port, boolean secure) {
        Optional<CustomHostSettings> custom = settings.smtpHost(host, port);
        CustomHostSettings.Smtp smtp = custom.map(CustomHostSettings::smtp).orElse(null);
        boolean ignoreTls = smtp != null && Boolean.TRUE.equals(smtp.ignoreTLS());
        boolean requireTls = smtp != null && Boolean.TRUE.equals(smtp.requireTLS()) && !ignoreTls;
        return new SmtpSessions.Target(host, port, secure, requireTls, ignoreTls,
                custom.map(CustomHostSettings::ssl).orElse(null));
    }

    private static SmtpSessions.Target wellKnownServer(WellKnownEmailServices.Service service) {
        return new SmtpSessions.Target(service.host(), WellKnownEmailServices.portOf(service), service.secure(),
                service.tls() == WellKnownEmailServices.Tls.STARTTLS_REQUIRED,
                service.tls() == WellKnownEmailServices.Tls.NO_TLS, null);
    }

    /**
     * The SMTP host a named service resolves to: Elastic Cloud's relay or a host nodemailer knows; empty for an
     * unknown service.
     */
    static Optional<String> hostOfService(String service) {
        if (SERVICE_ELASTIC_CLOUD.equals(service)) {
            return Optional.of(ELASTIC_CLOUD_HOST);
        }
        return WellKnownEmailServices.hostOf(service);
    }

    private static String checkExchange(ObjectNode config) {
        boolean noClientId = isNull(config, "clientId");
        boolean noTenantId = isNull(config, "tenantId");
        if (noClientId && noTenantId) {
            return "[clientId]/[tenantId] is required";
        }
        if (noClientId) {
            return "[clientId] is required";
        }
        if (noTenantId) {
            return "[tenantId] is required";
        }
        return null;
    }

    private static String checkCustomHost(ObjectNode config, ValidationContext context) {
        boolean noHost = isNull(config, "host");
        boolean noPort = isNull(config, "port");
        if (noHost && noPort) {
            return "[host]/[port] is required";
        }
        if (noHost) {
            return "[host] is required";
        }
        if (noPort) {
            return "[port] is required";
        }
        String host = config.get("host").textValue();
        if (!context.allowedHosts().isHostnameAllowed(host)) {
            return "[host] value '" + host + "' is not in the allowedHosts configuration";
        }
        return null;
    }

    private static String checkWellKnownService(String service, ValidationContext context) {
        Optional<String> host = hostOfService(service);
        if (host.isEmpty()) {
            return "[service] value '" + service + "' is not valid";
        }
        if (!context.allowedHosts().isHostnameAllowed(host.get())) {
            return "[service] value '" + service + "' resolves to host '" + host.get()
                    + "' which is not in the allowedHosts configuration";
        }
        return null;
    }

    /** JavaScript truthiness of a request value: absent, null, false, 0 and "" are false. */
    private static boolean isTruthy(JsonNode value) {
        if (value == null || value.isNull()) {
            return false;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isNumber()) {
            return value.doubleValue() != 0;
        }
        return !value.isTextual() || !value.textValue().isEmpty();
    }

    private static boolean isNull(JsonNode object, String field) {
        JsonNode value = object.get(field);
        return value == null || value.isNull();
    }

    private static Schema recipients() {
        return arrayOf(string()).defaultValue(JsonNodeFactory.instance.arrayNode());
    }

    private static JsonNode text(String value) {
        return JsonNodeFactory.instance.textNode(value);
    }

    /** As Kibana: every field with no escaping, except the message (Markdown) and an HTML message (HTML). */
    @Override
    public JsonNode renderParams(JsonNode params, TemplateRenderer templates) {
        JsonNode rendered = templates.renderStrings(params);
        if (rendered instanceof ObjectNode fields) {
            renderField(params, fields, "message", Escape.MARKDOWN, templates);
            renderField(params, fields, "messageHTML", Escape.HTML, templates);
        }
        return rendered;
    }

    private static void renderField(JsonNode params, ObjectNode rendered, String field, Escape escape,
                                    TemplateRenderer templates) {
        JsonNode template = params.get(field);
        if (template != null && template.isTextual()) {
            rendered.put(field, templates.render(template.textValue(), escape));
        }
    }
}
