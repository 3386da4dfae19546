package io.switchboard.egress;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.switchboard.egress.EgressException.Kind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpEgressTest {

    private static WireMockServer server;
    private static String base;
    private static String localBase;

    @BeforeAll
    static void start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        base = "http://127.0.0.1:" + server.port();
        localBase = "http://localhost:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void reset() {
        server.resetAll();
    }

    @Test
    void sendsMethodHeadersAndBodyExactlyAndReturnsTheResponse() throws Exception {
        server.stubFor(post("/hook?x=1").willReturn(aResponse().withStatus(201).withStatusMessage("Created")
                .withHeader("X-Reply", "one", "two").withHeader("Content-Type", "text/plain; charset=ISO-8859-1")
                .withBody("caf\u00e9".getBytes(StandardCharsets.ISO_8859_1))));
        byte[] body = "{\"text\":\"h\u00e9llo\"}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("X-Routing-Key", "rk-1");
        headers.put("Authorization", "Basic dTpw");
        try (EgressFixture fixture = new EgressFixture(Map.of())) {
            OutboundResponse response = fixture.send(new OutboundRequest("post", base + "/hook?x=1", headers, body));
            assertEquals(201, response.status());
            assertEquals("Created", response.statusText());
            assertEquals(List.of("one", "two"), response.headers().get("x-reply"));
            assertEquals("one", response.header("X-REPLY").orElseThrow());
            assertEquals("caf\u00e9", response.bodyText());
        }
        server.verify(1, postRequestedFor(urlEqualTo("/hook?x=1"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("X-Routing-Key", equalTo("rk-1"))
                .withHeader("Authorization", equalTo("Basic dTpw"))
                .withHeader("Content-Length", equalTo(String.valueOf(body.length)))
                .withHeader("Host", equalTo("127.0.0.1:" + server.port()))
                .withRequestBody(binaryEqualTo(body)));
    }

    @Test
    void everyStatusIsAResponse() throws Exception {
        server.stubFor(get("/gone").willReturn(aResponse().withStatus(503).withBody("busy")));
        try (EgressFixture fixture = new EgressFixture(Map.of())) {
            OutboundResponse response = fixture.get(base + "/gone");
            assertEquals(503, response.status());
            assertEquals("busy", response.bodyText());
        }
    }

    @Test
    void theCallersDeadlineCutsASlowResponse() throws Exception {
        server.stubFor(get("/slow").willReturn(aResponse().withFixedDelay(5_000).withBody("late")));
        try (EgressFixture fixture = new EgressFixture(Map.of())) {
            Instant deadline = Instant.now().plusMillis(400);
            EgressException e = assertThrows(EgressException.class, () -> fixture.egress.send(
                    new OutboundRequest("GET", base + "/slow", Map.of(), null), deadline));
            assertEquals(Kind.TIMEOUT, e.kind());
            assertEquals("ECONNABORTED", e.code());
            assertTrue(Instant.now().isBefore(deadline.plusSeconds(2)), "gave up near the deadline");
        }
    }

    @Test
    void theResponseTimeoutSettingWinsWhenItIsEarlier() throws Exception {
        server.stubFor(get("/slow").willReturn(aResponse().withFixedDelay(5_000).withBody("late")));
        try (EgressFixture fixture = new EgressFixture(Map.of("xpack.actions.responseTimeout", "300ms"))) {
            EgressException e = assertThrows(EgressException.class, () -> fixture.get(base + "/slow"));
            assertEquals(Kind.TIMEOUT, e.kind());
            assertEquals("timeout of 300ms exceeded", e.getMessage());
        }
    }

    @Test
    void aDeadlineAlreadyPassedFailsWithoutCalling() throws Exception {
        try (EgressFixture fixture = new EgressFixture(Map.of())) {
            EgressException e = assertThrows(EgressException.class, () -> fixture.egress.send(
                    new OutboundRequest("GET", base + "/x", Map.of(), null), Instant.now().minusSeconds(1)));
            assertEquals(Kind.TIMEOUT, e.kind());
        }
        server.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aBodyOverTheCapIsRefused() throws Exception {
        server.stubFor(get("/big").willReturn(aResponse().withBody(new byte[10 * 1024])));
        server.stubFor(get("/exact").willReturn(aResponse().withBody(new byte[1024])));
        try (EgressFixture fixture = new EgressFixture(Map.of("xpack.actions.maxResponseContentLength", "1kb"))) {
            // Repeated: the refused response's connection must never be handed to the next call while closing.
            for (int round = 0; round < 10; round++) {
                EgressException e = assertThrows(EgressException.class, () -> fixture.get(base + "/big"));
                assertEquals(Kind.RESPONSE_TOO_LARGE, e.kind());
                assertEquals("maxContentLength size of 1024 exceeded", e.getMessage());
                assertEquals(1024, fixture.get(base + "/exact").body().length);
            }
        }
    }

    @Test
    void aChunkedBodyOverTheCapIsRefusedWhileStreaming() throws Exception {
        server.stubFor(get("/chunked").willReturn(aResponse().withBody(new byte[10 * 1024])
                .withChunkedDribbleDelay(10, 200)));
        server.stubFor(get("/small-chunked").willReturn(aResponse().withBody(new byte[900])
                .withChunkedDribbleDelay(3, 30)));
        try (EgressFixture fixture = new EgressFixture(Map.of("xpack.actions.maxResponseContentLength", "1kb"))) {
            OutboundResponse small = fixture.get(base + "/small-chunked");
            assertTrue(small.header("content-length").isEmpty(), "the peer streamed without a length");
            assertEquals(900, small.body().length);
            EgressException e = assertThrows(EgressException.class, () -> fixture.get(base + "/chunked"));
            assertEquals(Kind.RESPONSE_TOO_LARGE, e.kind());
        }
    }

    @Test
    void aRefusedConnectionCarriesEconnrefused() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (EgressFixture fixture = new EgressFixture(Map.of())) {
            int closed = port;
            EgressException e = assertThrows(EgressException.class,
                    () -> fixture.get("http://127.0.0.1:" + closed + "/x?token=secret"));
            assertEquals(Kind.CONNECTION, e.kind());
            assertEquals("ECONNREFUSED", e.code());
            assertEquals("connect ECONNREFUSED 127.0.0.1:" + port, e.getMessage());
        }
    }

    @Test
    void anUnknownHostCarriesEnotfound() throws Exception {
        try (EgressFixture fixture = new EgressFixture(Map.of())) {
            EgressException e = assertThrows(EgressException.class,
                    () -> fixture.get("https://user:pw@nonexistent.invalid/p?token=secret"));
            assertEquals(Kind.CONNECTION, e.kind());
            assertEquals("ENOTFOUND", e.code());
            assertEquals("getaddrinfo ENOTFOUND nonexistent.invalid", e.getMessage());
        }
    }

    @Test
    void aDroppedConnectionCarriesEconnreset() throws Exception {
        server.stubFor(get("/drop").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        try (EgressFixture fixture = new EgressFixture(Map.of())) {
            EgressException e = assertThrows(EgressException.class, () -> fixture.get(base + "/drop"));
            assertEquals(Kind.CONNECTION, e.kind());
            assertEquals("ECONNRESET", e.code());
        }
    }

    @Test
    void invalidUrlsAndUnsupportedProtocolsAreRefused() throws Exception {
        try (EgressFixture fixture = new EgressFixture(Map.of())) {
            assertEquals(Kind.INVALID_URL, assertThrows(EgressException.class, () -> fixture.get("not a url")).kind());
            assertEquals(Kind.INVALID_URL, assertThrows(EgressException.class, () -> fixture.get("/relative")).kind());
            EgressException ftp = assertThrows(EgressException.class, () -> fixture.get("ftp://example.com/x"));
            assertEquals("Unsupported protocol ftp:", ftp.getMessage());
            EgressException header = assertThrows(EgressException.class, () -> fixture.send(new OutboundRequest(
                    "GET", base + "/x", Map.of("X-Bad", "a\r\nInjected: yes"), null)));
            assertEquals("ERR_INVALID_CHAR", header.code());
            assertFalse(header.getMessage().contains("Injected"));
        }
    }

    @Test
    void theFirstUrlMustBeAllowed() throws Exception {
        try (EgressFixture fixture = new EgressFixture(Map.of("xpack.actions.allowedHosts", "example.com"))) {
            EgressException e = assertThrows(EgressException.class, () -> fixture.get(base + "/x"));
            assertEquals(Kind.HOST_NOT_ALLOWED, e.kind());
            assertEquals("target hostname \"127.0.0.1\" is not added to the Kibana config "
                    + "xpack.actions.allowedHosts", e.getMessage());
        }
        server.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aRedirectToAnAllowedHostIsFollowed() throws Exception {
        server.stubFor(get("/start").willReturn(aResponse().withStatus(302)
                .withHeader("Location", localBase + "/final?a=1")));
        server.stubFor(get("/final?a=1").willReturn(aResponse().withBody("arrived")));
        try (EgressFixture fixture = new EgressFixture(Map.of("xpack.actions.allowedHosts", "127.0.0.1,localhost"))) {
            OutboundResponse response = fixture.get(base + "/start");
            assertEquals(200, response.status());
            assertEquals("arrived", response.bodyText());
        }
        server.verify(getRequestedFor(urlEqualTo("/final?a=1")).withHeader("Host", equalTo("localhost:" + server.port())));
    }

    @Test
    void aRedirectToAHostNotAllowedIsRefused() throws Exception {
        server.stubFor(get("/start").willReturn(aResponse().withStatus(301)
                .withHeader("Location", localBase + "/final")));
        server.stubFor(get("/final").willReturn(aResponse().withBody("arrived")));
        try (EgressFixture fixture = new EgressFixture(Map.of("xpack.actions.allowedHosts", "127.0.0.1"))) {
            EgressException e = assertThrows(EgressException.class, () -> fixture.get(base + "/start"));
            assertEquals(Kind.HOST_NOT_ALLOWED, e.kind());
            assertEquals("target hostname \"localhost\" is not added to the Kibana config "
                    + "xpack.actions.allowedHosts", e.getMessage());
        }
        server.verify(0, getRequestedFor(urlEqualTo("/final")));
    }

    @Test
    void a303TurnsAPostIntoAGetWithoutBodyAndA307KeepsIt() throws Exception {
        server.stubFor(post("/see-other").willReturn(aResponse().withStatus(303).withHeader("Location", "/result")));
        server.stubFor(get("/result").willReturn(aResponse().withBody("got")));
        server.stubFor(post("/temporary").willReturn(aResponse().withStatus(307).withHeader("Location", "/again")));
        server.stubFor(post("/again").willReturn(aResponse().withBody("posted")));
        byte[] body = "payload".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = Map.of("Content-Type", "text/plain");
        try (EgressFixture fixture = new EgressFixture(Map.of())) {
            assertEquals("got", fixture.send(new OutboundRequest("POST", base + "/see-other", headers, body)).bodyText());
            assertEquals("posted", fixture.send(new OutboundRequest("POST", base + "/temporary", headers, body))
                    .bodyText());
        }
        server.verify(getRequestedFor(urlEqualTo("/result")).withoutHeader("Content-Type")
                .withRequestBody(binaryEqualTo(new byte[0])));
        server.verify(postRequestedFor(urlEqualTo("/again")).withRequestBody(binaryEqualTo(body)));
    }

    @Test
    void aRedirectLoopStopsAfterTwentyHops() throws Exception {
        server.stubFor(get("/loop").willReturn(aResponse().withStatus(302).withHeader("Location", "/loop")));
        try (EgressFixture fixture = new EgressFixture(Map.of())) {
            EgressException e = assertThrows(EgressException.class, () -> fixture.get(base + "/loop"));
            assertEquals("ERR_FR_TOO_MANY_REDIRECTS", e.code());
        }
        server.verify(21, getRequestedFor(urlEqualTo("/loop")));
    }

    @Test
    void aLiteralAddressInADeniedRangeIsNeverContacted() throws Exception {
        server.stubFor(any(anyUrl()).willReturn(aResponse().withBody("reached")));
        try (EgressFixture fixture = new EgressFixture(Map.of("switchboard.egress.deniedCidrs", "127.0.0.0/8"))) {
            EgressException e = assertThrows(EgressException.class, () -> fixture.get(base + "/secret/path?k=v"));
            assertEquals(Kind.ADDRESS_DENIED, e.kind());
            assertTrue(e.getMessage().contains("\"127.0.0.1\""), e.getMessage());
            assertFalse(e.getMessage().contains("/secret/path"), e.getMessage());
        }
        server.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aHostnameResolvingToADeniedAddressIsRefused() throws Exception {
        server.stubFor(any(anyUrl()).willReturn(aResponse().withBody("reached")));
        try (EgressFixture fixture = new EgressFixture(Map.of("switchboard.egress.deniedCidrs", "127.0.0.0/8,::1/128"))) {
            EgressException e = assertThrows(EgressException.class, () -> fixture.get(localBase + "/x"));
            assertEquals(Kind.ADDRESS_DENIED, e.kind());
            assertTrue(e.getMessage().startsWith("target hostname \"localhost\" resolves to "), e.getMessage());
        }
        server.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void anIpv4MappedIpv6LiteralIsCheckedAsIpv4() throws Exception {
        server.stubFor(any(anyUrl()).willReturn(aResponse().withBody("reached")));
        String mapped = "http://[::ffff:127.0.0.1]:" + server.port() + "/x";
        try (EgressFixture fixture = new EgressFixture(Map.of("switchboard.egress.deniedCidrs", "127.0.0.0/8"))) {
            EgressException e = assertThrows(EgressException.class, () -> fixture.get(mapped));
            assertEquals(Kind.ADDRESS_DENIED, e.kind());
        }
        server.verify(0, anyRequestedFor(anyUrl()));
        try (EgressFixture fixture = new EgressFixture(Map.of("switchboard.egress.deniedCidrs", "10.0.0.0/8"))) {
            assertEquals("reached", fixture.get(mapped).bodyText(), "the same URL works when its range is not denied");
        }
    }

    @Test
    void theDefaultListDeniesTheMetadataAddressAlsoOnARedirect() throws Exception {
        server.stubFor(get("/hop").willReturn(aResponse().withStatus(302)
                .withHeader("Location", "http://169.254.169.254/latest/meta-data/iam")));
        try (EgressFixture fixture = new EgressFixture(Map.of())) {
            EgressException direct = assertThrows(EgressException.class,
                    () -> fixture.get("http://169.254.169.254/latest/meta-data/"));
            assertEquals(Kind.ADDRESS_DENIED, direct.kind());
            EgressException redirected = assertThrows(EgressException.class, () -> fixture.get(base + "/hop"));
            assertEquals(Kind.ADDRESS_DENIED, redirected.kind());
            assertTrue(redirected.getMessage().contains("169.254.169.254/32"), redirected.getMessage());
        }
    }

    @Test
    void credentialsAreDroppedWhenARedirectChangesHost() throws Exception {
        server.stubFor(get("/start").willReturn(aResponse().withStatus(302).withHeader("Location", localBase + "/next")));
        server.stubFor(get("/next").willReturn(aResponse().withBody("ok")));
        try (EgressFixture fixture = new EgressFixture(Map.of())) {
            fixture.send(new OutboundRequest("GET", base + "/start",
                    Map.of("Authorization", "Bearer t", "X-Other", "kept"), null));
        }
        server.verify(getRequestedFor(urlEqualTo("/next")).withoutHeader("Authorization")
                .withHeader("X-Other", equalTo("kept")));
    }

    @Test
    void manyCallersShareTheClient() throws Exception {
        server.stubFor(get("/n").willReturn(aResponse().withBody("n")));
        try (EgressFixture fixture = new EgressFixture(Map.of())) {
            List<Thread> threads = new java.util.ArrayList<>();
            java.util.concurrent.atomic.AtomicInteger ok = new java.util.concurrent.atomic.AtomicInteger();
            for (int i = 0; i < 40; i++) {
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        if (fixture.get(base + "/n").status() == 200) {
                            ok.incrementAndGet();
                        }
                    } catch (EgressException ignored) {
                        // counted as a failure below
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join(Duration.ofSeconds(30));
            }
            assertEquals(40, ok.get());
        }
    }

    @Test
    void anEmptyBodyIsAnEmptyArray() throws Exception {
        server.stubFor(get("/empty").willReturn(aResponse().withStatus(204)));
        try (EgressFixture fixture = new EgressFixture(Map.of())) {
            OutboundResponse response = fixture.get(base + "/empty");
            assertEquals(204, response.status());
            assertArrayEquals(new byte[0], response.body());
        }
    }
}
