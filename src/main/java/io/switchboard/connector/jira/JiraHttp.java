package io.switchboard.connector.jira;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.TextNode;
import io.switchboard.connector.HttpFailures;
import io.switchboard.egress.EgressException;
import io.switchboard.egress.HttpEgress;
import io.switchboard.egress.OutboundRequest;
import io.switchboard.egress.OutboundResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP side of one Jira execution, shaped like Kibana's axios helper: Basic auth on every call, JSON bodies,
 * axios' wording for failed calls ({@code Request failed with status code 400}, or the network error), and
 * {@code throwIfResponseIsNotValid} on every 2xx answer. Not thread-safe: one instance per execution.
 */
final class JiraHttp {

    static final String JSON = "application/json";
    /** What axios sends unless told otherwise. */
    private static final String ACCEPT = "application/json, text/plain, */*";

    private final HttpEgress egress;
    private final ObjectMapper json;
    private final ObjectReader strictReader;
    private final String authorization;
    private final Instant deadline;
    private long requestBodyBytes;

    JiraHttp(HttpEgress egress, ObjectMapper json, String email, String apiToken, Instant deadline) {
        this.egress = egress;
        this.json = json;
        this.strictReader = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((email + ":" + apiToken).getBytes(StandardCharsets.UTF_8));
        this.deadline = deadline;
    }

    /** Bytes of request bodies handed to the egress so far. */
    long requestBodyBytes() {
        return requestBodyBytes;
    }

    /**
     * Sends one call and returns the JSON of its 2xx answer, after Kibana's validity checks: a content type
     * containing {@code application/json} (except on 204), a body that is JSON, and the {@code required} fields.
     *
     * @return the parsed body; the empty string for an empty body, as axios gives it
     */
    JsonNode call(String method, String url, JsonNode body, String... required) throws JiraFailure {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", ACCEPT);
        byte[] bytes = null;
        if (body != null) {
            headers.put("Content-Type", JSON);
            try {
                bytes = json.writeValueAsBytes(body);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a Jira request body could not be written", e);
            }
            requestBodyBytes += bytes.length;
        }
        headers.put("Authorization", authorization);
        OutboundResponse response;
        try {
            response = egress.send(new OutboundRequest(method, url, headers, bytes), deadline);
        } catch (EgressException failure) {
            // axios reports a network error with Node's own message, without the code in front of it.
            throw new JiraFailure(failure.getMessage(), null, HttpFailures.of(failure));
        }
        JsonNode data = data(response);
        int status = response.status();
        if (status < 200 || status >= 300) {
            throw new JiraFailure("Request failed with status code " + status, data, HttpFailures.ofStatus(status));
        }
        if (status != 204) {
            checkValid(response, data, method, url, required);
        }
        return data;
    }

    private static void checkValid(OutboundResponse response, JsonNode data, String method, String url,
                                   String[] required) throws JiraFailure {
        String contentType = response.header("content-type").orElse("undefined");
        if (!contentType.contains(JSON)) {
            throw JiraFailure.invalidResponse("Unsupported content type: " + contentType + " in "
                    + method.toLowerCase(Locale.ROOT) + " " + withoutUserinfo(url) + ". Supported content types: "
                    + JSON);
        }
        if (data.isTextual() && !data.textValue().isEmpty()) {
            throw JiraFailure.invalidResponse("Response is not a valid JSON");
        }
        if (required.length == 0) {
            return;
        }
        JiraFailure missing = JiraFailure.invalidResponse(
                "Response is missing at least one of the expected fields: " + String.join(",", required));
        if (data.isArray()) {
            throw missing;
        }
        for (String field : required) {
            // Only undefined counts as missing: null is a value.
            if (Js.isUndefined(Js.read(data, field))) {
                throw missing;
            }
        }
    }

    /**
     * The body as axios hands it over: parsed when it is JSON whatever the content type, the text otherwise (an
     * empty string when there is no body).
     */
    private JsonNode data(OutboundResponse response) {
        String text = response.bodyText();
        if (text.isEmpty()) {
            return TextNode.valueOf("");
        }
        try {
            JsonNode parsed = strictReader.readTree(text);
            return parsed == null || parsed.isMissingNode() ? TextNode.valueOf(text) : parsed;
        } catch (IOException notJson) {
            return TextNode.valueOf(text);
        }
    }

    /** Userinfo in a configured URL is a credential: it never reaches a message. */
    static String withoutUserinfo(String url) {
        int schemeEnd = url.indexOf("://");
        if (schemeEnd < 0) {
            return url;
        }
        int authorityStart = schemeEnd + 3;
        int authorityEnd = authorityStart;
        while (authorityEnd < url.length() && "/?#\\".indexOf(url.charAt(authorityEnd)) < 0) {
            authorityEnd++;
        }
        int at = url.lastIndexOf('@', authorityEnd - 1);
        return at < authorityStart ? url : url.substring(0, authorityStart) + url.substring(at + 1);
    }
}
