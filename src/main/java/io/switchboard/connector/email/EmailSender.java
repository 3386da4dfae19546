package io.switchboard.connector.email;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.util.NetUtil;
import io.switchboard.connector.ExecutionRequest;
import io.switchboard.connector.ExecutionResult;
import io.switchboard.connector.FailureReason;
import io.switchboard.connector.HttpFailures;
import io.switchboard.egress.EgressException;
import io.switchboard.egress.SmtpSessions;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.util.MailConnectException;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends one email as Kibana's {@code .email} connector does: plain text (message plus footer) and HTML rendered from
 * the same markdown, over SMTP through {@link SmtpSessions}; service {@code __json} sends nothing and returns the
 * message. Failures come back as results: {@code error sending email} with nodemailer's words as the service message
 * where the failure is one it names (the transport's own otherwise), and no retry, as Kibana answers.
 */
final class EmailSender {

    static final String FAILURE = "error sending email";
    private static final String STARTTLS_NOT_OFFERED = "STARTTLS is required but host does not support STARTTLS";
    /** Angus's account of a greeting other than 220, the server's reply last. */
    private static final Pattern BAD_GREETING = Pattern.compile(
            "Got bad greeting from SMTP host: .*?, response: (.*)", Pattern.DOTALL);
    /** What Angus reads as the reply when the server closed the connection instead of answering. */
    private static final String CLOSED = "[EOF]";

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

    ExecutionResult send(ExecutionRequest request, SmtpSessions.Target server) {
        ObjectNode config = request.config();
        ObjectNode secrets = request.secrets();
        JsonNode params = request.params();
        String text = params.get("message").textValue() + footer(params.get("kibanaFooterLink"));
        String html = MessageHtml.render(text);
        boolean hasAuth = config.path("hasAuth").asBoolean(true);
        String user = text(secrets, "user");
        String password = text(secrets, "password");
        boolean authenticated = hasAuth && user != null && password != null;
        long size = 0;
        try {
            Session session = sessions.session(server, authenticated, request.deadline());
            IdentifiedMessage message = compose(session, config.get("from").textValue(), params, text, html);
            size = sizeOf(message);
            RecordingTransport transport = new RecordingTransport(session);
            try (transport) {
                if (authenticated) {
                    transport.connect(user, password);
                } else {
                    transport.connect();
                }
                Address[] recipients = message.getAllRecipients();
                Delivery delivery = deliver(transport, message, recipients);
                return ExecutionResult.success(info(message, recipients, delivery, size, transport))
                        .withRequestBodyBytes(size);
            } catch (MessagingException failure) {
                return failed(failure, transport.stage(), server.host(), password, size);
            }
        } catch (MessagingException failure) {
            return failed(failure, RecordingTransport.Stage.CONNECTING, server.host(), password, size);
        } catch (EgressException refused) {
            return ExecutionResult.failure(HttpFailures.of(refused), FAILURE, refused.getMessage(), null);
        }
    }

    private static ExecutionResult failed(MessagingException failure, RecordingTransport.Stage stage, String host,
                                          String password, long size) {
        return ExecutionResult.failure(reasonOf(failure), FAILURE, serviceMessage(failure, stage, host, password),
                null).withRequestBodyBytes(size);
    }

    /** Service {@code __json}: the message as nodemailer's JSON transport describes it, nothing sent. */
    ExecutionResult describe(ExecutionRequest request) {
        JsonNode params = request.params();
        String text = params.get("message").textValue() + footer(params.get("kibanaFooterLink"));
        Mailbox from = mailboxes(request.config().get("from").textValue()).getFirst();
        String messageId = messageId(from.address());
        ObjectNode data = json.createObjectNode();
        ObjectNode envelope = data.putObject("envelope").put("from", from.address());
        ArrayNode envelopeTo = envelope.putArray("to");
        for (String field : new String[] {"to", "cc", "bcc"}) {
            params.path(field).forEach(entry -> mailboxes(entry.asText())
                    .forEach(mailbox -> envelopeTo.add(mailbox.address())));
        }
        data.put("messageId", messageId);
        ObjectNode message = data.putObject("message");
        message.putObject("from").put("address", from.address()).put("name", from.name());
        for (String field : new String[] {"to", "cc", "bcc"}) {
            JsonNode entries = params.path(field);
            if (entries.isEmpty()) {
                message.putNull(field);
            } else {
                ArrayNode list = message.putArray(field);
                entries.forEach(entry -> mailboxes(entry.asText()).forEach(mailbox ->
                        list.addObject().put("address", mailbox.address()).put("name", mailbox.name())));
            }
        }
        message.put("subject", params.get("subject").textValue());
        message.put("html", MessageHtml.render(text));
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

    private static IdentifiedMessage compose(Session session, String from, JsonNode params, String text,
                                             String html) throws MessagingException {
        InternetAddress sender = new InternetAddress(from);
        IdentifiedMessage message = new IdentifiedMessage(session, messageId(sender.getAddress()));
        message.setFrom(sender);
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
        message.setSentDate(new Date());
        message.saveChanges();
        return message;
    }

    private static void addRecipients(MimeMessage message, Message.RecipientType type, JsonNode addresses)
            throws MessagingException {
        for (JsonNode address : addresses) {
            message.addRecipients(type, InternetAddress.parse(address.asText()));
        }
    }

    /** The message as it goes over the wire (SMTP leaves the Bcc header out), in bytes. */
    private static long sizeOf(MimeMessage message) throws MessagingException {
        CountingStream counter = new CountingStream();
        try {
            message.writeTo(counter, new String[] {"Bcc", "Content-Length"});
        } catch (IOException impossible) {
            throw new MessagingException("cannot measure the message", impossible);
        }
        return counter.count;
    }

    /**
     * Sends the message and times it as nodemailer does: the envelope (MAIL FROM to the server's go-ahead for DATA),
     * then the message itself. A message delivered to only some recipients is reported by Angus with an exception
     * carrying the server's 2xx answer to the message and, chained, the refused recipients.
     */
    private static Delivery deliver(Transport transport, IdentifiedMessage message, Address[] recipients)
            throws MessagingException {
        long started = System.nanoTime();
        List<SMTPAddressFailedException> refusals = List.of();
        try {
            transport.sendMessage(message, recipients);
        } catch (SMTPSendFailedException failure) {
            if (failure.getReturnCode() / 100 != 2) {
                throw failure;
            }
            refusals = refusals(failure);
        }
        long finished = System.nanoTime();
        return new Delivery(refusals, millis(message.writtenAt - started), millis(finished - message.writtenAt));
    }

    /** The recipients the server refused at RCPT TO, in the order they were sent. */
    private static List<SMTPAddressFailedException> refusals(MessagingException failure) {
        List<SMTPAddressFailedException> refusals = new ArrayList<>();
        for (Exception e = failure; e instanceof MessagingException m; e = m.getNextException()) {
            if (e instanceof SMTPAddressFailedException refusal) {
                refusals.add(refusal);
            }
        }
        return refusals;
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    /** What nodemailer's SMTP transport reports for a sent message. */
    private ObjectNode info(MimeMessage message, Address[] recipients, Delivery delivery, long size,
                            RecordingTransport transport) throws MessagingException {
        Set<String> refused = new HashSet<>();
        delivery.refusals().forEach(refusal -> refused.add(refusal.getAddress().getAddress()));
        ObjectNode data = json.createObjectNode();
        ArrayNode accepted = data.putArray("accepted");
        ArrayNode rejected = data.putArray("rejected");
        List<String> to = new ArrayList<>();
        for (Address recipient : recipients) {
            String address = ((InternetAddress) recipient).getAddress();
            (refused.contains(address) ? rejected : accepted).add(address);
            to.add(address);
        }
        if (!transport.ehlo().isEmpty()) {
            transport.ehlo().forEach(data.putArray("ehlo")::add);
        }
        if (!delivery.refusals().isEmpty()) {
            ArrayNode errors = data.putArray("rejectedErrors");
            delivery.refusals().forEach(refusal -> errors.add(rejectedError(refusal)));
        }
        data.put("envelopeTime", delivery.envelopeTime());
        data.put("messageTime", delivery.messageTime());
        data.put("messageSize", size);
        if (transport.getLastServerResponse() != null) {
            data.put("response", reply(transport.getLastServerResponse()));
        }
        ObjectNode envelope = data.putObject("envelope")
                .put("from", ((InternetAddress) message.getFrom()[0]).getAddress());
        to.forEach(envelope.putArray("to")::add);
        data.put("messageId", message.getMessageID());
        return data;
    }

    /** A refused recipient as nodemailer's error for it serializes: its own properties, not its message. */
    private ObjectNode rejectedError(SMTPAddressFailedException refusal) {
        ObjectNode error = json.createObjectNode()
                .put("code", "EENVELOPE")
                .put("response", reply(refusal.getMessage()));
        if (refusal.getReturnCode() > 0) {
            error.put("responseCode", refusal.getReturnCode());
        }
        return error.put("command", "RCPT TO").put("recipient", refusal.getAddress().getAddress());
    }

    /** A server reply as nodemailer holds it: the lines joined by line feeds, without the last one's end. */
    private static String reply(String response) {
        return response.endsWith("\n") ? response.substring(0, response.length() - 1) : response;
    }

    /**
     * A timeout is a timeout; an SMTP 5xx answer means the server refused this message or these credentials:
     * sending again will not help.
     */
    private static FailureReason reasonOf(MessagingException failure) {
        if (timedOut(failure)) {
            return FailureReason.TIMEOUT;
        }
        if (failure instanceof AuthenticationFailedException) {
            return FailureReason.CLIENT_ERROR;
        }
        for (Exception e = failure; e != null; e = e instanceof MessagingException m ? m.getNextException() : null) {
            int code = switch (e) {
                case SMTPSendFailedException send -> send.getReturnCode();
                case SMTPAddressFailedException address -> address.getReturnCode();
                case SMTPSenderFailedException sender -> sender.getReturnCode();
                default -> 0;
            };
            if (code >= 500) {
                return FailureReason.CLIENT_ERROR;
            }
        }
        return FailureReason.NETWORK;
    }

    /**
     * nodemailer's words for the failure where they are known, else the transport's own explanation. A server may
     * echo what it was sent, so the password is masked should it appear.
     */
    private static String serviceMessage(MessagingException failure, RecordingTransport.Stage stage, String host,
                                         String password) {
        String message = nodemailerMessage(failure, stage, host).orElseGet(() -> transportMessage(failure));
        return password == null || password.isEmpty() ? message : message.replace(password, "<secret>");
    }

    /** What nodemailer 6 ({@code lib/smtp-connection}) says for the failures Angus reports recognisably. */
    private static Optional<String> nodemailerMessage(MessagingException failure, RecordingTransport.Stage stage,
                                                      String host) {
        Optional<String> outbound = SmtpSessions.proxyRefusal(failure).or(() -> SmtpSessions.tlsFailure(failure, host));
        if (outbound.isPresent()) {
            return outbound;
        }
        if (failure instanceof MailConnectException connect) {
            return connectFailure(connect);
        }
        Matcher greeting = BAD_GREETING.matcher(String.valueOf(failure.getMessage()));
        if (greeting.matches()) {
            String response = reply(greeting.group(1));
            return Optional.of(response.equals(CLOSED) ? "Connection closed" : "Invalid greeting. response=" + response);
        }
        if (closedMidTransaction(failure)) {
            return Optional.of("Connection closed unexpectedly");
        }
        if (timedOut(failure)) {
            return Optional.of(switch (stage) {
                case CONNECTING -> "Connection timeout";
                case GREETING -> "Greeting never received";
                case SESSION -> "Timeout";
            });
        }
        if (failure instanceof AuthenticationFailedException && isReply(failure.getMessage())) {
            return Optional.of("Invalid login: " + reply(failure.getMessage()));
        }
        if (failure instanceof SMTPSendFailedException refused && isReply(refused.getMessage())) {
            return commandFailure(refused);
        }
        if (STARTTLS_NOT_OFFERED.equals(failure.getMessage())) {
            // nodemailer sends STARTTLS regardless and quotes the refusal; Angus never sends it, so there is no reply
            return Optional.of("Error upgrading connection with STARTTLS");
        }
        List<SMTPAddressFailedException> refusals = refusals(failure);
        if (allRecipientsRefused(failure, refusals)) {
            return Optional.of("Can't send mail - all recipients were rejected: "
                    + reply(refusals.getLast().getMessage()));
        }
        return Optional.empty();
    }

    /**
     * The socket errors Node reports for a connection that could not be made. Names are resolved (and an unknown
     * one reported) by {@link SmtpSessions} before any connection, so the transport only ever meets addresses.
     */
    private static Optional<String> connectFailure(MailConnectException failure) {
        return switch (failure.getNextException()) {
            case SocketTimeoutException timeout -> Optional.of("Connection timeout");
            case ConnectException refused when String.valueOf(refused.getMessage()).contains("refused") ->
                    Optional.of("connect ECONNREFUSED " + nodeAddress(failure.getHost()) + ":" + failure.getPort());
            case null, default -> Optional.empty();
        };
    }

    /** The address connected to, as Node writes it (sessions connect to the address they checked, not the name). */
    private static String nodeAddress(String host) {
        try {
            return NetUtil.toAddressString(InetAddress.getByName(host));
        } catch (UnknownHostException gone) {
            return host;
        }
    }

    /** Whether the failure comes from a socket timeout. */
    private static boolean timedOut(MessagingException failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** A refused MAIL FROM, DATA, or message (the reply to its final dot). */
    private static Optional<String> commandFailure(SMTPSendFailedException refused) {
        String command = refused.getCommand();
        String words = command.startsWith("MAIL FROM:") ? "Mail command failed"
                : command.equals("DATA") ? "Data command failed"
                : command.equals(".") ? "Message failed"
                : null;
        return Optional.ofNullable(words).map(text -> text + ": " + reply(refused.getMessage()));
    }

    /** The server closed the connection where a reply to a command was due. */
    private static boolean closedMidTransaction(MessagingException failure) {
        for (Exception e = failure; e instanceof MessagingException m; e = m.getNextException()) {
            if (CLOSED.equals(reply(String.valueOf(m.getMessage())))) {
                return true;
            }
        }
        return false;
    }

    /** Whether the text is an SMTP reply (Angus puts "[EOF]" or nothing there when the server sent none). */
    private static boolean isReply(String text) {
        return text != null && text.matches("(?s)\\d{3}.*");
    }

    /**
     * Angus gives up at RCPT TO with a plain {@link SendFailedException} chaining the refusals; every recipient was
     * refused when each one it lists (invalid, or valid but not sent to) has a refusal.
     */
    private static boolean allRecipientsRefused(MessagingException failure, List<SMTPAddressFailedException> refusals) {
        if (failure.getClass() != SendFailedException.class || refusals.isEmpty()) {
            return false;
        }
        SendFailedException send = (SendFailedException) failure;
        return count(send.getInvalidAddresses()) + count(send.getValidUnsentAddresses()) == refusals.size();
    }

    private static int count(Address[] addresses) {
        return addresses == null ? 0 : addresses.length;
    }

    /** The transport's explanation, with its underlying cause. */
    private static String transportMessage(MessagingException failure) {
        StringBuilder text = new StringBuilder(String.valueOf(failure.getMessage()).strip());
        Throwable cause = failure.getCause();
        while (cause != null && cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause != null && cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
            text.append(": ").append(cause.getMessage().strip());
        }
        return text.toString();
    }

    /** The mailboxes of one address entry, leniently parsed; an unparsable entry is kept as it is. */
    private static List<Mailbox> mailboxes(String entry) {
        try {
            InternetAddress[] parsed = InternetAddress.parseHeader(entry, false);
            if (parsed.length > 0) {
                List<Mailbox> result = new ArrayList<>();
                for (InternetAddress address : parsed) {
                    result.add(new Mailbox(address.getAddress(),
                            address.getPersonal() == null ? "" : address.getPersonal()));
                }
                return result;
            }
        } catch (AddressException unparsable) {
            // as nodemailer does with text it cannot read: the whole entry is the address
        }
        return List.of(new Mailbox(entry, ""));
    }

    /** nodemailer's form: a random id at the sender's domain. */
    private static String messageId(String from) {
        int at = from.lastIndexOf('@');
        String domain = at < 0 ? "localhost" : from.substring(at + 1);
        return "<" + UUID.randomUUID() + "@" + domain + ">";
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private record Mailbox(String address, String name) {
    }

    /** How a send went: the recipients refused at RCPT TO, and the envelope and message times in milliseconds. */
    private record Delivery(List<SMTPAddressFailedException> refusals, long envelopeTime, long messageTime) {
    }

    /** Keeps the Message-ID it was given instead of JavaMail's own form, and notes when it was last written out. */
    private static final class IdentifiedMessage extends MimeMessage {
        private final String id;
        private long writtenAt;

        IdentifiedMessage(Session session, String id) {
            super(session);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }

        /** The transport writes the message once the server has said to go ahead with DATA. */
        @Override
        public void writeTo(OutputStream out, String[] ignoreList) throws IOException, MessagingException {
            writtenAt = System.nanoTime();
            super.writeTo(out, ignoreList);
        }
    }

    private static final class CountingStream extends OutputStream {
        private long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
