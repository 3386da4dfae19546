package io.switchboard.egress;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.switchboard.egress.EgressException.Kind;
import io.switchboard.support.ClosedPort;
import io.switchboard.support.ForwardProxy;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SMTP sessions under the outbound rules, against a real SMTP server and a real forwarding proxy. */
class SmtpSessionsTest {

    private static final String CREDENTIALS = "Basic " + Base64.getEncoder()
            .encodeToString("squid:mail-proxy".getBytes(StandardCharsets.UTF_8));

    private static GreenMail mail;

    @BeforeAll
    static void start() {
        mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
    }

    @AfterAll
    static void stop() {
        mail.stop();
    }

    private static SmtpSessions.Target server(String host) {
        return new SmtpSessions.Target(host, mail.getSmtp().getPort(), false, false, false, null);
    }

    private static MessagingException connectFails(Session session) {
        return assertThrows(MessagingException.class, () -> {
            try (Transport transport = session.getTransport()) {
                transport.connect();
            }
        });
    }

    private static void connects(Session session) throws MessagingException {
        try (Transport transport = session.getTransport()) {
            transport.connect();
            assertTrue(transport.isConnected());
        }
    }

    @Test
    void connectsToTheAddressItChecked() throws Exception {
        try (EgressFixture fixture = new EgressFixture(Map.of())) {
            SmtpSessions sessions = new SmtpSessions(fixture.vertx, fixture.settings, fixture.egress);
            Session session = sessions.session(server("localhost"), false, Instant.now().plusSeconds(10));
            assertEquals("127.0.0.1", session.getProperty("mail.smtp.host"));
            connects(session);
        }
    }

    @Test
    void aDeniedOrUnknownServerIsRefusedBeforeAnyConnection() throws Exception {
        try (EgressFixture fixture = new EgressFixture(Map.of("switchboard.egress.deniedCidrs", "127.0.0.0/8"))) {
            SmtpSessions sessions = new SmtpSessions(fixture.vertx, fixture.settings, fixture.egress);
            EgressException denied = assertThrows(EgressException.class,
                    () -> sessions.session(server("127.0.0.1"), false, Instant.now().plusSeconds(10)));
            assertEquals(Kind.ADDRESS_DENIED, denied.kind());
            EgressException unknown = assertThrows(EgressException.class,
                    () -> sessions.session(server("mail.example.invalid"), false, Instant.now().plusSeconds(10)));
            assertEquals("getaddrinfo ENOTFOUND mail.example.invalid", unknown.getMessage());
            EgressException late = assertThrows(EgressException.class,
                    () -> sessions.session(server("localhost"), false, Instant.now().minusSeconds(1)));
            assertEquals("Connection timeout", late.getMessage());
        }
    }

    @Test
    void theProxyTunnelsToTheServerUnlessItsRulesLeaveTheHostOut() throws Exception {
        try (ForwardProxy proxy = new ForwardProxy(false, CREDENTIALS);
             EgressFixture fixture = new EgressFixture(Map.of(
                     "xpack.actions.proxyUrl", "http://127.0.0.1:" + proxy.port(),
                     "xpack.actions.proxyHeaders.Proxy-Authorization", CREDENTIALS,
                     "xpack.actions.proxyBypassHosts", "127.0.0.1"))) {
            SmtpSessions sessions = new SmtpSessions(fixture.vertx, fixture.settings, fixture.egress);
            connects(sessions.session(server("localhost"), false, Instant.now().plusSeconds(10)));
            assertEquals(1, proxy.received().size());
            assertEquals("CONNECT", proxy.received().getFirst().method());
            assertEquals("localhost:" + mail.getSmtp().getPort(), proxy.received().getFirst().uri());

            connects(sessions.session(server("127.0.0.1"), false, Instant.now().plusSeconds(10)));
            assertEquals(1, proxy.received().size(), "a bypassed host is reached directly");
        }
    }

    @Test
    void aProxyRefusalNamesTheProxysAnswer() throws Exception {
        try (ClosedPort closedPort = new ClosedPort();
             ForwardProxy proxy = new ForwardProxy(false, CREDENTIALS);
             EgressFixture refusing = new EgressFixture(Map.of(
                     "xpack.actions.proxyUrl", "http://127.0.0.1:" + proxy.port()));
             EgressFixture unreachable = new EgressFixture(Map.of(
                     "xpack.actions.proxyUrl", "http://127.0.0.1:" + closedPort.port()))) {
            MessagingException refused = connectFails(new SmtpSessions(refusing.vertx, refusing.settings,
                    refusing.egress).session(server("localhost"), false, Instant.now().plusSeconds(10)));
            assertEquals("Invalid response from proxy: 407 Proxy Authentication Required",
                    SmtpSessions.proxyRefusal(refused).orElseThrow());

            MessagingException failed = connectFails(new SmtpSessions(unreachable.vertx, unreachable.settings,
                    unreachable.egress).session(server("localhost"), false, Instant.now().plusSeconds(10)));
            assertEquals("Invalid response from proxy: 502 connect ECONNREFUSED 127.0.0.1:" + closedPort.port(),
                    SmtpSessions.proxyRefusal(failed).orElseThrow());
        }
    }
}
