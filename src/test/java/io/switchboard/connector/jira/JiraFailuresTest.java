package io.switchboard.connector.jira;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.switchboard.connector.ExecutionRequest;
import io.switchboard.connector.ExecutionResult;
import io.switchboard.connector.FailureReason;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;

/** Failures worded as Kibana's framework reports the errors its Jira executor throws. */
class JiraFailuresTest extends JiraPeerSupport {

    private static final String INCIDENT = """
            {"incident":{"summary":"Disk full","issueType":"10001","priority":"High","labels":["disk"]}}""";
    private static final String INCIDENT_BODY = """
            {"fields":{"summary":"Disk full","project":{"key":"RJ"},"issuetype":{"id":"10001"},"labels":["disk"],
              "priority":{"name":"High"}}}""";

    @Test
    void badRequestWithErrorMessagesJoinsThemWithCommas() {
        stub(post("/rest/api/2/issue"), jiraJson(400, """
                {"errorMessages":["Issue type is a sub-task but parent issue key or id not specified.",
                                  "Sub-task issue types must have a parent."],"errors":{}}"""));

        ExecutionResult result = run("pushToService", INCIDENT);

        LoggedRequest sent = assertRequests("POST /rest/api/2/issue").getFirst();
        assertJsonBody(sent, INCIDENT_BODY);
        assertThrownFailure(result, FailureReason.CLIENT_ERROR, "[Action][Jira]: Unable to create incident. Error: "
                + "Request failed with status code 400. Reason: Issue type is a sub-task but parent issue key or id "
                + "not specified., Sub-task issue types must have a parent.", bytes(sent));
    }

    @Test
    void badRequestWithAnErrorsMapJoinsItsValuesWithSpaces() {
        stub(post("/rest/api/2/issue"), jiraJson(400, """
                {"errorMessages":[],"errors":{
                  "priority":"Field 'priority' cannot be set. It is not on the appropriate screen, or unknown.",
                  "labels":"Field 'labels' cannot be set. It is not on the appropriate screen, or unknown."}}"""));

        ExecutionResult result = run("pushToService", INCIDENT);

        LoggedRequest sent = assertRequests("POST /rest/api/2/issue").getFirst();
        assertThrownFailure(result, FailureReason.CLIENT_ERROR, "[Action][Jira]: Unable to create incident. Error: "
                + "Request failed with status code 400. Reason: Field 'priority' cannot be set. It is not on the "
                + "appropriate screen, or unknown. Field 'labels' cannot be set. It is not on the appropriate screen, "
                + "or unknown.", bytes(sent));
    }

    @Test
    void unauthorizedWithAPlainTextBodyHasNoReason() {
        stub(get("/rest/api/2/issue/RJ-1"), aResponse().withStatus(401)
                .withHeader("Content-Type", "text/plain;charset=UTF-8")
                .withBody("Client must be authenticated to access this resource."));

        ExecutionResult result = run("getIncident", "{\"externalId\":\"RJ-1\"}");

        assertRequests("GET /rest/api/2/issue/RJ-1");
        // Kibana words this one step without a full stop after the error.
        assertThrownFailure(result, FailureReason.CLIENT_ERROR, "[Action][Jira]: Unable to get incident with id "
                + "RJ-1. Error: Request failed with status code 401 Reason: unknown: errorResponse.errors was null", 0);
    }

    @Test
    void serverErrorOnUpdateStopsBeforeReadingTheIssue() {
        stub(put("/rest/api/2/issue/10000"), jiraJson(500,
                "{\"errorMessages\":[\"Internal server error\"],\"errors\":{}}"));

        ExecutionResult result = run("pushToService", """
                {"incident":{"externalId":"10000","summary":"Disk full","issueType":null}}""");

        LoggedRequest sent = assertRequests("PUT /rest/api/2/issue/10000").getFirst();
        assertJsonBody(sent, "{\"fields\":{\"summary\":\"Disk full\",\"project\":{\"key\":\"RJ\"}}}");
        assertThrownFailure(result, FailureReason.SERVER_ERROR, "[Action][Jira]: Unable to update incident with id "
                + "10000. Error: Request failed with status code 500. Reason: Internal server error", bytes(sent));
    }

    @Test
    void anAnswerThatIsNotJsonIsRefused() {
        stub(get("/rest/api/2/issue/RJ-1"), aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html;charset=UTF-8")
                .withBody("<html><body>Log in to continue</body></html>"));

        ExecutionResult result = run("issue", "{\"id\":\"RJ-1\"}");

        assertRequests("GET /rest/api/2/issue/RJ-1");
        assertThrownFailure(result, FailureReason.UNEXPECTED, "[Action][Jira]: Unable to get issue with id RJ-1. "
                + "Error: Unsupported content type: text/html;charset=UTF-8 in get " + base() + "/rest/api/2/issue/"
                + "RJ-1. Supported content types: application/json. Reason: unknown: errorResponse was null", 0);
    }

    @Test
    void aFailedReadAfterCreatingIsWrappedInTheCreateMessage() {
        stub(post("/rest/api/2/issue"), jiraJson(201,
                "{\"id\":\"10000\",\"key\":\"RJ-1\",\"self\":\"https://acme.atlassian.net/rest/api/2/issue/10000\"}"));
        stub(get("/rest/api/2/issue/10000"), aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                .withBody("<html></html>"));

        ExecutionResult result = run("pushToService", INCIDENT);

        List<LoggedRequest> sent = assertRequests("POST /rest/api/2/issue", "GET /rest/api/2/issue/10000");
        assertThrownFailure(result, FailureReason.UNEXPECTED, "[Action][Jira]: Unable to create incident. Error: "
                + "[Action][Jira]: Unable to get incident with id 10000. Error: Unsupported content type: text/html "
                + "in get " + base() + "/rest/api/2/issue/10000. Supported content types: application/json Reason: "
                + "unknown: errorResponse was null. Reason: unknown: errorResponse was null", bytes(sent.getFirst()));
    }

    @Test
    void jsonContentTypeWithABodyThatIsNotJson() {
        stub(post("/rest/api/2/issue"), jiraJson(201, "created RJ-1"));

        ExecutionResult result = run("pushToService", INCIDENT);

        LoggedRequest sent = assertRequests("POST /rest/api/2/issue").getFirst();
        assertThrownFailure(result, FailureReason.UNEXPECTED, "[Action][Jira]: Unable to create incident. Error: "
                + "Response is not a valid JSON. Reason: unknown: errorResponse was null", bytes(sent));
    }

    @Test
    void aCreatedIssueWithoutIdIsRefused() {
        stub(post("/rest/api/2/issue"), jiraJson(201, "{\"key\":\"RJ-1\"}"));

        ExecutionResult result = run("pushToService", INCIDENT);

        LoggedRequest sent = assertRequests("POST /rest/api/2/issue").getFirst();
        assertThrownFailure(result, FailureReason.UNEXPECTED, "[Action][Jira]: Unable to create incident. Error: "
                + "Response is missing at least one of the expected fields: id. Reason: unknown: errorResponse was "
                + "null", bytes(sent));
    }

    @Test
    void aRefusedCommentFailsThePushAfterTheIssueWasCreated() {
        stub(post("/rest/api/2/issue"), jiraJson(201, "{\"id\":\"10000\",\"key\":\"RJ-1\"}"));
        stub(get("/rest/api/2/issue/10000"), jiraJson(200, JiraSubActionsTest.ISSUE));
        stub(post("/rest/api/2/issue/10000/comment"), jiraJson(400,
                "{\"errorMessages\":[],\"errors\":{\"comment\":\"Comment body can not be empty!\"}}"));

        ExecutionResult result = run("pushToService", """
                {"incident":{"summary":"Disk full","issueType":"10001"},
                 "comments":[{"comment":"   ","commentId":"case-c1"}]}""");

        List<LoggedRequest> sent = assertRequests("POST /rest/api/2/issue", "GET /rest/api/2/issue/10000",
                "POST /rest/api/2/issue/10000/comment");
        assertJsonBody(sent.get(2), "{\"body\":\"   \"}");
        assertThrownFailure(result, FailureReason.CLIENT_ERROR, "[Action][Jira]: Unable to create comment at "
                + "incident with id 10000. Error: Request failed with status code 400. Reason: Comment body can not "
                + "be empty!", bytes(sent.get(0), sent.get(2)));
    }

    @Test
    void aRefusedConnectionFailsTheIssueTypeLookupOfACreate() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        ExecutionResult result = runAgainst("http://127.0.0.1:" + closedPort, "pushToService",
                "{\"incident\":{\"summary\":\"Disk full\"}}");

        assertRequests();
        // The lookup runs before Kibana's create step catches anything, so its own message is the one thrown.
        assertThrownFailure(result, FailureReason.NETWORK, "[Action][Jira]: Unable to get issue types. Error: "
                + "connect ECONNREFUSED 127.0.0.1:" + closedPort + ". Reason: unknown: errorResponse was null", 0);
    }

    @Test
    void missingCredentialsAreAWrongConfiguration() {
        ExecutionResult result = service.run(new ExecutionRequest("jira-1", "Jira",
                "default", JSON.createObjectNode().put("apiUrl", base()).put("projectKey", "RJ"),
                JSON.createObjectNode().put("email", EMAIL).put("apiToken", ""),
                tree("{\"subAction\":\"issueTypes\",\"subActionParams\":{}}"), Instant.now().plusSeconds(5)));

        assertRequests();
        assertThrownFailure(result, FailureReason.VALIDATION, "[Action][Jira]: Wrong configuration.", 0);
    }
}
