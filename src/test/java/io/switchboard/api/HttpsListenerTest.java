package io.switchboard.api;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.support.Api;
import io.switchboard.support.TestCertificates;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Switchboard's own listener over HTTPS, configured as the README says: a PEM certificate and key through the TLS
 * registry, and plain HTTP switched off.
 */
@QuarkusTest
@TestProfile(HttpsListenerTest.Https.class)
class HttpsListenerTest {

    /** Where plain HTTP would listen were it not switched off. */
    static final int PLAIN_PORT = freePort();

    public static class Https implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                TestCertificates certificates = TestCertificates.get();
                return Map.of(
                        "quarkus.tls.key-store.pem.switchboard.cert", certificates.serverCertificateFile.toString(),
                        "quarkus.tls.key-store.pem.switchboard.key", certificates.serverKeyFile.toString(),
                        "quarkus.http.insecure-requests", "disabled",
                        "quarkus.http.test-ssl-port", "0",
                        "quarkus.http.test-port", Integer.toString(PLAIN_PORT));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @TestHTTPResource(value = "/", tls = true)
    URI https;

    @Test
    void theApiAnswersOverHttpsWithTheConfiguredCertificate() throws Exception {
        assertEquals("https", https.getScheme());
        // The certificate the server was configured with (the profile may have made it in another class loader).
        String certificate = java.nio.file.Files.readString(java.nio.file.Path.of(ConfigProvider.getConfig()
                .getValue("quarkus.tls.key-store.pem.switchboard.cert", String.class)));
        HttpClient client = HttpClient.newBuilder().sslContext(trusting(certificate)).build();
        HttpResponse<String> types = client.send(HttpRequest.newBuilder(
                        URI.create("https://localhost:" + https.getPort() + "/api/actions/connector_types"))
                .header("Authorization", Api.authorization()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, types.statusCode(), types.body());
        assertTrue(types.body().contains("\".server-log\""), types.body());

        // A client that does not trust the certificate is turned away at the handshake.
        HttpClient untrusting = HttpClient.newHttpClient();
        assertThrows(SSLHandshakeException.class, () -> untrusting.send(HttpRequest.newBuilder(
                URI.create("https://localhost:" + https.getPort() + "/api/actions/connector_types")).build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void plainHttpIsNotServed() throws Exception {
        // No plain listener at all...
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", PLAIN_PORT).close());
        // ...and plain HTTP sent to the TLS port gets no HTTP answer.
        try (Socket socket = new Socket("127.0.0.1", https.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/actions/connector_types HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
                    + Api.authorization() + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String answer;
            try (InputStream in = socket.getInputStream()) {
                answer = new String(in.readNBytes(64), StandardCharsets.ISO_8859_1);
            } catch (IOException closed) {
                answer = "";
            }
            assertFalse(answer.startsWith("HTTP/"), answer);
        }
    }

    private static SSLContext trusting(String certificatePem) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("switchboard", CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificatePem.getBytes(StandardCharsets.US_ASCII))));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return tls;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
