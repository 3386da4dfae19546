package io.switchboard.egress;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.switchboard.egress.EgressException.Kind;
import io.switchboard.support.ClosedPort;
import io.switchboard.support.ForwardProxy;
import io.switchboard.support.TestCertificates;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.ProxyOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outbound proxy against a real forwarding proxy: CONNECT tunnels with {@code proxyHeaders} for https targets,
 * absolute-form requests for plain-http ones, credentials, a TLS proxy and its verification, refusals and failures.
 */
class OutboundProxyTest {

    private static final String CREDENTIALS = "Basic " + Base64.getEncoder()
            .encodeToString("squid:pa@ss".getBytes(StandardCharsets.UTF_8));

    @TempDir
    static Path dir;

    private static WireMockServer https;
    private static WireMockServer plain;
    private static Path caFile;

    @BeforeAll
    static void start() throws Exception {
        TestCertificates certificates = TestCertificates.get();
        caFile = dir.resolve("ca.pem");
        Files.writeString(caFile, certificates.serverCertificatePem);
        https = new WireMockServer(options().httpDisabled(true).dynamicHttpsPort().bindAddress("127.0.0.1")
                .keystorePath(certificates.serverStore.toString()).keystorePassword(TestCertificates.PASSWORD)
                .keyManagerPassword(TestCertificates.PASSWORD).keystoreType("PKCS12"));
        plain = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        https.start();
        plain.start();
        https.stubFor(any(anyUrl()).willReturn(aResponse().withBody("secure")));
        plain.stubFor(any(anyUrl()).willReturn(aResponse().withBody("plain")));
    }

    @AfterAll
    static void stop() {
        https.stop();
        plain.stop();
    }

    private static String httpsUrl() {
        return "https://localhost:" + https.httpsPort() + "/tunnelled?q=1";
    }

    private static String plainUrl() {
        return "http://localhost:" + plain.port() + "/forwarded?q=1";
    }

    /** Settings trusting the https peer, plus the given ones. */
    private static Map<String, String> settings(String... keyValues) {
        Map<String, String> settings = new HashMap<>();
        settings.put("xpack.actions.customHostSettings[0].url", "https://localhost:" + https.httpsPort());
        settings.put("xpack.actions.customHostSettings[0].ssl.certificateAuthoritiesFiles[0]", caFile.toString());
        for (int i = 0; i < keyValues.length; i += 2) {
            settings.put(keyValues[i], keyValues[i + 1]);
        }
        return settings;
    }

    @Test
    void httpsTargetsAreTunnelledWithTheProxyHeaders() throws Exception {
        try (ForwardProxy proxy = new ForwardProxy(false, CREDENTIALS);
             EgressFixture fixture = new EgressFixture(settings(
                     "xpack.actions.proxyUrl", "http://127.0.0.1:" + proxy.port(),
                     "xpack.actions.proxyHeaders.Proxy-Authorization", CREDENTIALS,
                     "xpack.actions.proxyHeaders.X-Proxy-Tenant", "ops"))) {
            int calls = 4;
            for (int i = 0; i < calls; i++) {
                assertEquals("secure", fixture.get(httpsUrl()).bodyText());
            }

            List<ForwardProxy.Received> received = proxy.received();
            // A call may start before the previous one's connection is back in the pool, so count reuse, not one.
            assertTrue(received.size() < calls, "tunnels are kept alive and reused: " + received.size());
            for (ForwardProxy.Received connect : received) {
                assertEquals("CONNECT", connect.method());
                assertEquals("localhost:" + https.httpsPort(), connect.uri());
                assertEquals("localhost:" + https.httpsPort(), connect.headers().get("Host"));
                assertEquals(CREDENTIALS, connect.headers().get("Proxy-Authorization"));
                assertEquals("ops", connect.headers().get("X-Proxy-Tenant"));
            }
            assertEquals(calls, https.getAllServeEvents().size());
            https.getAllServeEvents().forEach(event -> {
                assertFalse(event.getRequest().containsHeader("X-Proxy-Tenant"), "proxy headers stay with the proxy");
                assertFalse(event.getRequest().containsHeader("Proxy-Authorization"));
            });
        }
        https.resetRequests();
    }

    @Test
    void plainTargetsAreForwardedInAbsoluteFormWithOnlyTheProxyCredentials() throws Exception {
        try (ForwardProxy proxy = new ForwardProxy(false, CREDENTIALS);
             EgressFixture fixture = new EgressFixture(settings(
                     "xpack.actions.proxyUrl", "http://squid:pa%40ss@127.0.0.1:" + proxy.port(),
                     "xpack.actions.proxyHeaders.X-Proxy-Tenant", "ops"))) {
            assertEquals("plain", fixture.get(plainUrl()).bodyText());
            assertEquals("secure", fixture.get(httpsUrl()).bodyText(), "userinfo credentials also open tunnels");

            List<ForwardProxy.Received> received = proxy.received();
            assertEquals(2, received.size());
            ForwardProxy.Received forwarded = received.get(0);
            assertEquals("GET", forwarded.method());
            assertEquals("http://localhost:" + plain.port() + "/forwarded?q=1", forwarded.uri());
            assertEquals("localhost:" + plain.port(), forwarded.headers().get("Host"));
            assertEquals(CREDENTIALS, forwarded.headers().get("Proxy-Authorization"));
            assertNull(forwarded.headers().get("X-Proxy-Tenant"), "a forwarding proxy would pass it to the target");
            assertEquals("CONNECT", received.get(1).method());
            assertEquals(CREDENTIALS, received.get(1).headers().get("Proxy-Authorization"));
            assertEquals("ops", received.get(1).headers().get("X-Proxy-Tenant"));
        }
        https.resetRequests();
    }

    @Test
    void aTlsProxyIsVerifiedPerTheProxyVerificationMode() throws Exception {
        try (ForwardProxy proxy = new ForwardProxy(true, null)) {
            String proxyUrl = "https://localhost:" + proxy.port();
            try (EgressFixture untrusted = new EgressFixture(settings("xpack.actions.proxyUrl", proxyUrl))) {
                for (String url : List.of(httpsUrl(), plainUrl())) {
                    EgressException e = assertThrows(EgressException.class, () -> untrusted.get(url));
                    assertEquals(Kind.TLS, e.kind(), url + ": " + e);
                }
            }
            assertEquals(List.of(), proxy.received(), "nothing is sent to a proxy that failed verification");

            Map<String, String> trusted = settings("xpack.actions.proxyUrl", proxyUrl,
                    "xpack.actions.customHostSettings[1].url", proxyUrl,
                    "xpack.actions.customHostSettings[1].ssl.certificateAuthoritiesFiles[0]", caFile.toString());
            try (EgressFixture fixture = new EgressFixture(trusted)) {
                assertEquals("secure", fixture.get(httpsUrl()).bodyText());
                assertEquals("plain", fixture.get(plainUrl()).bodyText());
            }
            try (EgressFixture fixture = new EgressFixture(settings("xpack.actions.proxyUrl",
                    "https://127.0.0.1:" + proxy.port(), "xpack.actions.ssl.proxyVerificationMode", "none"))) {
                assertEquals("secure", fixture.get(httpsUrl()).bodyText());
                assertEquals("plain", fixture.get(plainUrl()).bodyText());
            }
            assertEquals(List.of("CONNECT", "GET", "CONNECT", "GET"),
                    proxy.received().stream().map(ForwardProxy.Received::method).toList());
        }
        https.resetRequests();
    }

    @Test
    void aProxyRefusalReadsAsTheProxysAnswer() throws Exception {
        try (ForwardProxy proxy = new ForwardProxy(false, CREDENTIALS);
             EgressFixture fixture = new EgressFixture(settings(
                     "xpack.actions.proxyUrl", "http://127.0.0.1:" + proxy.port()))) {
            OutboundResponse tunnelled = fixture.get(httpsUrl());
            assertEquals(407, tunnelled.status());
            assertEquals("Proxy Authentication Required", tunnelled.statusText());
            OutboundResponse forwarded = fixture.get(plainUrl());
            assertEquals(407, forwarded.status());
        }
        assertEquals(0, https.getAllServeEvents().size());
    }

    @Test
    void anUnreachableProxyIsAConnectionError() throws Exception {
        try (ClosedPort closedPort = new ClosedPort();
             EgressFixture fixture = new EgressFixture(settings(
                     "xpack.actions.proxyUrl", "http://127.0.0.1:" + closedPort.port()))) {
            for (String url : List.of(httpsUrl(), plainUrl())) {
                EgressException e = assertThrows(EgressException.class, () -> fixture.get(url));
                assertEquals(Kind.CONNECTION, e.kind(), url);
                assertEquals("ECONNREFUSED", e.code(), url);
                assertEquals("connect ECONNREFUSED 127.0.0.1:" + closedPort.port(), e.getMessage(), url);
            }
        }
    }

    @Test
    void theRelayServesOnlyThisProcess() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (ForwardProxy proxy = new ForwardProxy(false, null)) {
            ProxySettings settings = EgressFixture.settings(Map.of(
                    "xpack.actions.proxyUrl", "http://127.0.0.1:" + proxy.port())).proxy().orElseThrow();
            OutboundProxy outbound = new OutboundProxy(vertx, settings, vertx.createHttpClient(), Duration.ofSeconds(5));
            ProxyOptions relay = outbound.relayOptions();
            assertEquals("127.0.0.1", relay.getHost());
            HttpClient stranger = vertx.createHttpClient();
            for (String authorization : new String[] {null, "Basic " + Base64.getEncoder().encodeToString(
                    (relay.getUsername() + ":guess").getBytes(StandardCharsets.UTF_8))}) {
                RequestOptions connect = new RequestOptions().setMethod(HttpMethod.CONNECT).setHost("127.0.0.1")
                        .setPort(relay.getPort()).setURI("localhost:" + plain.port());
                if (authorization != null) {
                    connect.putHeader("Proxy-Authorization", authorization);
                }
                int status = stranger.request(connect)
                        .compose(request -> request.exceptionHandler(ignored -> { }).connect())
                        .map(response -> response.statusCode())
                        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                assertEquals(407, status);
            }
            int status = stranger.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
                            .setPort(relay.getPort()).setURI("http://localhost:" + plain.port() + "/"))
                    .compose(request -> request.send()).map(response -> response.statusCode())
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals(405, status, "the relay only tunnels");
            assertTrue(proxy.received().isEmpty(), "nothing reached the real proxy");
            outbound.close();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
