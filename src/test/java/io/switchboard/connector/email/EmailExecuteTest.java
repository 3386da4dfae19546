package io.switchboard.connector.email;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.switchboard.support.LogCapture;
import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.List;

import static io.switchboard.connector.email.EmailConnectorTest.connector;
import static io.switchboard.connector.email.ReceivedMail.addresses;
import static io.switchboard.connector.email.ReceivedMail.html;
import static io.switchboard.connector.email.ReceivedMail.text;
import static io.switchboard.support.Api.assertError;
import static io.switchboard.support.Api.create;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.kibana;
import static io.switchboard.support.Api.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code .email} sending through {@code _execute} to a real SMTP server (GreenMail on loopback), with Kibana's
 * default settings: full certificate checks, the footer without a link.
 */
@QuarkusTest
class EmailExecuteTest {

    private static final LogCapture LOGS = LogCapture.install();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "smtp-pw-never-shown-7d41";
    private static final String FOOTER = "\n\n---\n\nThis message was sent by Elastic.";
    private static final String FOOTER_HTML = "<hr>\n<p>This message was sent by Elastic.</p>\n";
    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(new ServerSetup[] {
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS)})
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts@example.com", "bob", PASSWORD));

    @Inject
    DataSource dataSource;

    @Test
    void sendsWithAuthenticationAndAnswersAsNodemailer() throws Exception {
        String space = freshSpace();
        String id = create(space, connector("""
                {"host":"127.0.0.1","port":%d,"from":"Alerts <alerts@example.com>"}""".formatted(smtpPort()),
                "{\"user\":\"bob\",\"password\":\"" + PASSWORD + "\"}"));
        JsonNode answer = execute(space, id, """
                {"to":["ops@example.org","Dev Team <dev@example.org>"],"cc":["lead@example.org"],
                 "bcc":["audit@example.net"],"subject":"Disk full on node-1 ✓",
                 "message":"**node-1** is at _95%_, see https://status.example.com"}""");

        MimeMessage[] received = MAIL.getReceivedMessages();
        assertEquals(4, received.length, "one copy per recipient, the blind copy included");
        MimeMessage mail = received[0];
        assertEquals(List.of("Alerts <alerts@example.com>"), addresses(mail.getFrom()));
        assertEquals(List.of("ops@example.org", "Dev Team <dev@example.org>"),
                addresses(mail.getRecipients(Message.RecipientType.TO)));
        assertEquals(List.of("lead@example.org"), addresses(mail.getRecipients(Message.RecipientType.CC)));
        assertNull(mail.getHeader("Bcc"), "blind copies stay blind");
        assertEquals(1, MAIL.findReceivedMessages(user -> user.getEmail().equals("audit@example.net"), m -> true)
                .count(), "the blind copy was delivered");
        assertEquals("Disk full on node-1 ✓", mail.getSubject());
        assertEquals("**node-1** is at _95%_, see https://status.example.com" + FOOTER, text(mail));
        assertEquals("<p><strong>node-1</strong> is at <em>95%</em>, see "
                + "<a href=\"https://status.example.com\">https://status.example.com</a></p>\n" + FOOTER_HTML, html(mail));

        String messageId = mail.getMessageID();
        assertTrue(messageId.matches("<[0-9a-f-]{36}@example\\.com>"), messageId);
        long size = answer.at("/data/messageSize").asLong();
        long envelopeTime = answer.at("/data/envelopeTime").asLong(-1);
        long messageTime = answer.at("/data/messageTime").asLong(-1);
        assertEquals(JSON.readTree("""
                {"status":"ok","connector_id":"%s","data":{
                  "accepted":["ops@example.org","dev@example.org","lead@example.org","audit@example.net"],
                  "rejected":[],"ehlo":["AUTH PLAIN LOGIN XOAUTH2","SMTPUTF8"],
                  "envelopeTime":%d,"messageTime":%d,"messageSize":%d,"response":"250 OK",
                  "envelope":{"from":"alerts@example.com",
                              "to":["ops@example.org","dev@example.org","lead@example.org","audit@example.net"]},
                  "messageId":"%s"}}""".formatted(id, envelopeTime, messageTime, size, messageId)), answer);
        assertTrue(envelopeTime >= 0 && messageTime >= 0, answer.toString());
        assertTrue(size > 500, "the size of the whole MIME message: " + size);
        assertEquals(size, lastEvent(space, id).at("/kibana/action/execution/usage/request_body_bytes").asLong(-1));
    }

    @Test
    void sendsWithoutAuthentication() throws Exception {
        String space = freshSpace();
        String id = create(space, connector("""
                {"host":"127.0.0.1","port":%d,"from":"noreply@example.com","hasAuth":false}""".formatted(smtpPort()),
                "{}"));
        JsonNode answer = execute(space, id, """
                {"to":["ops@example.org"],"subject":"plain","message":"line one\\nline two"}""");

        assertEquals("ok", answer.get("status").asText(), answer.toString());
        MimeMessage[] received = MAIL.getReceivedMessages();
        assertEquals(1, received.length);
        assertEquals(List.of("noreply@example.com"), addresses(received[0].getFrom()));
        assertEquals("line one\nline two" + FOOTER, text(received[0]));
        assertEquals("<p>line one\nline two</p>\n" + FOOTER_HTML, html(received[0]));
        assertEquals(List.of("ops@example.org"), mapper(answer.at("/data/accepted")));
    }

    @Test
    void wrongPasswordIsAnErrorResultThatNeverShowsThePassword() throws Exception {
        String space = freshSpace();
        String wrong = "wrong-" + PASSWORD;
        String id = create(space, connector("""
                {"host":"127.0.0.1","port":%d,"from":"alerts@example.com"}""".formatted(smtpPort()),
                "{\"user\":\"bob\",\"password\":\"" + wrong + "\"}"));
        String body = kibana().body("{\"params\":{\"to\":[\"ops@example.org\"],\"subject\":\"s\",\"message\":\"m\"}}")
                .post(path(space, "/api/actions/connector/" + id + "/_execute"))
                .then().statusCode(200).extract().asString();

        assertEquals(JSON.readTree("""
                {"status":"error","connector_id":"%s","message":"error sending email",
                 "service_message":"Invalid login: 535 5.7.8  Authentication credentials invalid",
                 "errorSource":"user"}"""
                .formatted(id)), JSON.readTree(body));
        assertEquals(0, MAIL.getReceivedMessages().length);
        assertFalse(body.contains(wrong), body);
        assertFalse(LOGS.text().contains(wrong), "the password is in a log line");
        assertFalse(LOGS.text().contains(PASSWORD), "the password is in a log line");
    }

    @Test
    void jsonServiceReturnsTheMessageWithoutSending() throws Exception {
        String space = freshSpace();
        String id = create(space, connector("""
                {"service":"__json","from":"Jim <jim@example.com>","hasAuth":false}""", "{}"));
        JsonNode answer = execute(space, id, """
                {"to":["kibana-action-test@elastic.co"],"bcc":["Audit <audit@example.net>"],"subject":"email-subject",
                 "message":"_italic_ **bold** https://elastic.co link"}""");

        String messageId = answer.at("/data/messageId").asText();
        assertTrue(messageId.matches("<[0-9a-f-]{36}@example\\.com>"), messageId);
        assertEquals(JSON.readTree("""
                {"status":"ok","connector_id":"%s","data":{
                  "envelope":{"from":"jim@example.com","to":["kibana-action-test@elastic.co","audit@example.net"]},
                  "messageId":"%s",
                  "message":{"from":{"address":"jim@example.com","name":"Jim"},
                    "to":[{"address":"kibana-action-test@elastic.co","name":""}],"cc":null,
                    "bcc":[{"address":"audit@example.net","name":"Audit"}],"subject":"email-subject",
                    "html":"<p><em>italic</em> <strong>bold</strong> <a href=\\"https://elastic.co\\">https://elastic.co</a> link</p>\\n<hr>\\n<p>This message was sent by Elastic.</p>\\n",
                    "text":"_italic_ **bold** https://elastic.co link\\n\\n---\\n\\nThis message was sent by Elastic.",
                    "headers":{},"messageId":"%s"}}}""".formatted(id, messageId, messageId)), answer);
        assertEquals(0, MAIL.getReceivedMessages().length);
        assertEquals(0, lastEvent(space, id).at("/kibana/action/execution/usage/request_body_bytes").asLong(-1));
    }

    @Test
    void refusedConnectionIsANetworkErrorResult() throws Exception {
        int closedPort = closedPort();
        String space = freshSpace();
        String id = create(space, connector("""
                {"host":"127.0.0.1","port":%d,"from":"alerts@example.com","hasAuth":false}""".formatted(closedPort),
                "{}"));
        JsonNode answer = execute(space, id, "{\"to\":[\"ops@example.org\"],\"subject\":\"s\",\"message\":\"m\"}");

        assertSendFailed(id, "connect ECONNREFUSED 127.0.0.1:" + closedPort, answer);
        String metrics = RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains(
                "switchboard_executions_total{connector_type=\".email\",outcome=\"failure\",reason=\"network\"}"),
                metrics);
    }

    @Test
    void refusedConnectionNamesTheAddressAHostNameResolvedTo() throws Exception {
        int closedPort = closedPort();
        String space = freshSpace();
        String id = create(space, connector("""
                {"host":"localhost","port":%d,"from":"alerts@example.com","hasAuth":false}""".formatted(closedPort),
                "{}"));
        JsonNode answer = execute(space, id, "{\"to\":[\"ops@example.org\"],\"subject\":\"s\",\"message\":\"m\"}");

        assertEquals("connect ECONNREFUSED 127.0.0.1:" + closedPort, answer.get("service_message").asText(),
                answer.toString());
    }

    @Test
    void unknownHostIsAnErrorResultAsNodeWordsIt() throws Exception {
        String space = freshSpace();
        String id = create(space, connector("""
                {"host":"smtp.example.invalid","port":25,"from":"alerts@example.com","hasAuth":false}""", "{}"));
        JsonNode answer = execute(space, id, "{\"to\":[\"ops@example.org\"],\"subject\":\"s\",\"message\":\"m\"}");

        assertSendFailed(id, "getaddrinfo ENOTFOUND smtp.example.invalid", answer);
    }

    @Test
    void implicitTlsChecksTheCertificateByDefault() throws Exception {
        String space = freshSpace();
        String id = create(space, connector("""
                {"host":"127.0.0.1","port":%d,"secure":true,"from":"alerts@example.com"}""".formatted(smtpsPort()),
                "{\"user\":\"bob\",\"password\":\"" + PASSWORD + "\"}"));
        JsonNode answer = execute(space, id, "{\"to\":[\"ops@example.org\"],\"subject\":\"s\",\"message\":\"m\"}");

        assertEquals("error", answer.get("status").asText(), answer.toString());
        assertEquals("error sending email", answer.get("message").asText());
        // GreenMail's own certificate, which no default authority signed; Node's words, as the HTTP connectors use
        assertEquals("unable to verify the first certificate", answer.get("service_message").asText());
        assertEquals(0, MAIL.getReceivedMessages().length);
    }

    @Test
    void exchangeConnectorsCannotBeCreatedAndSaySo() {
        assertError(kibana().body(connector("""
                {"service":"exchange_server","from":"alerts@example.com","tenantId":"t","clientId":"c"}""",
                "{\"clientSecret\":\"s3cret-client\"}")).post(path(freshSpace(), "/api/actions/connector")).then(), 400,
                "error validating action type connector: sending email through Microsoft Exchange (Graph API) is not "
                        + "supported; use an SMTP service instead");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static int smtpPort() {
        return MAIL.getSmtp().getPort();
    }

    static int smtpsPort() {
        return MAIL.getSmtps().getPort();
    }

    /** The whole {@code _execute} answer of a send that failed with {@code serviceMessage}. */
    static void assertSendFailed(String id, String serviceMessage, JsonNode answer) {
        assertEquals(JSON.createObjectNode().put("status", "error").put("connector_id", id)
                .put("message", "error sending email").put("service_message", serviceMessage)
                .put("errorSource", "user"), answer);
    }

    static JsonNode execute(String space, String id, String params) throws IOException {
        return JSON.readTree(kibana().body("{\"params\":" + params + "}")
                .post(path(space, "/api/actions/connector/" + id + "/_execute"))
                .then().statusCode(200).extract().asString());
    }

    private static List<String> mapper(JsonNode array) {
        return Arrays.stream(JSON.convertValue(array, String[].class)).toList();
    }

    private JsonNode lastEvent(String space, String connectorId) throws Exception {
        io.switchboard.support.Database.flushEventLog();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT document::text FROM event_log "
                     + "WHERE space_id = ? AND connector_id = ? ORDER BY id DESC LIMIT 1")) {
            statement.setString(1, space);
            statement.setString(2, connectorId);
            try (ResultSet rows = statement.executeQuery()) {
                assertTrue(rows.next(), "an event row");
                ObjectNode event = (ObjectNode) JSON.readTree(rows.getString(1));
                assertEquals("execute", event.at("/event/action").asText());
                return event;
            }
        }
    }
}
