package io.switchboard.connector.email;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import org.eclipse.angus.mail.smtp.SMTPTransport;

import java.util.List;

/**
 * Angus's SMTP transport, recording what nodemailer reports and Angus does not: the server's answer to the last EHLO
 * (after STARTTLS, the one over TLS) as nodemailer's {@code ehlo} lines, and how far the conversation got, which
 * tells nodemailer's timeouts apart.
 */
final class RecordingTransport extends SMTPTransport {

    /** How far the conversation got. */
    enum Stage {
        /** Connecting, and for TLS from the first byte, the handshake: nothing read yet. */
        CONNECTING,
        /** Connected, waiting for the server's greeting. */
        GREETING,
        /** Greeted: commands and replies. */
        SESSION
    }

    private volatile Stage stage = Stage.CONNECTING;
    private List<String> ehlo = List.of();

    /** A transport for the session's protocol: {@code smtps} (TLS from the first byte) or {@code smtp}. */
    RecordingTransport(Session session) {
        this(session, session.getProperty("mail.transport.protocol"));
    }

    private RecordingTransport(Session session, String protocol) {
        super(session, new URLName(protocol, null, -1, null, null, null), protocol, "smtps".equals(protocol));
    }

    /** The first reply read on a connection is the greeting. */
    @Override
    protected int readServerResponse() throws MessagingException {
        if (stage == Stage.CONNECTING) {
            stage = Stage.GREETING;
        }
        int code = super.readServerResponse();
        stage = Stage.SESSION;
        return code;
    }

    @Override
    protected boolean ehlo(String domain) throws MessagingException {
        boolean accepted = super.ehlo(domain);
        if (accepted) {
            ehlo = getLastServerResponse().lines()
                    .map(line -> line.replaceFirst("^\\d+[ -]", "").strip())
                    .filter(line -> !line.isEmpty())
                    .skip(1)
                    .toList();
        }
        return accepted;
    }

    /** The extensions the server announced, empty until it answered EHLO. */
    List<String> ehlo() {
        return ehlo;
    }

    Stage stage() {
        return stage;
    }
}
