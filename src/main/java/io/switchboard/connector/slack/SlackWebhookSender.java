package io.switchboard.connector.slack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Posts a message to a Slack incoming webhook and maps the answer as Kibana's {@code .slack} connector does. */
final class SlackWebhookSender {

    private final HttpEgress egress;
    private final ObjectMapper json;

    SlackWebhookSender(HttpEgress egress, ObjectMapper json) {
        this.egress = egress;
        this.json = json;
    }

    ExecutionResult send(ExecutionRequest request) {
        String webhookUrl = request.secrets().get("webhookUrl").textValue();
        byte[] body = json.createObjectNode().put("text", request.params().get("message").textValue()).toString()
                .getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        OutboundResponse response;
        try {
            response = egress.send(new OutboundRequest("POST", webhookUrl, headers, body, null), request.deadline());
        } catch (EgressException failure) {
            // @slack/webhook reports a request that got no answer as a request error.
            return ExecutionResult.failure(HttpFailures.of(failure), "error posting slack message",
                    "A request error occurred: " + failure.getMessage(), null).withRequestBodyBytes(body.length);
        }
        return classify(response).withRequestBodyBytes(body.length);
    }

    private static ExecutionResult classify(OutboundResponse response) {
        int status = response.status();
        String httpError = "An HTTP protocol error occurred: statusCode = " + status;
        if (status >= 200 && status < 300) {
            String text = response.bodyText();
            if (!"ok".equals(text)) {
                return ExecutionResult.failure(FailureReason.CLIENT_ERROR, "error posting slack message", text, null);
            }
            return ExecutionResult.success(JsonNodeFactory.instance.objectNode().put("text", text));
        }
        if (status >= 500) {
            return ExecutionResult.failure(FailureReason.SERVER_ERROR, "error posting a slack message, retry later",
                    null, Retry.YES);
        }
        if (status == 429) {
            Optional<Instant> at = RetryAfter.parse(response.header("retry-after"), Instant.now());
            if (at.isPresent()) {
                Retry.At retry = (Retry.At) Retry.at(at.get());
                return ExecutionResult.failure(FailureReason.RATE_LIMITED,
                        "error posting a slack message, retry at " + retry.iso(), httpError, retry);
            }
            return ExecutionResult.failure(FailureReason.RATE_LIMITED, "error posting a slack message, retry later",
                    httpError, Retry.YES);
        }
        return ExecutionResult.failure(HttpFailures.ofStatus(status),
                "unexpected http response from slack: " + status + " " + response.statusText(), null, null);
    }
}
