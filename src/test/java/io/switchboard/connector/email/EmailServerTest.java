package io.switchboard.connector.email;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.egress.CustomHostSettings;
import io.switchboard.egress.SmtpSessions;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which SMTP server a config sends to, and how TLS is used there. */
class EmailServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CustomHostSettings.Ssl MAIL_TLS = new CustomHostSettings.Ssl("certificate", "PEM");
    private static final EmailConnectorType TYPE = new EmailConnectorType(new EmailSettings(true, Optional.empty(),
            byUrl(custom("smtp://mail.example.com:25", MAIL_TLS, null, true),
                    custom("smtp://relay.example.com:2525", null, true, true),
                    custom("smtp://dockerhost:10025", null, true, null),
                    custom("smtp://[::1]:2525", null, null, true))),
            JSON, Optional.empty(), null);

    @Test
    void customHostIsSecureWhenAskedOrOnPort465() throws Exception {
        assertEquals(server("smtp.example.com", 465, true, false, false), resolve(other("smtp.example.com", 465, null)));
        assertEquals(server("smtp.example.com", 587, false, false, false),
                resolve(other("smtp.example.com", 587, null)));
        assertEquals(server("smtp.example.com", 587, true, false, false), resolve(other("smtp.example.com", 587, true)));
        assertEquals(server("smtp.example.com", 465, false, false, false),
                resolve(other("smtp.example.com", 465, false)));
    }

    @Test
    void customHostSettingsApplyToTheirHostAndPort() throws Exception {
        assertEquals(server("mail.example.com", 25, false, true, false, MAIL_TLS),
                resolve(other("mail.example.com", 25, null)));
        assertEquals(server("MAIL.example.com", 25, false, true, false, MAIL_TLS),
                resolve(other("MAIL.example.com", 25, null)));
        assertEquals(server("::1", 2525, false, true, false), resolve(other("::1", 2525, null)));
        assertEquals(server("mail.example.com", 587, false, false, false),
                resolve(other("mail.example.com", 587, null)));
        // ignoreTLS wins over requireTLS, as in Kibana
        assertEquals(server("relay.example.com", 2525, false, false, true),
                resolve(other("relay.example.com", 2525, null)));
    }

    @Test
    void elasticCloudIsItsRelayWithoutTls() throws Exception {
        assertEquals(server("dockerhost", 10025, false, false, true), resolve(service("elastic_cloud")));
    }

    @Test
    void wellKnownServicesUseNodemailersPortsAndTls() throws Exception {
        assertEquals(server("smtp.gmail.com", 465, true, false, false), resolve(service("gmail")));
        assertEquals(server("smtp.gmail.com", 465, true, false, false), resolve(service("me@googlemail.com")));
        assertEquals(server("smtp.office365.com", 587, false, false, false), resolve(service("Outlook365")));
        assertEquals(server("smtp-mail.outlook.com", 587, false, false, false), resolve(service("hotmail")));
        assertEquals(server("email-smtp.eu-west-1.amazonaws.com", 465, true, false, false),
                resolve(service("SES-EU-WEST-1")));
        assertEquals(server("smtp.protonmail.ch", 587, false, true, false), resolve(service("ProtonMail")));
        assertEquals(server("smtp.postmarkapp.com", 2525, false, false, false), resolve(service("postmark")));
        // no port in nodemailer's list: its client default for a plain connection
        assertEquals(server("mail.hot.ee", 587, false, false, false), resolve(service("hot.ee")));
        // custom host settings are not consulted for named services, as in Kibana
        assertEquals(server("smtp.1und1.de", 465, true, false, false), resolve(service("1und1")));
    }

    private static SmtpSessions.Target resolve(ObjectNode config) {
        return TYPE.smtpServer(config);
    }

    private static SmtpSessions.Target server(String host, int port, boolean secure, boolean requireTls,
                                              boolean ignoreTls) {
        return server(host, port, secure, requireTls, ignoreTls, null);
    }

    private static SmtpSessions.Target server(String host, int port, boolean secure, boolean requireTls,
                                              boolean ignoreTls, CustomHostSettings.Ssl ssl) {
        return new SmtpSessions.Target(host, port, secure, requireTls, ignoreTls, ssl);
    }

    private static Map<String, CustomHostSettings> byUrl(CustomHostSettings... entries) {
        Map<String, CustomHostSettings> byUrl = new HashMap<>();
        for (CustomHostSettings entry : entries) {
            byUrl.put(entry.url(), entry);
        }
        return byUrl;
    }

    private static CustomHostSettings custom(String url, CustomHostSettings.Ssl ssl, Boolean ignoreTls,
                                             Boolean requireTls) {
        return new CustomHostSettings(url, ssl, new CustomHostSettings.Smtp(ignoreTls, requireTls));
    }

    private static ObjectNode other(String host, int port, Boolean secure) {
        ObjectNode config = JSON.createObjectNode().put("service", "other").put("host", host).put("port", port);
        if (secure == null) {
            config.putNull("secure");
        } else {
            config.put("secure", secure);
        }
        return config;
    }

    private static ObjectNode service(String name) {
        return JSON.createObjectNode().put("service", name).putNull("host").putNull("port").putNull("secure");
    }
}
