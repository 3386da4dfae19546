package io.switchboard.connector.email;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.support.TestCertificates;
import org.junit.jupiter.api.Test;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.helper.SimpleMessageListener;
import org.subethamail.smtp.server.SMTPServer;

import javax.net.ssl.SSLContext;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.switchboard.connector.email.EmailConnectorTest.connector;
import static io.switchboard.connector.email.EmailExecuteTest.execute;
import static io.switchboard.support.Api.create;
import static io.switchboard.support.Api.freshSpace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Certificate checks of authenticated SMTP under the default {@code full} verification mode, and what a host's
 * {@code customHostSettings} change: its CA replaces the default trust, and its verification mode applies. Two real
 * servers present a self-signed certificate for {@code localhost}: one upgrades with STARTTLS, one speaks TLS from
 * the first byte.
 */
@QuarkusTest
@WithTestResource(EmailTrustTest.Servers.class)
class EmailTrustTest {

    private static final String PASSWORD = "trust-pw-71c2";

    /** The two servers; {@code customHostSettings} name them with the certificate as CA. */
    public static final class Servers implements QuarkusTestResourceLifecycleManager {
        static final List<String> RECEIVED = new CopyOnWriteArrayList<>();
        static SMTPServer startTls;
        static SMTPServer implicitTls;

        @Override
        public Map<String, String> start() {
            try {
                TestCertificates certificates = TestCertificates.get();
                SSLContext tls = certificates.serverContext();
                startTls = server().enableTLS().requireTLS().startTlsSocketFactory(tls).build();
                implicitTls = server().serverSocketFactory(tls).build();
                startTls.start();
                implicitTls.start();
                Path ca = Files.createTempFile("smtp-ca", ".pem");
                Files.writeString(ca, certificates.serverCertificatePem);
                return Map.of(
                        "xpack.actions.customHostSettings[0].url", "smtp://localhost:" + startTls.getPortAllocated(),
                        "xpack.actions.customHostSettings[0].ssl.certificateAuthoritiesFiles[0]", ca.toString(),
                        "xpack.actions.customHostSettings[1].url", "smtp://127.0.0.1:" + startTls.getPortAllocated(),
                        "xpack.actions.customHostSettings[1].ssl.certificateAuthoritiesFiles[0]", ca.toString(),
                        "xpack.actions.customHostSettings[2].url", "smtp://127.0.0.1:" + implicitTls.getPortAllocated(),
                        "xpack.actions.customHostSettings[2].ssl.certificateAuthoritiesData",
                        certificates.serverCertificatePem,
                        "xpack.actions.customHostSettings[2].ssl.verificationMode", "certificate");
            } catch (Exception e) {
                throw new IllegalStateException("the SMTP servers could not start", e);
            }
        }

        private static SMTPServer.Builder server() {
            return new SMTPServer.Builder()
                    .bindAddress(InetAddress.getLoopbackAddress())
                    .port(0)
                    .requireAuth()
                    .authenticationHandlerFactory(new EasyAuthenticationHandlerFactory((user, password, context) -> {
                        if (!"bob".equals(user) || !PASSWORD.equals(password)) {
                            throw new LoginFailedException();
                        }
                    }))
                    .simpleMessageListener(new SimpleMessageListener() {
                        @Override
                        public boolean accept(String from, String recipient) {
                            return true;
                        }

                        @Override
                        public void deliver(String from, String recipient, InputStream data)
                                throws java.io.IOException {
                            RECEIVED.add(recipient + "\n" + new String(data.readAllBytes(), StandardCharsets.UTF_8));
                        }
                    });
        }

        @Override
        public void stop() {
            startTls.stop();
            implicitTls.stop();
        }
    }

    private static JsonNode send(String host, int port, boolean secure, String subject) throws Exception {
        String space = freshSpace();
        String id = create(space, connector("""
                {"host":"%s","port":%d,"secure":%s,"from":"alerts@example.com"}""".formatted(host, port, secure),
                "{\"user\":\"bob\",\"password\":\"" + PASSWORD + "\"}"));
        return execute(space, id, """
                {"to":["ops@example.org"],"subject":"%s","message":"m"}""".formatted(subject));
    }

    private static boolean received(String subject) {
        return Servers.RECEIVED.stream().anyMatch(mail -> mail.contains("Subject: " + subject));
    }

    @Test
    void theHostsCaIsTrustedAndItsNameChecked() throws Exception {
        JsonNode answer = send("localhost", Servers.startTls.getPortAllocated(), false, "trusted by its CA");
        assertEquals("ok", answer.path("status").asText(), answer.toString());
        assertTrue(received("trusted by its CA"));
    }

    @Test
    void fullVerificationRefusesACertificateForAnotherName() throws Exception {
        // 127.0.0.1 has the same CA in its settings, but the certificate names only localhost.
        JsonNode answer = send("127.0.0.1", Servers.startTls.getPortAllocated(), false, "wrong name");
        assertEquals("error", answer.path("status").asText(), answer.toString());
        assertEquals("error sending email", answer.path("message").asText());
        assertEquals("Hostname/IP does not match certificate's altnames:"
                + " Host: 127.0.0.1. is not in the cert's altnames", answer.path("service_message").asText());
        assertFalse(received("wrong name"));
    }

    @Test
    void withoutTheHostsCaTheDefaultTrustRefusesTheCertificate() throws Exception {
        // No custom settings for localhost on this port: the JVM's trusted authorities do not know the certificate.
        JsonNode answer = send("localhost", Servers.implicitTls.getPortAllocated(), true, "untrusted");
        assertEquals("error", answer.path("status").asText(), answer.toString());
        assertEquals("unable to verify the first certificate", answer.path("service_message").asText());
        assertFalse(received("untrusted"));
    }

    @Test
    void certificateModeFromTheHostsSettingsSkipsTheNameCheck() throws Exception {
        JsonNode answer = send("127.0.0.1", Servers.implicitTls.getPortAllocated(), true, "chain only");
        assertEquals("ok", answer.path("status").asText(), answer.toString());
        assertTrue(received("chain only"));
    }
}
