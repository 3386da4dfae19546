package io.switchboard.egress;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.switchboard.egress.EgressException.Kind;
import io.switchboard.support.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TLS verification modes, CA and client certificates, and the outbound proxy, against real servers. */
class TlsAndProxyTest {

    private static final String PASSWORD = TestCertificates.PASSWORD;

    @TempDir
    static Path dir;

    private static WireMockServer https;
    private static WireMockServer mutual;
    private static WireMockServer plain;
    private static WireMockServer proxy;
    private static Path caFile;
    private static String caPem;
    private static byte[] clientPfx;
    private static String clientCertPem;
    private static String clientKeyPem;

    @BeforeAll
    static void start() throws Exception {
        TestCertificates certificates = TestCertificates.get();
        Path serverStore = certificates.serverStore;
        Path trustStore = certificates.clientTrustStore;
        caFile = dir.resolve("server.pem");
        Files.writeString(caFile, certificates.serverCertificatePem);
        caPem = certificates.serverCertificatePem;
        clientPfx = certificates.clientPfx;
        clientCertPem = certificates.clientCertificatePem;
        clientKeyPem = certificates.clientKeyPem;

        https = new WireMockServer(options().httpDisabled(true).dynamicHttpsPort().bindAddress("127.0.0.1")
                .keystorePath(serverStore.toString()).keystorePassword(PASSWORD).keyManagerPassword(PASSWORD)
                .keystoreType("PKCS12"));
        mutual = new WireMockServer(options().httpDisabled(true).dynamicHttpsPort().bindAddress("127.0.0.1")
                .keystorePath(serverStore.toString()).keystorePassword(PASSWORD).keyManagerPassword(PASSWORD)
                .keystoreType("PKCS12").needClientAuth(true).trustStorePath(trustStore.toString())
                .trustStorePassword(PASSWORD).trustStoreType("PKCS12"));
        plain = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        proxy = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").enableBrowserProxying(true));
        for (WireMockServer server : List.of(https, mutual, plain, proxy)) {
            server.start();
        }
    }

    @AfterAll
    static void stop() {
        for (WireMockServer server : List.of(https, mutual, plain, proxy)) {
            server.stop();
        }
    }

    @BeforeEach
    void stubs() {
        for (WireMockServer server : List.of(https, mutual, plain, proxy)) {
            server.resetAll();
        }
        https.stubFor(any(anyUrl()).willReturn(aResponse().withBody("secure")));
        mutual.stubFor(any(anyUrl()).willReturn(aResponse().withBody("mutual")));
        plain.stubFor(any(anyUrl()).willReturn(aResponse().withBody("plain")));
    }

    private static String localhostUrl() {
        return "https://localhost:" + https.httpsPort() + "/tls";
    }

    @Test
    void fullVerificationRefusesAnUntrustedCertificate() throws Exception {
        try (EgressFixture fixture = new EgressFixture(Map.of())) {
            EgressException e = assertThrows(EgressException.class, () -> fixture.get(localhostUrl()));
            assertEquals(Kind.TLS, e.kind());
            assertEquals("UNABLE_TO_VERIFY_LEAF_SIGNATURE", e.code());
        }
    }

    @Test
    void certificateModeStillChecksTheChain() throws Exception {
        try (EgressFixture fixture = new EgressFixture(Map.of("xpack.actions.ssl.verificationMode", "certificate"))) {
            assertEquals(Kind.TLS, assertThrows(EgressException.class, () -> fixture.get(localhostUrl())).kind());
        }
    }

    @Test
    void noneAcceptsAnyCertificate() throws Exception {
        try (EgressFixture fixture = new EgressFixture(Map.of("xpack.actions.ssl.verificationMode", "none"))) {
            assertEquals("secure", fixture.get(localhostUrl()).bodyText());
        }
    }

    @Test
    void aCustomHostCaIsTrustedWithFullVerification() throws Exception {
        try (EgressFixture fixture = new EgressFixture(Map.of(
                "xpack.actions.customHostSettings[0].url", "https://localhost:" + https.httpsPort(),
                "xpack.actions.customHostSettings[0].ssl.certificateAuthoritiesFiles[0]", caFile.toString()))) {
            assertEquals("secure", fixture.get(localhostUrl()).bodyText());
        }
    }

    @Test
    void aCustomHostVerificationModeOverridesTheServerWideOne() throws Exception {
        try (EgressFixture fixture = new EgressFixture(Map.of(
                "xpack.actions.customHostSettings[0].url", "https://localhost:" + https.httpsPort(),
                "xpack.actions.customHostSettings[0].ssl.verificationMode", "none"))) {
            assertEquals("secure", fixture.get(localhostUrl()).bodyText());
            EgressException e = assertThrows(EgressException.class, () -> fixture.send(new OutboundRequest("GET",
                    localhostUrl(), Map.of(), null, TlsOverrides.verificationMode("full"))));
            assertEquals(Kind.TLS, e.kind(), "the request's own mode wins over the host's");
        }
    }

    @Test
    void theHostnameIsVerifiedAgainstTheNameNotTheAddressConnectedTo() throws Exception {
        TlsOverrides trustCa = new TlsOverrides("full", caPem, null, null, null, null);
        TlsOverrides chainOnly = new TlsOverrides("certificate", caPem, null, null, null, null);
        String byAddress = "https://127.0.0.1:" + https.httpsPort() + "/tls";
        try (EgressFixture fixture = new EgressFixture(Map.of())) {
            assertEquals("secure", fixture.send(new OutboundRequest("GET", localhostUrl(), Map.of(), null, trustCa))
                    .bodyText());
            EgressException e = assertThrows(EgressException.class,
                    () -> fixture.send(new OutboundRequest("GET", byAddress, Map.of(), null, trustCa)));
            assertEquals("ERR_TLS_CERT_ALTNAME_INVALID", e.code());
            assertEquals("secure", fixture.send(new OutboundRequest("GET", byAddress, Map.of(), null, chainOnly))
                    .bodyText());
        }
    }

    @Test
    void clientCertificatesAsPfxOrPem() throws Exception {
        String url = "https://localhost:" + mutual.httpsPort() + "/m";
        try (EgressFixture fixture = new EgressFixture(Map.of())) {
            TlsOverrides none = new TlsOverrides(null, caPem, null, null, null, null);
            assertThrows(EgressException.class, () -> fixture.send(new OutboundRequest("GET", url, Map.of(), null, none)));

            TlsOverrides pfx = new TlsOverrides(null, caPem, null, null, clientPfx, PASSWORD);
            assertEquals("mutual", fixture.send(new OutboundRequest("GET", url, Map.of(), null, pfx)).bodyText());

            TlsOverrides pemPair = new TlsOverrides(null, caPem, clientCertPem, clientKeyPem, null, null);
            assertEquals("mutual", fixture.send(new OutboundRequest("GET", url, Map.of(), null, pemPair)).bodyText());

            TlsOverrides encrypted = new TlsOverrides(null, caPem, clientCertPem, encryptedKeyPem("k3y-pass"), null,
                    "k3y-pass");
            assertEquals("mutual", fixture.send(new OutboundRequest("GET", url, Map.of(), null, encrypted)).bodyText());

            TlsOverrides wrongPassword = new TlsOverrides(null, caPem, clientCertPem, encryptedKeyPem("k3y-pass"),
                    null, "wrong");
            EgressException e = assertThrows(EgressException.class,
                    () -> fixture.send(new OutboundRequest("GET", url, Map.of(), null, wrongPassword)));
            assertEquals(Kind.TLS, e.kind());
            assertTrue(!e.getMessage().contains("wrong"), e.getMessage());
        }
    }

    @Test
    void requestsGoThroughTheProxy() throws Exception {
        String target = "http://localhost:" + plain.port() + "/via-proxy";
        try (EgressFixture fixture = new EgressFixture(Map.of(
                "xpack.actions.proxyUrl", "http://127.0.0.1:" + proxy.port()))) {
            assertEquals("plain", fixture.get(target).bodyText());
        }
        assertEquals(1, proxy.getAllServeEvents().size(), "the proxy forwarded the call");
        assertEquals(1, plain.getAllServeEvents().size());
    }

    @Test
    void bypassedHostsAreReachedDirectly() throws Exception {
        String target = "http://localhost:" + plain.port() + "/direct";
        try (EgressFixture fixture = new EgressFixture(Map.of(
                "xpack.actions.proxyUrl", "http://127.0.0.1:" + proxy.port(),
                "xpack.actions.proxyBypassHosts", "localhost"))) {
            assertEquals("plain", fixture.get(target).bodyText());
        }
        assertEquals(0, proxy.getAllServeEvents().size());
        assertEquals(1, plain.getAllServeEvents().size());
    }

    @Test
    void onlyListedHostsUseTheProxy() throws Exception {
        try (EgressFixture fixture = new EgressFixture(Map.of(
                "xpack.actions.proxyUrl", "http://127.0.0.1:" + proxy.port(),
                "xpack.actions.proxyOnlyHosts", "localhost"))) {
            assertEquals("plain", fixture.get("http://127.0.0.1:" + plain.port() + "/direct").bodyText());
            assertEquals(0, proxy.getAllServeEvents().size());
            assertEquals("plain", fixture.get("http://localhost:" + plain.port() + "/proxied").bodyText());
            assertEquals(1, proxy.getAllServeEvents().size());
        }
    }

    @Test
    void theDenyListStillAppliesThroughTheProxy() throws Exception {
        try (EgressFixture fixture = new EgressFixture(Map.of(
                "xpack.actions.proxyUrl", "http://127.0.0.1:" + proxy.port(),
                "switchboard.egress.deniedCidrs", "127.0.0.0/8"))) {
            EgressException e = assertThrows(EgressException.class,
                    () -> fixture.get("http://localhost:" + plain.port() + "/x"));
            assertEquals(Kind.ADDRESS_DENIED, e.kind());
        }
        assertEquals(0, proxy.getAllServeEvents().size());
    }

    private static String encryptedKeyPem(String passphrase) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(new java.io.ByteArrayInputStream(clientPfx), PASSWORD.toCharArray());
        byte[] plainKey = store.getKey("client", PASSWORD.toCharArray()).getEncoded();
        String algorithm = "PBEWithHmacSHA256AndAES_256";
        byte[] salt = new byte[16];
        byte[] iv = new byte[16];
        new SecureRandom().nextBytes(salt);
        new SecureRandom().nextBytes(iv);
        Cipher cipher = Cipher.getInstance(algorithm);
        cipher.init(Cipher.ENCRYPT_MODE,
                SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec(passphrase.toCharArray())),
                new PBEParameterSpec(salt, 10_000, new IvParameterSpec(iv)));
        // Written as PBES2, the form "openssl pkcs8 -topk8 -v2 aes-256-cbc" produces.
        java.security.AlgorithmParameters pbes2 = java.security.AlgorithmParameters.getInstance("PBES2");
        pbes2.init(cipher.getParameters().getEncoded());
        EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(pbes2, cipher.doFinal(plainKey));
        return pem("ENCRYPTED PRIVATE KEY", info.getEncoded());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

}
