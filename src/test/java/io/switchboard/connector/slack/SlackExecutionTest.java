package io.switchboard.connector.slack;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.support.WireMockPeer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.switchboard.support.Api.create;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.kibana;
import static io.switchboard.support.Api.path;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code .slack} against a stub of Slack's incoming-webhook endpoint, which answers {@code ok} as text. */
@QuarkusTest
class SlackExecutionTest {

    private final WireMockServer slack = WireMockPeer.server();

    private String connector(String space, String hook) {
        return create(space, """
                {"name":"slack","connector_type_id":".slack","secrets":{"webhookUrl":"%s"}}"""
                .formatted(WireMockPeer.url(hook)));
    }

    @Test
    void postsTheMessageAsTextAndAnswersOk() {
        String hook = "/services/T000/B000/" + UUID.randomUUID();
        slack.stubFor(post(urlEqualTo(hook)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html").withBody("ok")));
        String space = freshSpace();
        String id = connector(space, hook);
        String response = kibana().body("{\"params\":{\"message\":\"disk *full* on <node-1>\"}}")
                .post(path(space, "/api/actions/connector/" + id + "/_execute")).then().statusCode(200)
                .extract().asString();
        assertEquals("{\"status\":\"ok\",\"data\":{\"text\":\"ok\"},\"connector_id\":\"" + id + "\"}", response);
        List<LoggedRequest> sent = slack.findAll(postRequestedFor(urlEqualTo(hook)));
        assertEquals(1, sent.size());
        assertEquals("{\"text\":\"disk *full* on <node-1>\"}", sent.getFirst().getBodyAsString());
        assertEquals("application/json", sent.getFirst().getHeader("Content-Type"));
    }

    @Test
    void anotherSuccessBodyIsAnError() {
        String hook = "/services/T000/B000/" + UUID.randomUUID();
        slack.stubFor(post(urlEqualTo(hook)).willReturn(aResponse().withStatus(200).withBody("no_text")));
        String space = freshSpace();
        String id = connector(space, hook);
        kibana().body("{\"params\":{\"message\":\"x\"}}")
                .post(path(space, "/api/actions/connector/" + id + "/_execute")).then().statusCode(200)
                .body("status", equalTo("error"))
                .body("message", equalTo("error posting slack message"))
                .body("service_message", equalTo("no_text"));
    }

    @Test
    void emptyMessageIsRefusedBeforeAnyCall() {
        String space = freshSpace();
        String id = connector(space, "/services/never-called");
        kibana().body("{\"params\":{\"message\":\"\"}}")
                .post(path(space, "/api/actions/connector/" + id + "/_execute")).then().statusCode(200)
                .body("status", equalTo("error"))
                .body("message", equalTo("error validating action params: [message]: value has length [0] but it "
                        + "must have a minimum length of [1]."));
        assertEquals(0, slack.findAll(postRequestedFor(urlEqualTo("/services/never-called"))).size());
    }
}
