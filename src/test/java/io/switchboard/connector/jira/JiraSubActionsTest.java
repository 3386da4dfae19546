package io.switchboard.connector.jira;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.switchboard.connector.ExecutionResult;
import io.switchboard.connector.FailureReason;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every sub-action against Jira Cloud's answers: what goes out, and what the execution returns. */
class JiraSubActionsTest extends JiraPeerSupport {

    static final String ISSUE_TYPES = """
            {"maxResults":50,"startAt":0,"total":2,"issueTypes":[
             {"self":"https://acme.atlassian.net/rest/api/2/issuetype/10001","id":"10001",
              "description":"A small, distinct piece of work.",
              "iconUrl":"https://acme.atlassian.net/rest/api/2/universal_avatar/view/type/issuetype/avatar/10318?size=medium",
              "name":"Task","untranslatedName":"Task","subtask":false,"hierarchyLevel":0},
             {"self":"https://acme.atlassian.net/rest/api/2/issuetype/10002","id":"10002",
              "description":"A problem or error.",
              "iconUrl":"https://acme.atlassian.net/rest/api/2/universal_avatar/view/type/issuetype/avatar/10303?size=medium",
              "name":"Bug","untranslatedName":"Bug","subtask":false,"hierarchyLevel":0}]}""";
    static final String CREATED = """
            {"id":"10000","key":"RJ-1","self":"https://acme.atlassian.net/rest/api/2/issue/10000"}""";
    static final String ISSUE = """
            {"expand":"renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations",
             "id":"10000","self":"https://acme.atlassian.net/rest/api/2/issue/10000","key":"RJ-1",
             "fields":{"summary":"Disk full, on host-1","issuetype":{"id":"10001","name":"Task"},
                       "created":"2024-05-13T10:41:02.754+0300","updated":"2024-05-14T09:00:00.120+0300",
                       "description":"Free space below 5%","labels":[]}}""";

    @Test
    void createWithoutIssueTypeTakesTheFirstIssueTypeOfTheProject() {
        stub(get("/rest/api/2/issue/createmeta/RJ/issuetypes"), jiraJson(200, ISSUE_TYPES));
        stub(post("/rest/api/2/issue"), jiraJson(201, CREATED));
        stub(get("/rest/api/2/issue/10000"), jiraJson(200, ISSUE));

        ExecutionResult result = run("pushToService", """
                {"incident":{"summary":"  Disk full \\n\\n on host-1 \\r\\n","description":"Free space below 5%",
                  "externalId":null,"issueType":null,"priority":null,"labels":null,"parent":null,
                  "otherFields":null},"comments":[]}""");

        List<LoggedRequest> sent = assertRequests(
                "GET /rest/api/2/issue/createmeta/RJ/issuetypes",
                "POST /rest/api/2/issue",
                "GET /rest/api/2/issue/10000");
        assertNoBody(sent.get(0));
        assertJsonBody(sent.get(1), """
                {"fields":{"summary":"Disk full, on host-1","project":{"key":"RJ"},"issuetype":{"id":"10001"},
                  "description":"Free space below 5%"}}""");
        assertNoBody(sent.get(2));
        assertOk(result, """
                {"title":"RJ-1","id":"10000","pushedDate":"2024-05-13T07:41:02.754Z",
                 "url":"%s/browse/RJ-1"}""".formatted(base()), bytes(sent.get(1)));
    }

    @Test
    void createWithEveryIncidentFieldSkipsTheIssueTypeLookup() {
        stub(post("/rest/api/2/issue"), jiraJson(201, CREATED));
        stub(get("/rest/api/2/issue/10000"), jiraJson(200, ISSUE));

        ExecutionResult result = run("pushToService", """
                {"incident":{"summary":"Checkout latency","description":"p99 above 2s","issueType":"10002",
                  "priority":"High","labels":["slo","checkout"],"parent":"RJ-100",
                  "otherFields":{"customfield_10020":5,"components":[{"name":"api"}]}}}""");

        List<LoggedRequest> sent = assertRequests("POST /rest/api/2/issue", "GET /rest/api/2/issue/10000");
        assertJsonBody(sent.get(0), """
                {"fields":{"summary":"Checkout latency","project":{"key":"RJ"},"issuetype":{"id":"10002"},
                  "description":"p99 above 2s","labels":["slo","checkout"],"priority":{"name":"High"},
                  "parent":{"key":"RJ-100"},"customfield_10020":5,"components":[{"name":"api"}]}}""");
        assertOk(result, """
                {"title":"RJ-1","id":"10000","pushedDate":"2024-05-13T07:41:02.754Z",
                 "url":"%s/browse/RJ-1"}""".formatted(base()), bytes(sent.get(0)));
    }

    @Test
    void updatePutsTheFieldsThatAreSetThenReadsTheUpdatedDate() {
        stub(put("/rest/api/2/issue/10000"), aResponse().withStatus(204));
        stub(get("/rest/api/2/issue/10000"), jiraJson(200, ISSUE));

        ExecutionResult result = run("pushToService", """
                {"incident":{"externalId":"10000","summary":"Disk full on host-1","description":null,
                  "issueType":"10001","priority":"Low","labels":null,"parent":null,"otherFields":null},
                 "comments":null}""");

        List<LoggedRequest> sent = assertRequests("PUT /rest/api/2/issue/10000", "GET /rest/api/2/issue/10000");
        assertJsonBody(sent.get(0), """
                {"fields":{"summary":"Disk full on host-1","project":{"key":"RJ"},"issuetype":{"id":"10001"},
                  "priority":{"name":"Low"}}}""");
        assertOk(result, """
                {"title":"RJ-1","id":"10000","pushedDate":"2024-05-14T06:00:00.120Z",
                 "url":"%s/browse/RJ-1"}""".formatted(base()), bytes(sent.get(0)));
    }

    @Test
    void eachNonEmptyCommentIsPostedToTheIssue() {
        stub(post("/rest/api/2/issue"), jiraJson(201, CREATED));
        stub(get("/rest/api/2/issue/10000"), jiraJson(200, ISSUE));
        stub(post("/rest/api/2/issue/10000/comment").withRequestBody(equalToJson("{\"body\":\"Paged the on-call\"}")),
                jiraJson(201, comment("10100", "Paged the on-call", "2024-05-13T10:45:00.000+0300")));
        stub(post("/rest/api/2/issue/10000/comment").withRequestBody(equalToJson("{\"body\":\"Restarted\"}")),
                jiraJson(201, comment("10101", "Restarted", "2024-05-13T10:50:30.500+0300")));

        ExecutionResult result = run("pushToService", """
                {"incident":{"summary":"Disk full","issueType":"10001"},
                 "comments":[{"comment":"Paged the on-call","commentId":"case-c1"},
                             {"comment":"","commentId":"case-c2"},
                             {"comment":"Restarted","commentId":"case-c3"}]}""");

        List<LoggedRequest> sent = assertRequests(
                "POST /rest/api/2/issue",
                "GET /rest/api/2/issue/10000",
                "POST /rest/api/2/issue/10000/comment",
                "POST /rest/api/2/issue/10000/comment");
        assertJsonBody(sent.get(2), "{\"body\":\"Paged the on-call\"}");
        assertJsonBody(sent.get(3), "{\"body\":\"Restarted\"}");
        assertOk(result, """
                {"title":"RJ-1","id":"10000","pushedDate":"2024-05-13T07:41:02.754Z",
                 "url":"%s/browse/RJ-1",
                 "comments":[{"commentId":"case-c1","pushedDate":"2024-05-13T07:45:00.000Z"},
                             {"commentId":"case-c3","pushedDate":"2024-05-13T07:50:30.500Z"}]}"""
                .formatted(base()), bytes(sent.get(0), sent.get(2), sent.get(3)));
    }

    static String comment(String id, String body, String created) {
        return """
                {"self":"https://acme.atlassian.net/rest/api/2/issue/10000/comment/%s","id":"%s",
                 "author":{"accountId":"5b10a2844c20165700ede21g","displayName":"Elastic","active":true},
                 "body":"%s","created":"%s","updated":"%s","jsdPublic":true}""".formatted(id, id, body, created, created);
    }

    @Test
    void getIncidentReturnsIdKeyDatesThenEveryField() {
        stub(get("/rest/api/2/issue/RJ-1"), jiraJson(200, ISSUE));

        ExecutionResult result = run("getIncident", "{\"externalId\":\"RJ-1\"}");

        assertNoBody(assertRequests("GET /rest/api/2/issue/RJ-1").getFirst());
        assertOk(result, """
                {"id":"10000","key":"RJ-1","created":"2024-05-13T10:41:02.754+0300",
                 "updated":"2024-05-14T09:00:00.120+0300","summary":"Disk full, on host-1",
                 "issuetype":{"id":"10001","name":"Task"},"description":"Free space below 5%","labels":[]}""", 0);
    }

    @Test
    void handshakeAnswersAnEmptyObjectWithoutACall() {
        ExecutionResult result = run("handshake", "{}");

        assertRequests();
        assertOk(result, "{}", 0);
    }

    @Test
    void issueTypesKeepIdAndName() {
        stub(get("/rest/api/2/issue/createmeta/RJ/issuetypes"), jiraJson(200, ISSUE_TYPES));

        ExecutionResult result = run("issueTypes", "{}");

        assertRequests("GET /rest/api/2/issue/createmeta/RJ/issuetypes");
        assertOk(result, "[{\"id\":\"10001\",\"name\":\"Task\"},{\"id\":\"10002\",\"name\":\"Bug\"}]", 0);
    }

    @Test
    void issueTypesFromDataCenterComeAsValues() {
        stub(get("/rest/api/2/issue/createmeta/RJ/issuetypes"), jiraJson(200, """
                {"maxResults":50,"startAt":0,"total":1,"isLast":true,
                 "values":[{"self":"https://jira.acme.internal/rest/api/2/issuetype/3","id":"3",
                            "description":"A task that needs to be done.","name":"Task","subtask":false}]}"""));

        assertOk(run("issueTypes", "{}"), "[{\"id\":\"3\",\"name\":\"Task\"}]", 0);
    }

    static final String TASK_FIELDS = """
            {"maxResults":50,"startAt":0,"total":3,"fields":[
             {"required":true,"schema":{"type":"string","system":"summary"},"name":"Summary","key":"summary",
              "hasDefaultValue":false,"operations":["set"],"fieldId":"summary"},
             {"required":false,"schema":{"type":"priority","system":"priority"},"name":"Priority","key":"priority",
              "hasDefaultValue":true,"operations":["set"],
              "allowedValues":[{"self":"https://acme.atlassian.net/rest/api/2/priority/1","name":"Highest","id":"1"},
                               {"self":"https://acme.atlassian.net/rest/api/2/priority/3","name":"Medium","id":"3"}],
              "defaultValue":{"self":"https://acme.atlassian.net/rest/api/2/priority/3","name":"Medium","id":"3"},
              "fieldId":"priority"},
             {"required":false,"schema":{"type":"string","system":"description"},"name":"Description",
              "key":"description","hasDefaultValue":false,"operations":["set"],"fieldId":"description"}]}""";
    static final String TASK_FIELDS_NORMALIZED = """
            {"summary":{"required":true,"allowedValues":[],"defaultValue":{},
                        "schema":{"type":"string","system":"summary"},"name":"Summary"},
             "priority":{"required":false,
                         "allowedValues":[{"self":"https://acme.atlassian.net/rest/api/2/priority/1","name":"Highest","id":"1"},
                                          {"self":"https://acme.atlassian.net/rest/api/2/priority/3","name":"Medium","id":"3"}],
                         "defaultValue":{"self":"https://acme.atlassian.net/rest/api/2/priority/3","name":"Medium","id":"3"},
                         "schema":{"type":"priority","system":"priority"},"name":"Priority"},
             "description":{"required":false,"allowedValues":[],"defaultValue":{},
                            "schema":{"type":"string","system":"description"},"name":"Description"}}""";

    @Test
    void fieldsByIssueTypeAreKeyedByFieldId() {
        stub(get("/rest/api/2/issue/createmeta/RJ/issuetypes/10001"), jiraJson(200, TASK_FIELDS));

        ExecutionResult result = run("fieldsByIssueType", "{\"id\":\"10001\"}");

        assertRequests("GET /rest/api/2/issue/createmeta/RJ/issuetypes/10001");
        assertOk(result, TASK_FIELDS_NORMALIZED, 0);
    }

    @Test
    void getFieldsKeepsTheFieldsEveryIssueTypeHasAsTheFirstDescribesThem() {
        stub(get("/rest/api/2/issue/createmeta/RJ/issuetypes"), jiraJson(200, ISSUE_TYPES));
        stub(get("/rest/api/2/issue/createmeta/RJ/issuetypes/10001"), jiraJson(200, TASK_FIELDS));
        stub(get("/rest/api/2/issue/createmeta/RJ/issuetypes/10002"), jiraJson(200, """
                {"maxResults":50,"startAt":0,"total":3,"fields":[
                 {"required":true,"schema":{"type":"priority","system":"priority"},"name":"Priority",
                  "key":"priority","fieldId":"priority"},
                 {"required":false,"schema":{"type":"array","items":"string","system":"labels"},"name":"Labels",
                  "key":"labels","fieldId":"labels"},
                 {"required":true,"schema":{"type":"string","system":"summary"},"name":"Summary","key":"summary",
                  "fieldId":"summary"}]}"""));

        ExecutionResult result = run("getFields", "{}");

        assertRequests(
                "GET /rest/api/2/issue/createmeta/RJ/issuetypes",
                "GET /rest/api/2/issue/createmeta/RJ/issuetypes/10001",
                "GET /rest/api/2/issue/createmeta/RJ/issuetypes/10002");
        assertOk(result, """
                {"summary":{"required":true,"allowedValues":[],"defaultValue":{},
                            "schema":{"type":"string","system":"summary"},"name":"Summary"},
                 "priority":{"required":false,
                             "allowedValues":[{"self":"https://acme.atlassian.net/rest/api/2/priority/1","name":"Highest","id":"1"},
                                              {"self":"https://acme.atlassian.net/rest/api/2/priority/3","name":"Medium","id":"3"}],
                             "defaultValue":{"self":"https://acme.atlassian.net/rest/api/2/priority/3","name":"Medium","id":"3"},
                             "schema":{"type":"priority","system":"priority"},"name":"Priority"}}""", 0);
    }

    @Test
    void issuesSearchTheProjectWithAnEscapedTitle() {
        stub(get(urlPathEqualTo("/rest/api/2/search/jql")), jiraJson(200, """
                {"issues":[{"expand":"","id":"10267","self":"https://acme.atlassian.net/rest/api/2/issue/10267",
                            "key":"RJ-107","fields":{"summary":"CPU > 90% on db-1 (prod)"}},
                           {"expand":"","id":"10268","self":"https://acme.atlassian.net/rest/api/2/issue/10268",
                            "key":"RJ-108","fields":{}}],
                 "isLast":true}"""));

        ExecutionResult result = run("issues", "{\"title\":\"CPU > 90% on db-1 (prod) \\\"urgent\\\"\"}");

        LoggedRequest sent = assertRequests("GET /rest/api/2/search/jql?jql=project%3D%22RJ%22%20and%20summary"
                + "%20~%22CPU%20%3E%2090%25%20on%20db%5C%5C-1%20%5C%5C(prod%5C%5C)%20urgent%22&fields=summary,key")
                .getFirst();
        assertEquals("project=\"RJ\" and summary ~\"CPU > 90% on db\\\\-1 \\\\(prod\\\\) urgent\"",
                sent.queryParameter("jql").firstValue());
        assertOk(result, """
                [{"id":"10267","key":"RJ-107","title":"CPU > 90% on db-1 (prod)"},
                 {"id":"10268","key":"RJ-108","title":null}]""", 0);
    }

    @Test
    void issuesEscapeEveryJqlSpecialCharacterAsKibanaDoes() {
        stub(get(urlPathEqualTo("/rest/api/2/search/jql")), jiraJson(200, "{\"issues\":[],\"isLast\":true}"));

        // Kibana's own test vector: [th!s^is()a-te+st-{~is*s&ue?or|and\bye:}]"}]
        ExecutionResult result = run("issues",
                "{\"title\":\"[th!s^is()a-te+st-{~is*s&ue?or|and\\\\bye:}]\\\"}]\"}");

        assertRequests("GET /rest/api/2/search/jql?jql=project%3D%22RJ%22%20and%20summary%20~%22%5C%5C%5Bth%5C%5C!s"
                + "%5C%5C%5Eis%5C%5C(%5C%5C)a%5C%5C-te%5C%5C%2Bst%5C%5C-%5C%5C%7B%5C%5C~is%5C%5C*s%5C%5C%26ue%5C%5C"
                + "%3For%5C%5C%7Cand%5C%5Cbye%5C%5C%3A%5C%5C%7D%5C%5C%5D%5C%5C%7D%5C%5C%5D%22&fields=summary,key");
        assertOk(result, "[]", 0);
    }

    @Test
    void issueReturnsIdKeyAndSummary() {
        stub(get("/rest/api/2/issue/RJ-107"), jiraJson(200, """
                {"expand":"renderedFields,names,schema","id":"10267",
                 "self":"https://acme.atlassian.net/rest/api/2/issue/10267","key":"RJ-107",
                 "fields":{"summary":"Test title","created":"2024-05-13T10:41:02.754+0300"}}"""));

        ExecutionResult result = run("issue", "{\"id\":\"RJ-107\"}");

        assertRequests("GET /rest/api/2/issue/RJ-107");
        assertOk(result, "{\"id\":\"10267\",\"key\":\"RJ-107\",\"title\":\"Test title\"}", 0);
    }
}
