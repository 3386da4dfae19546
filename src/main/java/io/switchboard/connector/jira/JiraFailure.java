package io.switchboard.connector.jira;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.connector.FailureReason;

/**
 * One step of a Jira call that failed, carried up to the sub-action that words it. Kibana's service throws at this
 * point and each sub-action rethrows with its own prefix; the shape is kept so the service messages match.
 *
 * <p>{@code responseData} is what axios would hold in {@code error.response.data}: the peer's parsed answer to a
 * non-2xx status, or null when the failure carries no response (network errors, invalid 2xx answers, and failures
 * rethrown by an outer step).
 */
final class JiraFailure extends Exception {

    private final transient JsonNode responseData;
    private final FailureReason reason;

    JiraFailure(String message, JsonNode responseData, FailureReason reason) {
        super(message, null, false, false);
        this.responseData = responseData;
        this.reason = reason;
    }

    /** A failure with no upstream response, such as an answer that is not JSON. */
    static JiraFailure invalidResponse(String message) {
        return new JiraFailure(message, null, FailureReason.UNEXPECTED);
    }

    JsonNode responseData() {
        return responseData;
    }

    FailureReason reason() {
        return reason;
    }
}
