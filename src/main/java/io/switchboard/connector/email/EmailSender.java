package io.switchboard.connector.email;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.connector.ExecutionRequest;
import io.switchboard.connector.ExecutionResult;
import io.switchboard.connector.FailureReason;
import io.switchboard.egress.SmtpSessions;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.eclipse.angus.mail.smtp.SMTPTransport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sends one email as Kibana's {@code .email} connector does: plain text (message plus footer) and HTML rendered from
 * the same markdown, over SMTP through {@link SmtpSessions}; service {@code __json} sends nothing and returns the
 * message.
 */
final class EmailSender {

    static final String FAILURE = "error sending email";
    private static final List<org.commonmark.Extension> EXTENSIONS = List.of(AutolinkExtension.create());
    private static final Parser MARKDOWN = Parser.builder().extensions(EXTENSIONS).build();
    private static final HtmlRenderer HTML = HtmlRenderer.builder().extensions(EXTENSIONS).build();

    /** Where a named service delivers. */
    record Server(String host, int port, boolean secure) {
    }

    private final SmtpSessions sessions;
    private final ObjectMapper json;
    private final boolean footerEnabled;
    private final Optional<String> publicBaseUrl;

    EmailSender(SmtpSessions sessions, ObjectMapper json, boolean footerEnabled, Optional<String> publicBaseUrl) {
        this.sessions = sessions;
        this.json = json;
        this.footerEnabled = footerEnabled;
        this.publicBaseUrl = publicBaseUrl;
    }

    ExecutionResult send(ExecutionRequest request, Server server, boolean requireTls, boolean ignoreTls) {
        ObjectNode config = request.config();
        ObjectNode secrets = request.secrets();
        JsonNode params = request.params();
        String text = params.get("message").textValue() + footer(params.get("kibanaFooterLink"));
        String html = HTML.render(MARKDOWN.parse(text));
        boolean hasAuth = config.path("hasAuth").asBoolean(true);
        String user = text(secrets, "user");
        String password = text(secrets, "password");
        boolean authenticated = hasAuth && user != null && password != null;
        try {
            Session session = sessions.session(new SmtpSessions.Target(server.host(), server.port(), server.secure(),
                    authenticated), requireTls, ignoreTls, request.deadline());
            MimeMessage message = compose(session, config.get("from").textValue(), params, text, html);
            try (Transport transport = session.getTransport()) {
                if (authenticated) {
                    transport.connect(user, password);
                } else {
                    transport.connect();
                }
                Address[] recipients = message.getAllRecipients();
                transport.sendMessage(message, recipients);
                return ExecutionResult.success(info(message, recipients, transport));
            }
        } catch (MessagingException failure) {
            return ExecutionResult.failure(FailureReason.NETWORK, FAILURE, rootMessage(failure), null);
        }
    }

    /** Service {@code __json}: the message as nodemailer's JSON transport describes it, nothing sent. */
    ExecutionResult describe(ExecutionRequest request) {
        JsonNode params = request.params();
        String text = params.get("message").textValue() + footer(params.get("kibanaFooterLink"));
        String from = request.config().get("from").textValue();
        String messageId = "<" + java.util.UUID.randomUUID() + "@" + domainOf(from) + ">";
        ObjectNode data = json.createObjectNode();
        ObjectNode envelope = data.putObject("envelope").put("from", from);
        ArrayNode envelopeTo = envelope.putArray("to");
        for (String field : new String[] {"to", "cc", "bcc"}) {
            params.path(field).forEach(address -> envelopeTo.add(address.asText()));
        }
        data.put("messageId", messageId);
        ObjectNode message = data.putObject("message");
        message.putObject("from").put("address", from).put("name", "");
        for (String field : new String[] {"to", "cc", "bcc"}) {
            JsonNode addresses = params.path(field);
            if (addresses.isEmpty()) {
                message.putNull(field);
            } else {
                ArrayNode list = message.putArray(field);
                addresses.forEach(address -> list.addObject().put("address", address.asText()).put("name", ""));
            }
        }
        message.put("subject", params.get("subject").textValue());
        message.put("html", HTML.render(MARKDOWN.parse(text)));
        message.put("text", text);
        message.putObject("headers");
        message.put("messageId", messageId);
        return ExecutionResult.success(data);
    }

    /** Kibana's footer: a rule of dashes and where the message came from, with a link when the public URL is known. */
    String footer(JsonNode footerLink) {
        if (!footerEnabled) {
            return "";
        }
        StringBuilder footer = new StringBuilder("\n\n---\n\nThis message was sent by Elastic.");
        publicBaseUrl.ifPresent(base -> {
            String path = footerLink == null ? "/" : footerLink.path("path").asText("/");
            String label = footerLink == null ? "Go to Elastic" : footerLink.path("text").asText("Go to Elastic");
            footer.append(" [").append(label).append("](").append(base).append("/".equals(path) ? "" : path).append(").");
        });
        return footer.toString();
    }

    private static MimeMessage compose(Session session, String from, JsonNode params, String text, String html)
            throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(from));
        addRecipients(message, Message.RecipientType.TO, params.path("to"));
        addRecipients(message, Message.RecipientType.CC, params.path("cc"));
        addRecipients(message, Message.RecipientType.BCC, params.path("bcc"));
        message.setSubject(params.get("subject").textValue(), StandardCharsets.UTF_8.name());
        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(text, StandardCharsets.UTF_8.name());
        MimeBodyPart rich = new MimeBodyPart();
        rich.setContent(html, "text/html; charset=utf-8");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(plain);
        alternative.addBodyPart(rich);
        message.setContent(alternative);
        message.saveChanges();
        return message;
    }

    private static void addRecipients(MimeMessage message, Message.RecipientType type, JsonNode addresses)
            throws MessagingException {
        for (JsonNode address : addresses) {
            message.addRecipients(type, InternetAddress.parse(address.asText()));
        }
    }

    private ObjectNode info(MimeMessage message, Address[] recipients, Transport transport) throws MessagingException {
        ObjectNode data = json.createObjectNode();
        ArrayNode accepted = data.putArray("accepted");
        List<String> to = new ArrayList<>();
        for (Address recipient : recipients) {
            String address = ((InternetAddress) recipient).getAddress();
            accepted.add(address);
            to.add(address);
        }
        data.putArray("rejected");
        ObjectNode envelope = data.putObject("envelope")
                .put("from", ((InternetAddress) message.getFrom()[0]).getAddress());
        to.forEach(envelope.putArray("to")::add);
        if (transport instanceof SMTPTransport smtp && smtp.getLastServerResponse() != null) {
            data.put("response", smtp.getLastServerResponse().trim());
        }
        data.put("messageId", message.getMessageID());
        return data;
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause == failure || cause.getMessage() == null ? failure.getMessage()
                : failure.getMessage() + ": " + cause.getMessage();
    }

    private static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? "localhost" : address.substring(at + 1).replace(">", "");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
