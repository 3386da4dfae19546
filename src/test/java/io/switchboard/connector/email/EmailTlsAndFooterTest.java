package io.switchboard.connector.email;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

import static io.switchboard.connector.email.EmailConnectorTest.connector;
import static io.switchboard.connector.email.EmailExecuteTest.execute;
import static io.switchboard.connector.email.ReceivedMail.addresses;
import static io.switchboard.connector.email.ReceivedMail.html;
import static io.switchboard.connector.email.ReceivedMail.text;
import static io.switchboard.support.Api.create;
import static io.switchboard.support.Api.freshSpace;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code .email} with settings an operator may change: {@code server.publicBaseUrl} (the footer links to Kibana),
 * {@code xpack.actions.ssl.verificationMode: none}, and {@code customHostSettings} that require STARTTLS of one host.
 */
@QuarkusTest
@TestProfile(EmailTlsAndFooterTest.Settings.class)
class EmailTlsAndFooterTest {

    private static final String PUBLIC_BASE_URL = "https://kibana.example.com:5601";
    private static final String PASSWORD = "smtps-pw-4b9e";
    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(new ServerSetup[] {
            new ServerSetup(plainPort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS)})
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts@example.com", "bob", PASSWORD));

    public static class Settings implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "server.publicBaseUrl", PUBLIC_BASE_URL,
                    "xpack.actions.ssl.verificationMode", "none",
                    "xpack.actions.customHostSettings[0].url", "smtp://localhost:" + plainPort(),
                    "xpack.actions.customHostSettings[0].smtp.requireTLS", "true");
        }
    }

    /**
     * The plain SMTP port, chosen once per JVM: the profile names it in the settings before the server starts, and
     * may be loaded by another class loader than the test, so it is kept in a system property.
     */
    static synchronized int plainPort() {
        String key = "switchboard.test.email-smtp-port";
        if (System.getProperty(key) == null) {
            try (ServerSocket socket = new ServerSocket(0)) {
                System.setProperty(key, Integer.toString(socket.getLocalPort()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Integer.parseInt(System.getProperty(key));
    }

    @Test
    void footerLinksToThePublicBaseUrlAndTheGivenPath() throws Exception {
        String space = freshSpace();
        String id = create(space, connector("""
                {"host":"127.0.0.1","port":%d,"from":"alerts@example.com","hasAuth":false}""".formatted(plainPort()),
                "{}"));
        JsonNode answer = execute(space, id, """
                {"to":["ops@example.org"],"subject":"rule fired","message":"CPU high",
                 "kibanaFooterLink":{"path":"/app/rules/r-1","text":"View rule"}}""");

        assertEquals("ok", answer.get("status").asText(), answer.toString());
        MimeMessage[] received = MAIL.getReceivedMessages();
        assertEquals(1, received.length);
        assertEquals("CPU high\n\n---\n\nThis message was sent by Elastic. [View rule]("
                + PUBLIC_BASE_URL + "/app/rules/r-1).", text(received[0]));
        assertEquals("<p>CPU high</p>\n<hr>\n<p>This message was sent by Elastic. <a href=\""
                + PUBLIC_BASE_URL + "/app/rules/r-1\">View rule</a>.</p>\n", html(received[0]));
    }

    @Test
    void defaultFooterLinkIsThePublicBaseUrlItself() throws Exception {
        String space = freshSpace();
        String id = create(space, connector("{\"service\":\"__json\",\"from\":\"a@example.com\",\"hasAuth\":false}",
                "{}"));
        JsonNode answer = execute(space, id, "{\"to\":[\"b@example.com\"],\"subject\":\"s\",\"message\":\"m\"}");

        assertEquals("m\n\n---\n\nThis message was sent by Elastic. [Go to Elastic](" + PUBLIC_BASE_URL + ").",
                answer.at("/data/message/text").asText());
        assertEquals("<p>m</p>\n<hr>\n<p>This message was sent by Elastic. <a href=\"" + PUBLIC_BASE_URL
                + "\">Go to Elastic</a>.</p>\n", answer.at("/data/message/html").asText());
    }

    @Test
    void implicitTlsWithoutCertificateChecksDelivers() throws Exception {
        String space = freshSpace();
        String id = create(space, connector("""
                {"host":"127.0.0.1","port":%d,"secure":true,"from":"alerts@example.com"}"""
                .formatted(MAIL.getSmtps().getPort()), "{\"user\":\"bob\",\"password\":\"" + PASSWORD + "\"}"));
        JsonNode answer = execute(space, id, "{\"to\":[\"ops@example.org\"],\"subject\":\"over tls\",\"message\":\"m\"}");

        assertEquals("ok", answer.get("status").asText(), answer.toString());
        MimeMessage[] received = MAIL.getReceivedMessages();
        assertEquals(1, received.length);
        assertEquals("over tls", received[0].getSubject());
        assertEquals(List.of("ops@example.org"), addresses(received[0].getRecipients(Message.RecipientType.TO)));
    }

    @Test
    void customHostSettingsRequireStartTlsOfThatHostOnly() throws Exception {
        String space = freshSpace();
        String strict = create(space, connector("""
                {"host":"localhost","port":%d,"from":"alerts@example.com","hasAuth":false}""".formatted(plainPort()),
                "{}"));
        String lenient = create(space, connector("""
                {"host":"127.0.0.1","port":%d,"from":"alerts@example.com","hasAuth":false}""".formatted(plainPort()),
                "{}"));
        String params = "{\"to\":[\"ops@example.org\"],\"subject\":\"s\",\"message\":\"m\"}";

        JsonNode refused = execute(space, strict, params);
        assertEquals("error", refused.get("status").asText(), refused.toString());
        assertEquals("error sending email", refused.get("message").asText());
        assertEquals("Error upgrading connection with STARTTLS", refused.get("service_message").asText());
        assertEquals(0, MAIL.getReceivedMessages().length);

        assertEquals("ok", execute(space, lenient, params).get("status").asText());
        assertEquals(1, MAIL.getReceivedMessages().length);
    }
}
