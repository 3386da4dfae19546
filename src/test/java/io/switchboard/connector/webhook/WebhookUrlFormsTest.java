package io.switchboard.connector.webhook;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.support.LogCapture;
import io.switchboard.support.LoopbackNames;
import io.switchboard.support.WireMockPeer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.switchboard.support.Api.assertError;
import static io.switchboard.support.Api.create;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.kibana;
import static io.switchboard.support.Api.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.hamcrest.Matchers.equalTo;

/**
 * A {@code .webhook} connector created with a URL in each form where the URL Standard and {@link java.net.URI}
 * part ways, then run: creation and execution read the same host, so what creation accepts is sent there, and what
 * {@code allowedHosts} allows is what is called.
 */
@QuarkusTest
@TestProfile(WebhookUrlFormsTest.UrlForms.class)
class WebhookUrlFormsTest {

    /** Only loopback, written as an address, and the two test names (one written in Unicode) may be called. */
    public static class UrlForms implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("xpack.actions.allowedHosts", "127.0.0.1,bücher.example," + LoopbackNames.UNDERSCORE);
        }
    }

    private static final LogCapture LOGS = LogCapture.install();
    private static final String CONFIG_ERROR = "error validating action type config: error configuring webhook "
            + "action: ";

    private final WireMockServer peer = WireMockPeer.server();

    /** Creates a webhook for {@code url}, runs it, and returns the one request the peer received at {@code path}. */
    private LoggedRequest createAndRun(String url, String path) {
        peer.stubFor(any(urlEqualTo(path)).willReturn(aResponse().withStatus(200)));
        String space = freshSpace();
        String id = create(space, """
                {"name":"hook","connector_type_id":".webhook","config":{"url":"%s","hasAuth":false}}"""
                .formatted(url));
        kibana().body("{\"params\":{\"body\":\"{}\"}}").post(path(space, "/api/actions/connector/" + id + "/_execute"))
                .then().statusCode(200).body("status", equalTo("ok"));
        List<LoggedRequest> requests = peer.findAll(anyRequestedFor(urlEqualTo(path)));
        assertEquals(1, requests.size(), url);
        return requests.getFirst();
    }

    private static String hook() {
        return "/forms/" + UUID.randomUUID();
    }

    @Test
    void anInternationalNameIsAllowedAndCalledInPunycode() {
        String hook = hook();
        LoggedRequest sent = createAndRun("http://B\\u00DCCHER.example:" + peer.port() + hook, hook);
        assertEquals(LoopbackNames.INTERNATIONAL + ":" + peer.port(), sent.getHeader("Host"));
    }

    @Test
    void anUnderscoreHostIsAllowedAndCalledAsWritten() {
        String hook = hook();
        LoggedRequest sent = createAndRun("http://" + LoopbackNames.UNDERSCORE + ":" + peer.port() + hook, hook);
        assertEquals(LoopbackNames.UNDERSCORE + ":" + peer.port(), sent.getHeader("Host"));
    }

    @Test
    void numericShorthandIpv4IsAllowedAsAndCalledAt127001() {
        for (String host : new String[] {"0x7f.1", "2130706433", "127.1"}) {
            String hook = hook();
            LoggedRequest sent = createAndRun("http://" + host + ":" + peer.port() + hook, hook);
            assertEquals("127.0.0.1:" + peer.port(), sent.getHeader("Host"), host);
        }
    }

    @Test
    void aHostOutsideAllowedHostsIsRefusedAtCreation() {
        assertError(kibana().body(WebhookConnectorTest.connector("{\"url\":\"http://bucher.example/hook\"}", "{}"))
                        .post(path(freshSpace(), "/api/actions/connector")).then(), 400,
                CONFIG_ERROR + "target url \"http://bucher.example/hook\" is not added to the Kibana config "
                        + "xpack.actions.allowedHosts");
        assertError(kibana().body(WebhookConnectorTest.connector("{\"url\":\"http://127.0.0.2/hook\"}", "{}"))
                        .post(path(freshSpace(), "/api/actions/connector")).then(), 400,
                CONFIG_ERROR + "target url \"http://127.0.0.2/hook\" is not added to the Kibana config "
                        + "xpack.actions.allowedHosts");
    }

    @Test
    void anIpv6ZoneIdIsAClear400AtCreation() {
        String url = "http://[fe80::1%25lo]:" + peer.port() + "/hook";
        assertError(kibana().body(WebhookConnectorTest.connector("{\"url\":\"" + url + "\"}", "{}"))
                        .post(path(freshSpace(), "/api/actions/connector")).then(), 400,
                CONFIG_ERROR + "unable to parse url: TypeError: Invalid URL: " + url);
        assertError(kibana().body(WebhookConnectorTest.connector("{\"url\":\"http://ops:s3cret-Zq81@[::1%lo]/\"}", "{}"))
                        .post(path(freshSpace(), "/api/actions/connector")).then(), 400,
                CONFIG_ERROR + "unable to parse url: TypeError: Invalid URL: http://[::1%lo]/");
    }

    @Test
    void userinfoIsSentAsBasicAuthorizationAndPrintedNowhere() {
        String hook = hook();
        LoggedRequest sent = createAndRun("http://ops:s3cret-Zq81@127.0.0.1:" + peer.port() + hook, hook);
        assertEquals("Basic " + Base64.getEncoder().encodeToString("ops:s3cret-Zq81".getBytes(StandardCharsets.UTF_8)),
                sent.getHeader("Authorization"));

        String failing = hook();
        peer.stubFor(any(urlEqualTo(failing)).willReturn(aResponse().withStatus(500)));
        String space = freshSpace();
        String id = create(space, """
                {"name":"hook","connector_type_id":".webhook","config":{"url":"%s","hasAuth":false}}"""
                .formatted("http://ops:s3cret-Zq81@127.0.0.1:" + peer.port() + failing));
        String answer = kibana().body("{\"params\":{\"body\":\"{}\"}}")
                .post(path(space, "/api/actions/connector/" + id + "/_execute")).then().statusCode(200)
                .body("status", equalTo("error")).extract().asString();
        assertFalse(answer.contains("s3cret"), answer);
        String refused = kibana().body(WebhookConnectorTest.connector(
                        "{\"url\":\"http://ops:s3cret-Zq81@127.0.0.2/hook\"}", "{}"))
                .post(path(space, "/api/actions/connector")).then().statusCode(400).extract().asString();
        assertFalse(refused.contains("s3cret"), refused);
        assertFalse(LOGS.text().contains("s3cret"), "a log line holds the password of a URL");
    }
}
