package io.switchboard.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A forwarding proxy that insists on credentials, and an https service (certificate for {@code localhost}) to reach
 * through it; as a test resource it points {@code xpack.actions.proxyUrl} at the proxy, with the credentials and a
 * tenant header as {@code proxyHeaders}, and trusts the service's certificate through {@code customHostSettings}.
 */
public final class ProxyPeers implements QuarkusTestResourceLifecycleManager {

    public static final String CREDENTIALS = "Basic " + Base64.getEncoder()
            .encodeToString("squid:pr0xy-pass".getBytes(StandardCharsets.UTF_8));

    private static ForwardProxy proxy;
    private static WireMockServer https;
    private static Path ca;

    public static synchronized ForwardProxy proxy() {
        startPeers();
        return proxy;
    }

    public static synchronized WireMockServer https() {
        startPeers();
        return https;
    }

    private static void startPeers() {
        if (proxy != null) {
            return;
        }
        try {
            TestCertificates certificates = TestCertificates.get();
            ca = Files.createTempFile("proxied-service", ".pem");
            Files.writeString(ca, certificates.serverCertificatePem);
            https = new WireMockServer(options().httpDisabled(true).dynamicHttpsPort().bindAddress("127.0.0.1")
                    .keystorePath(certificates.serverStore.toString()).keystorePassword(TestCertificates.PASSWORD)
                    .keyManagerPassword(TestCertificates.PASSWORD).keystoreType("PKCS12"));
            https.start();
            proxy = new ForwardProxy(false, CREDENTIALS);
        } catch (Exception e) {
            throw new IllegalStateException("the proxy test peers could not start", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            https.stop();
            try {
                proxy.close();
            } catch (Exception ignored) {
                // The JVM is going away.
            }
        }));
    }

    @Override
    public Map<String, String> start() {
        startPeers();
        return Map.of(
                "xpack.actions.proxyUrl", "http://127.0.0.1:" + proxy.port(),
                "xpack.actions.proxyHeaders.Proxy-Authorization", CREDENTIALS,
                "xpack.actions.proxyHeaders.X-Proxy-Tenant", "ops",
                "xpack.actions.customHostSettings[0].url", "https://localhost:" + https.httpsPort(),
                "xpack.actions.customHostSettings[0].ssl.certificateAuthoritiesFiles[0]", ca.toString());
    }

    @Override
    public void stop() {
        // Shared by the test JVM; stopped with it.
    }
}
