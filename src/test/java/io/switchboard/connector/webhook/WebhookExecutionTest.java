package io.switchboard.connector.webhook;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.support.WireMockPeer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.switchboard.support.Api.create;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.kibana;
import static io.switchboard.support.Api.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

@QuarkusTest
class WebhookExecutionTest {

    private final WireMockServer peer = WireMockPeer.server();

    private LoggedRequest onlyRequestTo(String path) {
        List<LoggedRequest> requests = peer.findAll(anyRequestedFor(urlEqualTo(path)));
        assertEquals(1, requests.size());
        return requests.getFirst();
    }

    @Test
    void postsTheBodyVerbatimWithConfiguredHeadersAndBasicAuth() {
        String hook = "/hooks/" + UUID.randomUUID();
        peer.stubFor(any(urlEqualTo(hook)).willReturn(aResponse().withStatus(200).withBody("{\"received\":true}")));
        String space = freshSpace();
        String id = create(space, """
                {"name":"hook","connector_type_id":".webhook",
                 "config":{"url":"%s","headers":{"Content-Type":"application/json","X-Team":"ops"}},
                 "secrets":{"user":"alice","password":"s3cret-pw"}}""".formatted(WireMockPeer.url(hook)));
        String body = "{\"alert\":\"cpu high\",\"value\":97.5}";
        String response = kibana().body("{\"params\":{\"body\":" + quote(body) + "}}")
                .post(path(space, "/api/actions/connector/" + id + "/_execute")).then().statusCode(200)
                .extract().asString();
        assertEquals("{\"status\":\"ok\",\"data\":" + quote(body) + ",\"connector_id\":\"" + id + "\"}", response);

        LoggedRequest sent = onlyRequestTo(hook);
        assertEquals("POST", sent.getMethod().getName());
        assertEquals(body, sent.getBodyAsString());
        assertEquals("application/json", sent.getHeader("Content-Type"));
        assertEquals("ops", sent.getHeader("X-Team"));
        assertEquals("Basic YWxpY2U6czNjcmV0LXB3", sent.getHeader("Authorization"));
    }

    @Test
    void putWithoutAuthAndWithoutBody() {
        String hook = "/hooks/" + UUID.randomUUID();
        peer.stubFor(any(urlEqualTo(hook)).willReturn(aResponse().withStatus(204)));
        String space = freshSpace();
        String id = create(space, """
                {"name":"hook","connector_type_id":".webhook",
                 "config":{"url":"%s","method":"put","hasAuth":false}}""".formatted(WireMockPeer.url(hook)));
        String response = kibana().body("{\"params\":{}}")
                .post(path(space, "/api/actions/connector/" + id + "/_execute")).then().statusCode(200)
                .extract().asString();
        assertEquals("{\"status\":\"ok\",\"connector_id\":\"" + id + "\"}", response);
        LoggedRequest sent = onlyRequestTo(hook);
        assertEquals("PUT", sent.getMethod().getName());
        assertNull(sent.getHeader("Authorization"));
        assertFalse(sent.containsHeader("Authorization"));
    }

    @Test
    void getAndDeleteSendNoBodyButEchoIt() {
        String space = freshSpace();
        for (String method : new String[] {"get", "delete", "patch"}) {
            String hook = "/hooks/" + UUID.randomUUID();
            peer.stubFor(any(urlEqualTo(hook)).willReturn(aResponse().withStatus(200)));
            String id = create(space, """
                    {"name":"hook","connector_type_id":".webhook",
                     "config":{"url":"%s","method":"%s","hasAuth":false}}""".formatted(WireMockPeer.url(hook), method));
            String response = kibana().body("{\"params\":{\"body\":\"{}\"}}")
                    .post(path(space, "/api/actions/connector/" + id + "/_execute")).then().statusCode(200)
                    .extract().asString();
            assertEquals("{\"status\":\"ok\",\"data\":\"{}\",\"connector_id\":\"" + id + "\"}", response);
            LoggedRequest sent = onlyRequestTo(hook);
            assertEquals(method.toUpperCase(java.util.Locale.ROOT), sent.getMethod().getName());
            assertEquals(method.equals("patch") ? "{}" : "", sent.getBodyAsString(), method);
            assertEquals(method.equals("patch"), sent.containsHeader("Content-Length"), method);
        }
    }

    static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
