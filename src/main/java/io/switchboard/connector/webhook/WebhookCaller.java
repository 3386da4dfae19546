package io.switchboard.connector.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.switchboard.connector.ExecutionRequest;
import io.switchboard.connector.ExecutionResult;
import io.switchboard.connector.FailureReason;
import io.switchboard.connector.HttpFailures;
import io.switchboard.connector.Retry;
import io.switchboard.connector.RetryAfter;
import io.switchboard.egress.EgressException;
import io.switchboard.egress.HttpEgress;
import io.switchboard.egress.OutboundRequest;
import io.switchboard.egress.OutboundResponse;
import io.switchboard.egress.TlsOverrides;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Calls a webhook as Kibana's {@code .webhook} connector does, and maps the answer to its results. */
final class WebhookCaller {

    private final HttpEgress egress;
    private final ObjectMapper json;

    WebhookCaller(HttpEgress egress, ObjectMapper json) {
        this.egress = egress;
        this.json = json;
    }

    ExecutionResult call(ExecutionRequest request) {
        ObjectNode config = request.config();
        ObjectNode secrets = request.secrets();
        String method = config.path("method").asText("post").toUpperCase(Locale.ROOT);
        JsonNode bodyParam = request.params().get("body");
        String body = bodyParam == null || bodyParam.isNull() ? null : bodyParam.textValue();

        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode configured = config.get("headers");
        if (configured != null && configured.isObject()) {
            configured.properties().forEach(header -> headers.put(header.getKey(), header.getValue().asText()));
        }
        boolean hasAuth = config.path("hasAuth").asBoolean(true);
        String authType = text(config, "authType");
        String user = text(secrets, "user");
        String password = text(secrets, "password");
        if (hasAuth && (authType == null || WebhookConnectorType.AUTH_BASIC.equals(authType)) && user != null && password != null) {
            headers.put("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        TlsOverrides tls = tls(config, secrets, hasAuth && WebhookConnectorType.AUTH_SSL.equals(authType));
        // As newer Kibana does, GET and DELETE carry no body; the result still echoes params.body.
        boolean sendsBody = body != null && !method.equals("GET") && !method.equals("DELETE");
        byte[] bytes = sendsBody ? body.getBytes(StandardCharsets.UTF_8) : null;
        long sent = bytes == null ? 0 : bytes.length;

        OutboundResponse response;
        try {
            response = egress.send(new OutboundRequest(method, config.get("url").textValue(), headers, bytes, tls),
                    request.deadline());
        } catch (EgressException failure) {
            return ExecutionResult.failure(HttpFailures.of(failure), "error calling webhook, request failed",
                    HttpFailures.describe(failure), null).withRequestBodyBytes(sent);
        }
        int status = response.status();
        if (status >= 200 && status < 300) {
            return ExecutionResult.success(body == null ? null : TextNode.valueOf(body)).withRequestBodyBytes(sent);
        }
        String serviceMessage = "[" + status + "] " + response.statusText() + responseMessage(response);
        ExecutionResult result;
        if (status >= 500) {
            result = ExecutionResult.failure(FailureReason.SERVER_ERROR, "error calling webhook, retry later",
                    serviceMessage, Retry.YES);
        } else if (status == 429) {
            Optional<Instant> at = RetryAfter.parse(response.header("retry-after"), Instant.now());
            result = at.map(when -> {
                Retry.At retry = (Retry.At) Retry.at(when);
                return ExecutionResult.failure(FailureReason.RATE_LIMITED,
                        "error calling webhook, retry at " + retry.iso(), serviceMessage, (Retry) retry);
            }).orElseGet(() -> ExecutionResult.failure(FailureReason.RATE_LIMITED,
                    "error calling webhook, retry later", serviceMessage, Retry.YES));
        } else {
            result = ExecutionResult.failure(HttpFailures.ofStatus(status), "error calling webhook, invalid response",
                    serviceMessage, null);
        }
        return result.withRequestBodyBytes(sent);
    }

    /** {@code : <message>} when the error body is a JSON object with a {@code message}, as Kibana appends it. */
    private String responseMessage(OutboundResponse response) {
        try {
            JsonNode parsed = json.readTree(response.body());
            JsonNode message = parsed == null ? null : parsed.get("message");
            return message == null || message.isNull() || message.asText().isEmpty() ? "" : ": " + message.asText();
        } catch (IOException notJson) {
            return "";
        }
    }

    private static TlsOverrides tls(ObjectNode config, ObjectNode secrets, boolean clientCertificate) {
        String ca = text(config, "ca");
        String verificationMode = text(config, "verificationMode");
        String crt = clientCertificate ? text(secrets, "crt") : null;
        String key = clientCertificate ? text(secrets, "key") : null;
        String pfx = clientCertificate ? text(secrets, "pfx") : null;
        if (ca == null && verificationMode == null && crt == null && pfx == null) {
            return null;
        }
        return new TlsOverrides(verificationMode, decode(ca), decode(crt), decode(key),
                pfx == null ? null : Base64.getDecoder().decode(pfx), clientCertificate ? text(secrets, "password") : null);
    }

    private static String decode(String base64) {
        return base64 == null ? null : new String(Base64.getMimeDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
