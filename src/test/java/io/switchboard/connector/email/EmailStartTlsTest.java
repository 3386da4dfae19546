package io.switchboard.connector.email;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.support.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.subethamail.smtp.server.SMTPServer;

import javax.net.ssl.SSLContext;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.switchboard.support.Api.create;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.kibana;
import static io.switchboard.support.Api.path;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** STARTTLS against a real SMTP server that refuses mail until the connection is upgraded. */
@QuarkusTest
class EmailStartTlsTest {

    private static final List<String> RECEIVED = new CopyOnWriteArrayList<>();
    private static SMTPServer server;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        SSLContext tls = TestCertificates.get().serverContext();
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        server = new SMTPServer.Builder()
                .bindAddress(InetAddress.getLoopbackAddress())
                .port(port)
                .enableTLS()
                .requireTLS()
                .startTlsSocketFactory(tls)
                .simpleMessageListener(new org.subethamail.smtp.helper.SimpleMessageListener() {
                    @Override
                    public boolean accept(String from, String recipient) {
                        return true;
                    }

                    @Override
                    public void deliver(String from, String recipient, InputStream data) throws java.io.IOException {
                        RECEIVED.add(recipient + "\n" + new String(data.readAllBytes(), StandardCharsets.UTF_8));
                    }
                })
                .build();
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void plainConnectionUpgradesWithStartTls() {
        String space = freshSpace();
        String id = create(space, """
                {"name":"starttls","connector_type_id":".email",
                 "config":{"host":"127.0.0.1","port":%d,"from":"alerts@example.com","hasAuth":false}}""".formatted(port));
        kibana().body("""
                {"params":{"to":["ops@example.org"],"subject":"over TLS","message":"upgraded"}}""")
                .post(path(space, "/api/actions/connector/" + id + "/_execute")).then().statusCode(200)
                .body("status", equalTo("ok"))
                .body("data.accepted", equalTo(List.of("ops@example.org")))
                // this server announces STARTTLS over TLS too
                .body("data.ehlo", equalTo(List.of("8BITMIME", "STARTTLS", "CHUNKING", "SMTPUTF8", "Ok")));
        assertEquals(1, RECEIVED.size());
        assertTrue(RECEIVED.getFirst().startsWith("ops@example.org\n"), RECEIVED.getFirst());
        assertTrue(RECEIVED.getFirst().contains("Subject: over TLS"), RECEIVED.getFirst());
    }
}
