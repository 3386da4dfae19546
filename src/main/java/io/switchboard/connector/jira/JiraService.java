package io.switchboard.connector.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.switchboard.connector.ExecutionRequest;
import io.switchboard.connector.ExecutionResult;
import io.switchboard.connector.FailureReason;
import io.switchboard.connector.Retry;
import io.switchboard.egress.HttpEgress;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Runs the sub-actions of Kibana's {@code .jira} connector against Jira's REST API v2.
 *
 * <p>Kibana's Jira executor throws on every failure, so its framework answers
 * {@code message: "an error occurred while running the action"}, {@code retry: true} and the thrown text as
 * {@code service_message}, for instance {@code [Action][Jira]: Unable to create incident. Error: Request failed
 * with status code 400. Reason: Field 'priority' cannot be set.}. Here those outcomes are returned as values of the
 * same shape; the failure reason says what went wrong for the metrics.
 *
 * <p>Stateless and safe to call concurrently; {@link #run} blocks on the egress client (call it from a virtual or
 * worker thread) and stops at the request's deadline.
 */
public final class JiraService {

    static final String GENERIC_FAILURE = "an error occurred while running the action";
    private static final String NAME = "Jira";
    private static final List<String> SUB_ACTIONS = List.of("getFields", "getIncident", "handshake",
            "pushToService", "issueTypes", "fieldsByIssueType", "issues", "issue");

    private final HttpEgress egress;
    private final ObjectMapper json;

    public JiraService(HttpEgress egress, ObjectMapper json) {
        this.egress = egress;
        this.json = json;
    }

    /** Runs one validated Jira params object ({@code {subAction, subActionParams}}) for a connector. */
    public ExecutionResult run(ExecutionRequest request) {
        JsonNode apiUrl = Js.readOptional(request.config(), "apiUrl");
        JsonNode projectKey = Js.readOptional(request.config(), "projectKey");
        JsonNode email = Js.readOptional(request.secrets(), "email");
        JsonNode apiToken = Js.readOptional(request.secrets(), "apiToken");
        if (!Js.truthy(apiUrl) || !Js.truthy(projectKey) || !Js.truthy(email) || !Js.truthy(apiToken)) {
            return thrown(FailureReason.VALIDATION, "[Action][" + NAME + "]: Wrong configuration.", 0);
        }
        String subAction = Js.string(Js.readOptional(request.params(), "subAction"));
        JsonNode subActionParams = Js.readOptional(request.params(), "subActionParams");
        if (!SUB_ACTIONS.contains(subAction)) {
            return thrown(FailureReason.VALIDATION,
                    "[Action][ExternalService] Unsupported subAction type " + subAction + ".", 0);
        }
        if (subAction.equals("handshake")) {
            // Nothing to call: the connector's configuration already validated.
            return ExecutionResult.success(json.createObjectNode());
        }
        String url = Js.string(apiUrl);
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        JiraHttp http = new JiraHttp(egress, json, Js.string(email), Js.string(apiToken), request.deadline());
        Calls calls = new Calls(base, Js.string(projectKey), http);
        try {
            JsonNode data = switch (subAction) {
                case "getIncident" -> calls.getIncident(Js.string(Js.readOptional(subActionParams, "externalId")));
                case "pushToService" -> calls.pushToService(subActionParams);
                case "issueTypes" -> calls.getIssueTypes();
                case "fieldsByIssueType" -> calls.getFieldsByIssueType(
                        Js.string(Js.readOptional(subActionParams, "id")));
                case "getFields" -> calls.getFields();
                case "issues" -> calls.getIssues(Js.readOptional(subActionParams, "title"));
                case "issue" -> calls.getIssue(Js.string(Js.readOptional(subActionParams, "id")));
                default -> throw new IllegalStateException("unhandled Jira sub-action " + subAction);
            };
            return ExecutionResult.success(data).withRequestBodyBytes(http.requestBodyBytes());
        } catch (JiraFailure failure) {
            return thrown(failure.reason(), failure.getMessage(), http.requestBodyBytes());
        }
    }

    private static ExecutionResult thrown(FailureReason reason, String serviceMessage, long requestBodyBytes) {
        return ExecutionResult.failure(reason, GENERIC_FAILURE, serviceMessage, Retry.YES)
                .withErrorSource(ExecutionResult.ErrorSource.FRAMEWORK)
                .withRequestBodyBytes(requestBodyBytes);
    }

    /** Kibana's {@code createErrorMessage}: what the peer said went wrong, from its error body. */
    static String reasonOf(JiraFailure failure) {
        JsonNode response = failure.responseData();
        if (response == null || response.isNull()) {
            return "unknown: errorResponse was null";
        }
        JsonNode errorMessages = Js.readOptional(response, "errorMessages");
        if (errorMessages.isArray() && !errorMessages.isEmpty()) {
            List<String> messages = new ArrayList<>();
            errorMessages.forEach(message -> messages.add(Js.joinElement(message)));
            return String.join(", ", messages);
        }
        JsonNode errors = Js.readOptional(response, "errors");
        if (Js.isUndefined(errors) || errors.isNull()) {
            return "unknown: errorResponse.errors was null";
        }
        // Values joined by a space, with JavaScript's quirk kept: an accumulator without a length is replaced.
        JsonNode joined = TextNode.valueOf("");
        for (JsonNode value : entryValues(errors)) {
            int length = joined.isTextual() ? joined.textValue().length() : joined.isArray() ? joined.size() : -1;
            joined = length > 0 ? TextNode.valueOf(Js.string(joined) + " " + Js.string(value)) : value;
        }
        return Js.string(joined);
    }

    /** The values {@code Object.entries} yields. */
    private static List<JsonNode> entryValues(JsonNode value) {
        List<JsonNode> values = new ArrayList<>();
        if (value.isObject() || value.isArray()) {
            value.elements().forEachRemaining(values::add);
        } else if (value.isTextual()) {
            value.textValue().chars().forEach(c -> values.add(TextNode.valueOf(String.valueOf((char) c))));
        }
        return values;
    }

    /** The calls of one execution, one method per operation of Kibana's Jira service. */
    private static final class Calls {

        private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

        private final String base;
        private final String projectKey;
        private final JiraHttp http;
        private final String incidentUrl;

        Calls(String base, String projectKey, JiraHttp http) {
            this.base = base;
            this.projectKey = projectKey;
            this.http = http;
            this.incidentUrl = base + "/rest/api/2/issue";
        }

        private static JiraFailure wrap(String context, JiraFailure cause) {
            return wrap(context, cause, ".");
        }

        /** Kibana rethrows with the step's context; the reason of the innermost failure is kept. */
        private static JiraFailure wrap(String context, JiraFailure cause, String afterError) {
            return new JiraFailure("[Action][" + NAME + "]: " + context + ". Error: " + cause.getMessage()
                    + afterError + " Reason: " + reasonOf(cause), null, cause.reason());
        }

        JsonNode pushToService(JsonNode params) throws JiraFailure {
            JsonNode incident = Js.read(params, "incident");
            ObjectNode rest = NODES.objectNode();
            if (incident.isObject()) {
                incident.properties().forEach(field -> {
                    if (!field.getKey().equals("externalId")) {
                        rest.set(field.getKey(), field.getValue());
                    }
                });
            }
            JsonNode externalId = Js.read(incident, "externalId");
            ObjectNode result = Js.isUndefined(externalId) || externalId.isNull()
                    ? createIncident(rest)
                    : updateIncident(Js.string(externalId), rest);
            JsonNode comments = Js.readOptional(params, "comments");
            if (comments.isArray() && !comments.isEmpty()) {
                ArrayNode pushed = result.putArray("comments");
                for (JsonNode comment : comments) {
                    if (!Js.truthy(Js.read(comment, "comment"))) {
                        continue;
                    }
                    ObjectNode created = createComment(Js.string(result.get("id")), comment);
                    ObjectNode entry = pushed.addObject();
                    setDefined(entry, "commentId", created.get("commentId"));
                    entry.set("pushedDate", created.get("pushedDate"));
                }
            }
            return result;
        }

        ObjectNode getIncident(String id) throws JiraFailure {
            try {
                JsonNode data = http.call("GET", incidentUrl + "/" + id, null, "id", "key");
                JsonNode fields = Js.read(data, "fields");
                ObjectNode incident = NODES.objectNode();
                setDefined(incident, "id", Js.read(data, "id"));
                setDefined(incident, "key", Js.read(data, "key"));
                setDefined(incident, "created", Js.read(fields, "created"));
                setDefined(incident, "updated", Js.read(fields, "updated"));
                if (fields.isObject()) {
                    fields.properties().forEach(field -> incident.set(field.getKey(), field.getValue()));
                }
                return incident;
            } catch (JiraFailure failure) {
                // Kibana's text for this one step has no full stop after the error.
                throw wrap("Unable to get incident with id " + id, failure, "");
            }
        }

        private ObjectNode createIncident(ObjectNode incident) throws JiraFailure {
            JsonNode issueType = Js.readOptional(incident, "issueType");
            if (!Js.truthy(issueType)) {
                ArrayNode issueTypes = getIssueTypes();
                JsonNode first = issueTypes.isEmpty() ? null : Js.readOptional(issueTypes.get(0), "id");
                issueType = first == null ? TextNode.valueOf("") : Js.orElse(first, TextNode.valueOf(""));
            }
            ObjectNode withType = incident.deepCopy();
            withType.set("issueType", issueType);
            ObjectNode fields = createFields(withType);
            try {
                ObjectNode body = NODES.objectNode();
                body.set("fields", fields);
                JsonNode created = http.call("POST", incidentUrl, body, "id");
                ObjectNode issue = getIncident(Js.string(created.get("id")));
                return pushResult(issue, Js.readOptional(issue, "created"));
            } catch (JiraFailure failure) {
                throw wrap("Unable to create incident", failure);
            }
        }

        private ObjectNode updateIncident(String incidentId, ObjectNode incident) throws JiraFailure {
            ObjectNode withoutNulls = NODES.objectNode();
            incident.properties().forEach(field -> {
                if (!field.getValue().isNull()) {
                    withoutNulls.set(field.getKey(), field.getValue());
                }
            });
            ObjectNode fields = createFields(withoutNulls);
            try {
                ObjectNode body = NODES.objectNode();
                body.set("fields", fields);
                http.call("PUT", incidentUrl + "/" + incidentId, body);
                ObjectNode issue = getIncident(incidentId);
                return pushResult(issue, Js.readOptional(issue, "updated"));
            } catch (JiraFailure failure) {
                throw wrap("Unable to update incident with id " + incidentId, failure);
            }
        }

        private ObjectNode pushResult(ObjectNode issue, JsonNode date) throws JiraFailure {
            ObjectNode result = NODES.objectNode();
            JsonNode key = Js.readOptional(issue, "key");
            setDefined(result, "title", key);
            setDefined(result, "id", Js.readOptional(issue, "id"));
            result.put("pushedDate", iso(date));
            result.put("url", base + "/browse/" + Js.string(key));
            return result;
        }

        private ObjectNode createComment(String incidentId, JsonNode comment) throws JiraFailure {
            try {
                ObjectNode body = NODES.objectNode();
                setDefined(body, "body", Js.readOptional(comment, "comment"));
                JsonNode created = http.call("POST", incidentUrl + "/" + incidentId + "/comment", body,
                        "id", "created");
                ObjectNode result = NODES.objectNode();
                setDefined(result, "commentId", Js.readOptional(comment, "commentId"));
                setDefined(result, "externalCommentId", created.get("id"));
                result.put("pushedDate", iso(created.get("created")));
                return result;
            } catch (JiraFailure failure) {
                throw wrap("Unable to create comment at incident with id " + incidentId, failure);
            }
        }

        ArrayNode getIssueTypes() throws JiraFailure {
            try {
                JsonNode data = http.call("GET", base + "/rest/api/2/issue/createmeta/" + projectKey
                        + "/issuetypes", null);
                if (data.isNull()) {
                    throw JiraFailure.invalidResponse(
                            "Cannot destructure property 'issueTypes' of 'res.data' as it is null.");
                }
                // Cloud answers issueTypes, Data Center values.
                JsonNode issueTypes = either(Js.readOptional(data, "issueTypes"), Js.readOptional(data, "values"),
                        "(issueTypes || values)", "map");
                ArrayNode normalized = NODES.arrayNode();
                for (JsonNode type : issueTypes) {
                    ObjectNode entry = normalized.addObject();
                    setDefined(entry, "id", Js.read(type, "id"));
                    setDefined(entry, "name", Js.read(type, "name"));
                }
                return normalized;
            } catch (JiraFailure failure) {
                throw wrap("Unable to get issue types", failure);
            }
        }

        ObjectNode getFieldsByIssueType(String issueTypeId) throws JiraFailure {
            try {
                JsonNode data = http.call("GET", base + "/rest/api/2/issue/createmeta/" + projectKey
                        + "/issuetypes/" + issueTypeId, null);
                if (data.isNull()) {
                    throw JiraFailure.invalidResponse(
                            "Cannot destructure property 'fields' of 'res.data' as it is null.");
                }
                // Cloud answers fields, Data Center values.
                JsonNode list = either(Js.readOptional(data, "fields"), Js.readOptional(data, "values"),
                        "(rawFields || values)", "reduce");
                ObjectNode byId = NODES.objectNode();
                for (JsonNode field : list) {
                    String id = Js.string(Js.read(field, "fieldId"));
                    byId.set(id, field.isObject() ? field : NODES.objectNode());
                }
                ObjectNode normalized = NODES.objectNode();
                for (Map.Entry<String, JsonNode> field : byId.properties()) {
                    JsonNode value = field.getValue();
                    ObjectNode entry = normalized.putObject(field.getKey());
                    setDefined(entry, "required", Js.readOptional(value, "required"));
                    entry.set("allowedValues", Js.orElse(Js.readOptional(value, "allowedValues"), NODES.arrayNode()));
                    entry.set("defaultValue", Js.orElse(Js.readOptional(value, "defaultValue"), NODES.objectNode()));
                    setDefined(entry, "schema", Js.readOptional(value, "schema"));
                    setDefined(entry, "name", Js.readOptional(value, "name"));
                }
                return normalized;
            } catch (JiraFailure failure) {
                throw wrap("Unable to get fields", failure);
            }
        }

        /** The fields every issue type of the project has, described as the first issue type describes them. */
        ObjectNode getFields() throws JiraFailure {
            ArrayNode issueTypes = getIssueTypes();
            List<ObjectNode> perType = new ArrayList<>();
            for (JsonNode type : issueTypes) {
                perType.add(getFieldsByIssueType(Js.string(Js.readOptional(type, "id"))));
            }
            ObjectNode common = NODES.objectNode();
            for (ObjectNode fields : perType) {
                if (common.isEmpty()) {
                    common = fields;
                    continue;
                }
                ObjectNode kept = NODES.objectNode();
                for (Iterator<String> names = common.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    if (fields.has(name)) {
                        kept.set(name, common.get(name));
                    }
                }
                common = kept;
            }
            return common;
        }

        ArrayNode getIssues(JsonNode title) throws JiraFailure {
            if (!title.isTextual()) {
                throw JiraFailure.invalidResponse(Js.isUndefined(title) || title.isNull()
                        ? "Cannot read properties of " + Js.string(title) + " (reading 'replaceAll')"
                        : "str.replaceAll is not a function");
            }
            String jql = "project=\"" + projectKey + "\" and summary ~\"" + Js.escapeJql(title.textValue()) + "\"";
            String url = base + "/rest/api/2/search/jql?jql=" + Js.encodeUriComponent(jql) + "&fields=summary,key";
            try {
                JsonNode data = http.call("GET", url, null);
                JsonNode issues = Js.orElse(Js.readOptional(data, "issues"), NODES.arrayNode());
                if (!issues.isArray()) {
                    throw JiraFailure.invalidResponse("(res.data?.issues ?? []).map is not a function");
                }
                ArrayNode normalized = NODES.arrayNode();
                for (JsonNode issue : issues) {
                    ObjectNode entry = normalized.addObject();
                    setDefined(entry, "id", Js.read(issue, "id"));
                    setDefined(entry, "key", Js.read(issue, "key"));
                    entry.set("title", summaryOf(issue));
                }
                return normalized;
            } catch (JiraFailure failure) {
                throw wrap("Unable to get issues", failure);
            }
        }

        ObjectNode getIssue(String id) throws JiraFailure {
            try {
                JsonNode data = http.call("GET", incidentUrl + "/" + id, null);
                ObjectNode issue = NODES.objectNode();
                setDefined(issue, "id", Js.readOptional(data, "id"));
                setDefined(issue, "key", Js.readOptional(data, "key"));
                issue.set("title", summaryOf(data));
                return issue;
            } catch (JiraFailure failure) {
                throw wrap("Unable to get issue with id " + id, failure);
            }
        }

        /** {@code issue.fields?.summary ?? null}. */
        private static JsonNode summaryOf(JsonNode issue) {
            return Js.orElse(Js.readOptional(Js.readOptional(issue, "fields"), "summary"), NODES.nullNode());
        }

        /** Kibana's {@code createFields}: only the incident properties that are set, then the other fields. */
        private ObjectNode createFields(JsonNode incident) throws JiraFailure {
            ObjectNode fields = NODES.objectNode();
            fields.put("summary", summary(Js.readOptional(incident, "summary")));
            fields.putObject("project").put("key", projectKey);
            JsonNode issueType = Js.readOptional(incident, "issueType");
            if (Js.truthy(issueType)) {
                fields.putObject("issuetype").set("id", issueType);
            }
            JsonNode description = Js.readOptional(incident, "description");
            if (Js.truthy(description)) {
                fields.set("description", description);
            }
            JsonNode labels = Js.readOptional(incident, "labels");
            if (Js.truthy(labels)) {
                fields.set("labels", labels);
            }
            JsonNode priority = Js.readOptional(incident, "priority");
            if (Js.truthy(priority)) {
                fields.putObject("priority").set("name", priority);
            }
            JsonNode parent = Js.readOptional(incident, "parent");
            if (Js.truthy(parent)) {
                fields.putObject("parent").set("key", parent);
            }
            JsonNode otherFields = Js.readOptional(incident, "otherFields");
            if (Js.truthy(otherFields) && otherFields.isObject()) {
                otherFields.properties().forEach(field -> fields.set(field.getKey(), field.getValue()));
            }
            return fields;
        }

        /** The summary on one line: each line trimmed, blank lines dropped, the rest joined with ", ". */
        private static String summary(JsonNode summary) throws JiraFailure {
            if (!summary.isTextual()) {
                throw JiraFailure.invalidResponse(Js.isUndefined(summary) || summary.isNull()
                        ? "Cannot read properties of " + Js.string(summary) + " (reading 'split')"
                        : "str.split is not a function");
            }
            List<String> lines = new ArrayList<>();
            for (String line : summary.textValue().split("[\\n\\r]", -1)) {
                String trimmed = Js.trim(line);
                if (!trimmed.isEmpty()) {
                    lines.add(trimmed);
                }
            }
            return String.join(", ", lines);
        }

        /** {@code (a || b).<method>(...)} on something that must be an array. */
        private static JsonNode either(JsonNode first, JsonNode second, String expression, String method)
                throws JiraFailure {
            JsonNode chosen = Js.truthy(first) ? first : second;
            if (chosen.isArray()) {
                return chosen;
            }
            if (Js.isUndefined(chosen) || chosen.isNull()) {
                throw JiraFailure.invalidResponse("Cannot read properties of " + Js.string(chosen) + " (reading '"
                        + method + "')");
            }
            throw JiraFailure.invalidResponse(expression + "." + method + " is not a function");
        }

        private static String iso(JsonNode date) throws JiraFailure {
            return Js.isoDate(date).orElseThrow(() -> JiraFailure.invalidResponse("Invalid time value"));
        }

        /** Sets a property unless the value is undefined, which JSON.stringify would leave out. */
        private static void setDefined(ObjectNode target, String name, JsonNode value) {
            if (!Js.isUndefined(value)) {
                target.set(name, value);
            }
        }
    }
}
