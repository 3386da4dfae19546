package io.switchboard.connector.email;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.switchboard.connector.email.EmailConnectorTest.connector;
import static io.switchboard.connector.email.EmailExecuteTest.assertSendFailed;
import static io.switchboard.connector.email.EmailExecuteTest.execute;
import static io.switchboard.support.Api.create;
import static io.switchboard.support.Api.freshSpace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real SMTP server (SubEtha) that refuses some recipients, one sender and one message: the results say what
 * nodemailer's would.
 */
@QuarkusTest
class EmailServerRepliesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** What the server received: the accepted recipients of each message. */
    private static final List<List<String>> DELIVERED = new CopyOnWriteArrayList<>();
    private static SMTPServer server;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        server = new SMTPServer.Builder()
                .bindAddress(InetAddress.getLoopbackAddress())
                .port(port)
                .messageHandlerFactory(Choosy::new)
                .build();
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void forget() {
        DELIVERED.clear();
    }

    @Test
    void refusedRecipientIsReportedAndTheOthersGetTheMail() throws Exception {
        String space = freshSpace();
        String id = create(space, connector("""
                {"host":"127.0.0.1","port":%d,"from":"alerts@example.com","hasAuth":false}""".formatted(port), "{}"));
        JsonNode answer = execute(space, id, """
                {"to":["ops@example.org","nobody@example.org"],"cc":["lead@example.org"],
                 "subject":"s","message":"m"}""");

        assertEquals("ok", answer.get("status").asText(), answer.toString());
        ObjectNode data = (ObjectNode) answer.get("data");
        assertEquals(List.of("accepted", "rejected", "ehlo", "rejectedErrors", "envelopeTime", "messageTime",
                "messageSize", "response", "envelope", "messageId"), fieldNames(data), "nodemailer's order");
        for (String time : new String[] {"envelopeTime", "messageTime"}) {
            assertTrue(data.get(time).isIntegralNumber() && data.get(time).asLong() >= 0, data.toString());
        }
        assertTrue(data.get("messageSize").asLong() > 500, data.toString());
        assertTrue(data.get("messageId").asText().matches("<[0-9a-f-]{36}@example\\.com>"), data.toString());
        data.remove(List.of("envelopeTime", "messageTime", "messageSize", "messageId"));
        assertEquals(JSON.readTree("""
                {"accepted":["ops@example.org","lead@example.org"],"rejected":["nobody@example.org"],
                 "ehlo":["8BITMIME","CHUNKING","SMTPUTF8","Ok"],
                 "rejectedErrors":[{"code":"EENVELOPE",
                                    "response":"550 5.1.1 <nobody@example.org>: Recipient address rejected",
                                    "responseCode":550,"command":"RCPT TO","recipient":"nobody@example.org"}],
                 "response":"250 Ok",
                 "envelope":{"from":"alerts@example.com",
                             "to":["ops@example.org","nobody@example.org","lead@example.org"]}}"""), data);
        assertEquals(List.of(List.of("ops@example.org", "lead@example.org")), DELIVERED);
    }

    @Test
    void allRecipientsRefusedIsAnErrorNamingTheLastRefusal() throws Exception {
        String space = freshSpace();
        String id = create(space, connector("""
                {"host":"127.0.0.1","port":%d,"from":"alerts@example.com","hasAuth":false}""".formatted(port), "{}"));
        JsonNode answer = execute(space, id, """
                {"to":["nobody@example.org"],"bcc":["nobody@example.net"],"subject":"s","message":"m"}""");

        assertSendFailed(id, "Can't send mail - all recipients were rejected:"
                + " 550 5.1.1 <nobody@example.net>: Recipient address rejected", answer);
        assertEquals(List.of(), DELIVERED);
    }

    @Test
    void refusedSenderIsAMailCommandFailure() throws Exception {
        String space = freshSpace();
        String id = create(space, connector("""
                {"host":"127.0.0.1","port":%d,"from":"blocked@example.com","hasAuth":false}""".formatted(port),
                "{}"));
        JsonNode answer = execute(space, id, "{\"to\":[\"ops@example.org\"],\"subject\":\"s\",\"message\":\"m\"}");

        assertSendFailed(id, "Mail command failed: 553 5.7.1 <blocked@example.com>: Sender address rejected",
                answer);
        assertEquals(List.of(), DELIVERED);
    }

    @Test
    void refusedMessageIsAMessageFailure() throws Exception {
        String space = freshSpace();
        String id = create(space, connector("""
                {"host":"127.0.0.1","port":%d,"from":"alerts@example.com","hasAuth":false}""".formatted(port), "{}"));
        JsonNode answer = execute(space, id, "{\"to\":[\"ops@example.org\"],\"subject\":\"spam\",\"message\":\"m\"}");

        assertSendFailed(id, "Message failed: 554 5.7.1 Message content rejected", answer);
        assertEquals(List.of(), DELIVERED);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Refuses the sender {@code blocked@}, every {@code nobody@} recipient, and messages with the subject "spam". */
    private static final class Choosy implements MessageHandler {
        private final List<String> recipients = new ArrayList<>();

        Choosy(MessageContext context) {
        }

        @Override
        public void from(String from) throws RejectException {
            if (from.startsWith("blocked@")) {
                throw new RejectException(553, "5.7.1 <" + from + ">: Sender address rejected");
            }
        }

        @Override
        public void recipient(String recipient) throws RejectException {
            if (recipient.startsWith("nobody@")) {
                throw new RejectException(550, "5.1.1 <" + recipient + ">: Recipient address rejected");
            }
            recipients.add(recipient);
        }

        @Override
        public String data(InputStream data) throws RejectException, java.io.IOException {
            if (new String(data.readAllBytes(), StandardCharsets.UTF_8).contains("Subject: spam\r\n")) {
                throw new RejectException(554, "5.7.1 Message content rejected");
            }
            DELIVERED.add(List.copyOf(recipients));
            return null;
        }

        @Override
        public void done() {
        }
    }
}
