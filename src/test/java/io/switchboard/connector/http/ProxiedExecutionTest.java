package io.switchboard.connector.http;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.switchboard.support.ForwardProxy;
import io.switchboard.support.ProxyPeers;
import io.switchboard.support.WireMockPeer;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.switchboard.support.Api.create;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.kibana;
import static io.switchboard.support.Api.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Connectors executed through {@code xpack.actions.proxyUrl}, a real forwarding proxy that asks for credentials: HTTP
 * and SMTP alike.
 */
@QuarkusTest
@WithTestResource(ProxyPeers.class)
class ProxiedExecutionTest {

    private static String execute(String space, String id, String params) {
        return kibana().body("{\"params\":" + params + "}")
                .post(path(space, "/api/actions/connector/" + id + "/_execute")).then().statusCode(200)
                .extract().asString();
    }

    private static List<ForwardProxy.Received> receivedFor(String authority) {
        return ProxyPeers.proxy().received().stream()
                .filter(request -> request.uri().contains(authority)).toList();
    }

    @Test
    void anHttpsWebhookGoesThroughATunnelCarryingTheProxyHeaders() {
        WireMockServer service = ProxyPeers.https();
        String hook = "/hooks/" + UUID.randomUUID();
        service.stubFor(post(urlEqualTo(hook)).willReturn(aResponse().withStatus(200)));
        String space = freshSpace();
        String id = create(space, """
                {"name":"hook","connector_type_id":".webhook",
                 "config":{"url":"https://localhost:%d%s","hasAuth":false,
                           "headers":{"Content-Type":"application/json"}}}""".formatted(service.httpsPort(), hook));

        assertEquals("{\"status\":\"ok\",\"data\":\"{}\",\"connector_id\":\"" + id + "\"}",
                execute(space, id, "{\"body\":\"{}\"}"));

        List<LoggedRequest> delivered = service.findAll(anyRequestedFor(urlEqualTo(hook)));
        assertEquals(1, delivered.size());
        assertFalse(delivered.getFirst().containsHeader("X-Proxy-Tenant"), "proxy headers stay with the proxy");
        List<ForwardProxy.Received> tunnels = receivedFor("localhost:" + service.httpsPort());
        assertEquals(1, tunnels.size(), "the only call to this service opened one tunnel");
        ForwardProxy.Received connect = tunnels.getFirst();
        assertEquals("CONNECT", connect.method());
        assertEquals(ProxyPeers.CREDENTIALS, connect.headers().get("Proxy-Authorization"));
        assertEquals("ops", connect.headers().get("X-Proxy-Tenant"));

        String metrics = RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertFalse(metrics.contains(":" + service.httpsPort()), "no target address in a metric label");
        // (Other tests send CONNECT requests to Switchboard itself, which are refused: only an answered one would be
        // the relay's tunnel.)
        assertFalse(metrics.lines().anyMatch(line -> line.contains("method=\"CONNECT\"")
                        && line.contains("outcome=\"SUCCESS\"")), "the relay's tunnels are not HTTP server traffic");
    }

    @Test
    void aPlainHttpWebhookIsForwardedWithTheProxyCredentialsOnly() {
        String hook = "/hooks/" + UUID.randomUUID();
        WireMockPeer.server().stubFor(post(urlEqualTo(hook)).willReturn(aResponse().withStatus(200)));
        String space = freshSpace();
        String id = create(space, """
                {"name":"hook","connector_type_id":".webhook",
                 "config":{"url":"%s","hasAuth":false,"headers":{"Content-Type":"text/plain"}}}"""
                .formatted(WireMockPeer.url(hook)));

        assertEquals("{\"status\":\"ok\",\"data\":\"ping\",\"connector_id\":\"" + id + "\"}",
                execute(space, id, "{\"body\":\"ping\"}"));

        List<ForwardProxy.Received> forwarded = receivedFor(hook);
        assertEquals(1, forwarded.size());
        assertEquals("POST", forwarded.getFirst().method());
        assertEquals(WireMockPeer.url(hook), forwarded.getFirst().uri());
        assertEquals(ProxyPeers.CREDENTIALS, forwarded.getFirst().headers().get("Proxy-Authorization"));
        assertFalse(forwarded.getFirst().headers().contains("X-Proxy-Tenant"));
        assertEquals("ping", WireMockPeer.server().findAll(anyRequestedFor(urlEqualTo(hook))).getFirst()
                .getBodyAsString());
    }

    @Test
    void mailGoesThroughATunnelToTheSmtpServer() throws Exception {
        GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        try {
            int port = mail.getSmtp().getPort();
            String space = freshSpace();
            String id = create(space, """
                    {"name":"mail","connector_type_id":".email",
                     "config":{"host":"localhost","port":%d,"from":"alerts@example.com","hasAuth":false}}""".formatted(
                    port));

            String answer = execute(space, id,
                    "{\"to\":[\"ops@example.org\"],\"subject\":\"via proxy\",\"message\":\"m\"}");

            assertTrue(answer.contains("\"status\":\"ok\""), answer);
            MimeMessage[] received = mail.getReceivedMessages();
            assertEquals(1, received.length);
            assertEquals("via proxy", received[0].getSubject());
            List<ForwardProxy.Received> tunnels = receivedFor("localhost:" + port);
            assertEquals(1, tunnels.size());
            assertEquals("CONNECT", tunnels.getFirst().method());
            assertEquals(ProxyPeers.CREDENTIALS, tunnels.getFirst().headers().get("Proxy-Authorization"));
            assertEquals("ops", tunnels.getFirst().headers().get("X-Proxy-Tenant"));
        } finally {
            mail.stop();
        }
    }
}
