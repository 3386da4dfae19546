package io.switchboard.egress;

import jakarta.mail.Session;

import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

/**
 * The one place SMTP sessions are made: implicit TLS or STARTTLS per the connector and the host's custom settings,
 * certificate checks per {@code xpack.actions.ssl.verificationMode}, and timeouts bounded by the execution's
 * deadline. Connectors never build their own mail session.
 */
public final class SmtpSessions {

    /** How to reach one SMTP server. */
    public record Target(String host, int port, boolean secure, boolean authenticated) {
    }

    private final String verificationMode;
    private final Duration responseTimeout;

    public SmtpSessions(String verificationMode, Duration responseTimeout) {
        this.verificationMode = verificationMode;
        this.responseTimeout = responseTimeout;
    }

    /**
     * A session for one send. As nodemailer does, an unencrypted and unauthenticated connection upgrades to TLS
     * when offered but does not check the certificate; otherwise certificates are checked per the verification
     * mode. {@code requireTls}/{@code ignoreTls} come from the host's custom settings.
     */
    public Session session(Target target, boolean requireTls, boolean ignoreTls, Instant deadline) {
        String protocol = target.secure() ? "smtps" : "smtp";
        String prefix = "mail." + protocol + ".";
        Properties properties = new Properties();
        properties.put("mail.transport.protocol", protocol);
        properties.put(prefix + "host", target.host());
        properties.put(prefix + "port", Integer.toString(target.port()));
        properties.put(prefix + "auth", Boolean.toString(target.authenticated()));
        long timeout = Math.max(1, Math.min(responseTimeout.toMillis(), Duration.between(Instant.now(), deadline).toMillis()));
        properties.put(prefix + "connectiontimeout", Long.toString(timeout));
        properties.put(prefix + "timeout", Long.toString(timeout));
        properties.put(prefix + "writetimeout", Long.toString(timeout));
        if (!target.secure()) {
            properties.put(prefix + "starttls.enable", Boolean.toString(!ignoreTls));
            properties.put(prefix + "starttls.required", Boolean.toString(requireTls && !ignoreTls));
        }
        String mode = !target.secure() && !target.authenticated() ? "none" : verificationMode;
        switch (mode) {
            case "none" -> {
                properties.put(prefix + "ssl.trust", "*");
                properties.put(prefix + "ssl.checkserveridentity", "false");
            }
            case "certificate" -> properties.put(prefix + "ssl.checkserveridentity", "false");
            default -> properties.put(prefix + "ssl.checkserveridentity", "true");
        }
        return Session.getInstance(properties);
    }
}
