package io.switchboard.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.schema.ObjectSchema;
import io.switchboard.schema.Schema;

import java.util.List;

/**
 * One kind of connector ({@code .slack}, {@code .index}, ...): its identity, the schemas of its config, secrets and
 * params, and the checks that go beyond a schema. Implementations are stateless CDI beans, one package per type,
 * discovered at build time; they are called concurrently from request threads.
 *
 * <p>Checks return a failure reason, or {@code null} when the value is acceptable; they never throw for invalid
 * input. The framework prefixes the reason as Kibana does ({@code error validating action type config: ...}).
 */
public interface ConnectorType {

    /** The type id, e.g. {@code .webhook}. */
    String id();

    /** The display name, e.g. {@code Webhook}. */
    String name();

    License minimumLicense();

    /** Feature ids in Kibana's order, e.g. {@code [alerting, uptime, siem]}. */
    List<String> supportedFeatureIds();

    ObjectSchema configSchema();

    ObjectSchema secretsSchema();

    Schema paramsSchema();

    /** Checks the schema-valid config, e.g. that its URLs are allowed. */
    default String checkConfig(ObjectNode config, ValidationContext context) {
        return null;
    }

    /** Checks the schema-valid secrets. */
    default String checkSecrets(ObjectNode secrets, ValidationContext context) {
        return null;
    }

    /**
     * Checks config and secrets together (cross-field rules). As in Kibana, this sees the values as given (a stored
     * connector's, or a request's before schema defaults), not the validated ones.
     */
    default String checkConnector(ObjectNode config, ObjectNode secrets) {
        return null;
    }

    /** Checks the schema-valid params. */
    default String checkParams(JsonNode params, ValidationContext context) {
        return null;
    }

    /**
     * Runs the connector once with validated input. Called concurrently, on threads that may block; must finish by
     * {@link ExecutionRequest#deadline()}. Failures are returned as results, never thrown: an exception is a bug and
     * is reported as Kibana's generic {@code an error occurred while running the action}.
     */
    default ExecutionResult execute(ExecutionRequest request) {
        return ExecutionResult.failure(FailureReason.UNEXPECTED,
                "running " + id() + " connectors is not supported yet", null, Retry.NO);
    }

    /**
     * Renders the Mustache templates in params queued by a rule, with the rule's variables, as Kibana's
     * {@code renderParameterTemplates} does for this type. By default every string, at any depth, is rendered with no
     * escaping; types whose fields land in a format of their own (Slack text, a JSON body, Markdown) override this.
     * Never throws for a bad template: the field renders the error text instead.
     */
    default JsonNode renderParams(JsonNode params, TemplateRenderer templates) {
        return templates.renderStrings(params);
    }

    /** Mustache rendering with a rule's variables already bound; thread-confined, used for one set of params. */
    interface TemplateRenderer {

        /** How a {@code {{value}}} is escaped for the field it lands in; {@code {{{value}}}} is never escaped. */
        enum Escape { NONE, JSON, MARKDOWN, SLACK, HTML }

        /** Renders one template; null stays null. */
        String render(String template, Escape escape);

        /** A copy of the value with every string leaf rendered with no escaping; other values are kept. */
        JsonNode renderStrings(JsonNode value);
    }
}
