package io.switchboard.connector.http;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.support.WireMockPeer;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.switchboard.support.Api.create;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.kibana;
import static io.switchboard.support.Api.path;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@code switchboard.egress.deniedCidrs} end to end: no request or mail reaches a denied address, whatever the URL or
 * host says.
 */
@QuarkusTest
@TestProfile(DeniedAddressesTest.LoopbackDenied.class)
class DeniedAddressesTest {

    public static class LoopbackDenied implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.egress.deniedCidrs", "169.254.169.254/32,fd00:ec2::254/128,127.0.0.0/8");
        }
    }

    private static void assertRefused(String url, String host) {
        String space = freshSpace();
        String id = create(space, """
                {"name":"probe","connector_type_id":".webhook","config":{"url":"%s","hasAuth":false}}""".formatted(url));
        kibana().body("{\"params\":{\"body\":\"{}\"}}").post(path(space, "/api/actions/connector/" + id + "/_execute"))
                .then().statusCode(200)
                .body("status", equalTo("error"))
                .body("message", equalTo("error calling webhook, request failed"))
                .body("service_message", containsString(host));
    }

    @Test
    void hostnameResolvingToADeniedAddressIsNeverCalled() {
        WireMockServer peer = WireMockPeer.server();
        String hook = "/denied/" + UUID.randomUUID();
        peer.stubFor(any(urlEqualTo(hook)).willReturn(aResponse().withStatus(200)));
        assertRefused("http://localhost:" + peer.port() + hook, "localhost");
        assertRefused("http://127.0.0.1:" + peer.port() + hook, "127.0.0.1");
        // the URL parser writes an IPv4-mapped address in hex, as Node does: [::ffff:7f00:1]
        assertRefused("http://[::ffff:127.0.0.1]:" + peer.port() + hook, "::ffff:7f00:1");
        assertEquals(0, peer.findAll(anyRequestedFor(urlEqualTo(hook))).size());
    }

    @Test
    void numericShorthandForALoopbackAddressIsCreatedThenDenied() {
        WireMockServer peer = WireMockPeer.server();
        String hook = "/denied/" + UUID.randomUUID();
        peer.stubFor(any(urlEqualTo(hook)).willReturn(aResponse().withStatus(200)));
        for (String host : new String[] {"0x7f.1", "2130706433", "127.1"}) {
            String space = freshSpace();
            String id = create(space, """
                    {"name":"probe","connector_type_id":".webhook","config":{"url":"http://%s:%d%s","hasAuth":false}}"""
                    .formatted(host, peer.port(), hook));
            kibana().body("{\"params\":{\"body\":\"{}\"}}")
                    .post(path(space, "/api/actions/connector/" + id + "/_execute")).then().statusCode(200)
                    .body("status", equalTo("error"))
                    .body("message", equalTo("error calling webhook, request failed"))
                    .body("service_message", equalTo("target hostname \"127.0.0.1\" resolves to 127.0.0.1, which is"
                            + " in the denied range 127.0.0.0/8 (switchboard.egress.deniedCidrs)"));
        }
        assertEquals(0, peer.findAll(anyRequestedFor(urlEqualTo(hook))).size());
    }

    @Test
    void cloudMetadataAddressIsDenied() {
        assertRefused("http://169.254.169.254/latest/meta-data/", "169.254.169.254");
    }

    @Test
    void emailToAServerAtADeniedAddressIsNeverSent() throws Exception {
        try (ServerSocket smtp = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            smtp.setSoTimeout(300);
            String space = freshSpace();
            String id = create(space, """
                    {"name":"mail","connector_type_id":".email",
                     "config":{"host":"localhost","port":%d,"from":"alerts@example.com","hasAuth":false}}""".formatted(
                    smtp.getLocalPort()));
            kibana().body("{\"params\":{\"to\":[\"ops@example.org\"],\"subject\":\"s\",\"message\":\"m\"}}")
                    .post(path(space, "/api/actions/connector/" + id + "/_execute")).then().statusCode(200)
                    .body("status", equalTo("error"))
                    .body("message", equalTo("error sending email"))
                    .body("service_message", equalTo("target hostname \"localhost\" resolves to 127.0.0.1, which is"
                            + " in the denied range 127.0.0.0/8 (switchboard.egress.deniedCidrs)"));
            assertThrows(SocketTimeoutException.class, smtp::accept, "no connection reaches the SMTP port");
        }
    }
}
