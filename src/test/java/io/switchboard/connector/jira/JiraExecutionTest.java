package io.switchboard.connector.jira;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.support.WireMockPeer;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.switchboard.support.Api.create;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.kibana;
import static io.switchboard.support.Api.path;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code .jira} through {@code _execute}, against a stub answering as Jira Cloud's REST API v2 does. */
@QuarkusTest
class JiraExecutionTest {

    private final WireMockServer jira = WireMockPeer.server();

    @Test
    void pushToServiceCreatesTheIssueAndAnswersKibanasData() {
        String base = "/jira-" + UUID.randomUUID();
        String json = "application/json;charset=UTF-8";
        jira.stubFor(post(urlEqualTo(base + "/rest/api/2/issue")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", json)
                .withBody("{\"id\":\"10042\",\"key\":\"OPS-42\",\"self\":\"https://x.atlassian.net/rest/api/2/issue/10042\"}")));
        jira.stubFor(get(urlEqualTo(base + "/rest/api/2/issue/10042")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", json)
                .withBody("{\"id\":\"10042\",\"key\":\"OPS-42\",\"fields\":{\"created\":\"2026-11-22T10:15:30.000+0100\","
                        + "\"updated\":\"2026-11-22T10:15:30.000+0100\",\"summary\":\"Disk full\"}}")));
        String space = freshSpace();
        String id = create(space, """
                {"name":"jira","connector_type_id":".jira","config":{"apiUrl":"%s","projectKey":"OPS"},
                 "secrets":{"email":"ops@example.com","apiToken":"t0ken"}}""".formatted(WireMockPeer.url(base)));
        String response = kibana().body("""
                {"params":{"subAction":"pushToService","subActionParams":{"incident":{"summary":"Disk full\\non node-1",
                 "issueType":"10001","priority":"High","labels":["disk"]}}}}""")
                .post(path(space, "/api/actions/connector/" + id + "/_execute")).then().statusCode(200)
                .extract().asString();
        assertEquals("{\"status\":\"ok\",\"data\":{\"title\":\"OPS-42\",\"id\":\"10042\","
                + "\"pushedDate\":\"2026-11-22T09:15:30.000Z\",\"url\":\"" + WireMockPeer.url(base) + "/browse/OPS-42\"},"
                + "\"connector_id\":\"" + id + "\"}", response);
        jira.verify(postRequestedFor(urlEqualTo(base + "/rest/api/2/issue"))
                .withHeader("Authorization", equalTo("Basic b3BzQGV4YW1wbGUuY29tOnQwa2Vu"))
                .withRequestBody(equalToJson("""
                        {"fields":{"summary":"Disk full, on node-1","project":{"key":"OPS"},"issuetype":{"id":"10001"},
                         "labels":["disk"],"priority":{"name":"High"}}}""")));
        jira.verify(getRequestedFor(urlEqualTo(base + "/rest/api/2/issue/10042")));
    }
}
