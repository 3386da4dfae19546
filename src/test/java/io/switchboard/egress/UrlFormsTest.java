package io.switchboard.egress;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.switchboard.egress.EgressException.Kind;
import io.switchboard.support.LoopbackNames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What {@link HttpEgress} does with URLs in the forms the URL Standard accepts and {@link java.net.URI} reads
 * differently: the host it checks, resolves and connects to is the host the parser read.
 */
class UrlFormsTest {

    private static WireMockServer server;
    private static int port;

    @BeforeAll
    static void start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        port = server.port();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void reset() {
        server.resetAll();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withBody("reached")));
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void numericShorthandIpv4IsSentTo127001() throws Exception {
        try (EgressFixture fixture = new EgressFixture(Map.of("xpack.actions.allowedHosts", "127.0.0.1"))) {
            for (String host : new String[] {"0x7f.1", "2130706433", "127.1", "0177.0.0.1"}) {
                assertEquals("reached", fixture.get("http://" + host + ":" + port + "/" + host).bodyText(), host);
                server.verify(getRequestedFor(urlEqualTo("/" + host)).withHeader("Host", equalTo("127.0.0.1:" + port)));
            }
        }
    }

    @Test
    void numericShorthandIpv4IsCaughtByTheDeniedRanges() throws Exception {
        try (EgressFixture fixture = new EgressFixture(Map.of("switchboard.egress.deniedCidrs", "127.0.0.0/8"))) {
            for (String host : new String[] {"0x7f.1", "2130706433", "127.1"}) {
                EgressException e = assertThrows(EgressException.class,
                        () -> fixture.get("http://" + host + ":" + port + "/x"), host);
                assertEquals(Kind.ADDRESS_DENIED, e.kind(), host);
                assertEquals("target hostname \"127.0.0.1\" resolves to 127.0.0.1, which is in the denied range "
                        + "127.0.0.0/8 (switchboard.egress.deniedCidrs)", e.getMessage(), host);
            }
        }
        server.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aRedirectToANumericShorthandIsReadTheSameWay() throws Exception {
        server.stubFor(get("/hop").willReturn(aResponse().withStatus(302)
                .withHeader("Location", "http://0x7f.1:" + port + "/landed")));
        try (EgressFixture fixture = new EgressFixture(Map.of("xpack.actions.allowedHosts", "127.0.0.1"))) {
            assertEquals("reached", fixture.get("http://127.0.0.1:" + port + "/hop").bodyText());
        }
        server.verify(getRequestedFor(urlEqualTo("/landed")).withHeader("Host", equalTo("127.0.0.1:" + port)));
        server.resetRequests();
        try (EgressFixture fixture = new EgressFixture(Map.of("switchboard.egress.deniedCidrs", "127.0.0.2/32"))) {
            server.stubFor(get("/hop2").willReturn(aResponse().withStatus(302)
                    .withHeader("Location", "http://2130706434:" + port + "/landed")));
            EgressException e = assertThrows(EgressException.class,
                    () -> fixture.get("http://127.0.0.1:" + port + "/hop2"));
            assertEquals(Kind.ADDRESS_DENIED, e.kind());
        }
        server.verify(0, getRequestedFor(urlEqualTo("/landed")));
    }

    @Test
    void aRedirectIsResolvedAsBrowsersAndNodeResolveIt() throws Exception {
        // "/\host/path" is scheme-relative for http: the standard's parser reads a new host, java.net.URI a path
        server.stubFor(get("/hop").willReturn(aResponse().withStatus(302)
                .withHeader("Location", "/\\localhost:" + port + "/landed")));
        try (EgressFixture fixture = new EgressFixture(Map.of("xpack.actions.allowedHosts", "127.0.0.1"))) {
            EgressException e = assertThrows(EgressException.class,
                    () -> fixture.get("http://127.0.0.1:" + port + "/hop"));
            assertEquals(Kind.HOST_NOT_ALLOWED, e.kind());
            assertEquals("target hostname \"localhost\" is not added to the Kibana config xpack.actions.allowedHosts",
                    e.getMessage());
        }
    }

    @Test
    void anInternationalNameIsResolvedAndSentInPunycode() throws Exception {
        try (EgressFixture fixture = new EgressFixture(Map.of("xpack.actions.allowedHosts", "bücher.example"))) {
            assertEquals("reached", fixture.get("http://BÜCHER.example:" + port + "/idn").bodyText());
            EgressException refused = assertThrows(EgressException.class,
                    () -> fixture.get("http://bucher.example:" + port + "/idn"));
            assertEquals("target hostname \"bucher.example\" is not added to the Kibana config "
                    + "xpack.actions.allowedHosts", refused.getMessage());
        }
        server.verify(getRequestedFor(urlEqualTo("/idn"))
                .withHeader("Host", equalTo(LoopbackNames.INTERNATIONAL + ":" + port)));
    }

    @Test
    void anUnderscoreHostIsResolvedAndSentAsWritten() throws Exception {
        try (EgressFixture fixture = new EgressFixture(Map.of("xpack.actions.allowedHosts", "my_host.internal"))) {
            assertEquals("reached", fixture.get("http://My_Host.internal:" + port + "/underscore").bodyText());
        }
        server.verify(getRequestedFor(urlEqualTo("/underscore"))
                .withHeader("Host", equalTo(LoopbackNames.UNDERSCORE + ":" + port)));
    }

    @Test
    void anIpv6ZoneIdIsNoUrl() throws Exception {
        try (EgressFixture fixture = new EgressFixture(Map.of())) {
            for (String url : new String[] {"http://[fe80::1%25lo]:" + port + "/", "http://[::1%lo]:" + port + "/"}) {
                EgressException e = assertThrows(EgressException.class, () -> fixture.get(url), url);
                assertEquals(Kind.INVALID_URL, e.kind(), url);
                assertEquals("Invalid URL", e.getMessage(), url);
            }
        }
        server.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void userinfoIsSentAsBasicAuthorizationAsAxiosSendsIt() throws Exception {
        try (EgressFixture fixture = new EgressFixture(Map.of())) {
            fixture.get("http://ops:p%40ss:w@127.0.0.1:" + port + "/userinfo");
            // the URL's credentials replace an Authorization header, as in axios
            fixture.send(new OutboundRequest("GET", "http://ops:pw@127.0.0.1:" + port + "/replaced",
                    Map.of("authorization", "Bearer from-headers"), null));
            fixture.send(new OutboundRequest("GET", "http://:only-password@127.0.0.1:" + port + "/kept",
                    Map.of("Authorization", "Bearer from-headers"), null));
        }
        server.verify(getRequestedFor(urlEqualTo("/userinfo")).withHeader("Authorization",
                equalTo(basic("ops:p%40ss%3Aw"))));
        server.verify(getRequestedFor(urlEqualTo("/replaced")).withHeader("Authorization", equalTo(basic("ops:pw"))));
        server.verify(getRequestedFor(urlEqualTo("/kept"))
                .withHeader("Authorization", equalTo("Bearer from-headers")));
    }

    @Test
    void aConfiguredServiceKeepsItsOwnAuthorization() throws Exception {
        try (EgressFixture fixture = new EgressFixture(Map.of())) {
            fixture.egress.sendToConfiguredService(new OutboundRequest("GET", "http://ops:pw@127.0.0.1:" + port
                    + "/es", Map.of("Authorization", "ApiKey configured"), null), Instant.now().plusSeconds(30));
        }
        server.verify(getRequestedFor(urlEqualTo("/es")).withHeader("Authorization", equalTo("ApiKey configured")));
    }

    @Test
    void userinfoFollowsARelativeRedirectButNotAnotherHost() throws Exception {
        server.stubFor(get("/same").willReturn(aResponse().withStatus(302).withHeader("Location", "/same-landed")));
        server.stubFor(get("/other").willReturn(aResponse().withStatus(302)
                .withHeader("Location", "http://localhost:" + port + "/other-landed")));
        try (EgressFixture fixture = new EgressFixture(Map.of())) {
            fixture.get("http://ops:pw@127.0.0.1:" + port + "/same");
            fixture.get("http://ops:pw@127.0.0.1:" + port + "/other");
        }
        server.verify(getRequestedFor(urlEqualTo("/same-landed")).withHeader("Authorization", equalTo(basic("ops:pw"))));
        server.verify(getRequestedFor(urlEqualTo("/other-landed")).withoutHeader("Authorization"));
    }

    @Test
    void userinfoIsInNoMessage() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        try (EgressFixture fixture = new EgressFixture(Map.of())) {
            EgressException refused = assertThrows(EgressException.class,
                    () -> fixture.get("http://ops:s3cret-Zq81@127.0.0.1:" + closed + "/x"));
            assertEquals(Kind.CONNECTION, refused.kind());
            assertFalse(refused.getMessage().contains("s3cret"), refused.getMessage());
            assertFalse(Target.parse("http://ops:s3cret-Zq81@127.0.0.1/x").toString().contains("s3cret"));
        }
        try (EgressFixture fixture = new EgressFixture(Map.of("xpack.actions.allowedHosts", "example.com"))) {
            EgressException notAllowed = assertThrows(EgressException.class,
                    () -> fixture.get("http://ops:s3cret-Zq81@127.0.0.1:" + port + "/x"));
            assertFalse(notAllowed.getMessage().contains("s3cret"), notAllowed.getMessage());
        }
    }
}
