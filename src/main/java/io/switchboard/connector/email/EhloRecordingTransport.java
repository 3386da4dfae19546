package io.switchboard.connector.email;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import org.eclipse.angus.mail.smtp.SMTPTransport;

import java.util.List;

/**
 * Angus's SMTP transport, keeping the server's answer to the last EHLO (after STARTTLS, the one over TLS) as the
 * lines nodemailer reports in {@code ehlo}: each without its reply code, the greeting line left out.
 */
final class EhloRecordingTransport extends SMTPTransport {

    private List<String> ehlo = List.of();

    /** A transport for the session's protocol: {@code smtps} (TLS from the first byte) or {@code smtp}. */
    EhloRecordingTransport(Session session) {
        this(session, session.getProperty("mail.transport.protocol"));
    }

    private EhloRecordingTransport(Session session, String protocol) {
        super(session, new URLName(protocol, null, -1, null, null, null), protocol, "smtps".equals(protocol));
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
}
