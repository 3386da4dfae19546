package io.switchboard.connector.email;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.switchboard.support.TightEgressProfile;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.switchboard.connector.email.EmailConnectorTest.connector;
import static io.switchboard.connector.email.EmailExecuteTest.assertSendFailed;
import static io.switchboard.connector.email.EmailExecuteTest.execute;
import static io.switchboard.support.Api.create;
import static io.switchboard.support.Api.freshSpace;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SMTP peers that stay silent, stall, hang up, greet wrongly or refuse DATA, with a 1 s response timeout: the service
 * messages are nodemailer's for each stage.
 */
@QuarkusTest
@TestProfile(TightEgressProfile.class)
class EmailTimeoutTest {

    private static final String PARAMS = "{\"to\":[\"ops@example.org\"],\"subject\":\"s\",\"message\":\"m\"}";

    @Test
    void connectionNeverAcceptedIsAConnectionTimeout() throws Exception {
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> queued = fillAcceptQueue(full);
            try {
                assertFailure(full.getLocalPort(), false, "Connection timeout");
            } finally {
                for (Socket socket : queued) {
                    socket.close();
                }
            }
        }
        String metrics = RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains(
                "switchboard_executions_total{connector_type=\".email\",outcome=\"failure\",reason=\"timeout\"}"),
                metrics);
    }

    @Test
    void serverThatNeverGreetsIsAGreetingTimeout() throws Exception {
        try (ScriptedSmtpPeer silent = new ScriptedSmtpPeer(null, Map.of())) {
            assertFailure(silent.port(), false, "Greeting never received");
        }
    }

    @Test
    void implicitTlsHandshakeNeverAnsweredIsAConnectionTimeout() throws Exception {
        try (ScriptedSmtpPeer silent = new ScriptedSmtpPeer(null, Map.of())) {
            assertFailure(silent.port(), true, "Connection timeout");
        }
    }

    @Test
    void serverThatStopsAnsweringIsATimeout() throws Exception {
        try (ScriptedSmtpPeer stalling = new ScriptedSmtpPeer("220 peer.example ESMTP",
                ScriptedSmtpPeer.UP_TO_THE_MESSAGE)) {
            assertFailure(stalling.port(), false, "Timeout");
        }
    }

    @Test
    void refusedDataCommandIsADataCommandFailure() throws Exception {
        Map<String, String> replies = new HashMap<>(ScriptedSmtpPeer.UP_TO_THE_MESSAGE);
        replies.put("DATA", "554 5.5.1 Error: no valid recipients");
        try (ScriptedSmtpPeer refusing = new ScriptedSmtpPeer("220 peer.example ESMTP", replies)) {
            assertFailure(refusing.port(), false, "Data command failed: 554 5.5.1 Error: no valid recipients");
        }
    }

    @Test
    void greetingOtherThan220IsAnInvalidGreeting() throws Exception {
        try (ScriptedSmtpPeer busy = new ScriptedSmtpPeer("554 5.3.2 peer.example busy, try later", Map.of())) {
            assertFailure(busy.port(), false, "Invalid greeting. response=554 5.3.2 peer.example busy, try later");
        }
    }

    @Test
    void serverHangingUpBeforeItsGreetingClosedTheConnection() throws Exception {
        try (ScriptedSmtpPeer gone = new ScriptedSmtpPeer(ScriptedSmtpPeer.HANG_UP, Map.of())) {
            assertFailure(gone.port(), false, "Connection closed");
        }
    }

    @Test
    void serverHangingUpMidTransactionClosedItUnexpectedly() throws Exception {
        Map<String, String> replies = new HashMap<>(ScriptedSmtpPeer.UP_TO_THE_MESSAGE);
        replies.put("MAIL", ScriptedSmtpPeer.HANG_UP);
        try (ScriptedSmtpPeer gone = new ScriptedSmtpPeer("220 peer.example ESMTP", replies)) {
            assertFailure(gone.port(), false, "Connection closed unexpectedly");
        }
    }

    private static void assertFailure(int port, boolean secure, String serviceMessage) throws Exception {
        String space = freshSpace();
        String id = create(space, connector("""
                {"host":"127.0.0.1","port":%d,"secure":%b,"from":"alerts@example.com","hasAuth":false}"""
                .formatted(port, secure), "{}"));
        JsonNode answer = execute(space, id, PARAMS);
        assertSendFailed(id, serviceMessage, answer);
    }

    /**
     * Connects to a listener that never accepts until the kernel's queue for it is full, so that a further
     * connection attempt gets no answer at all.
     */
    private static List<Socket> fillAcceptQueue(ServerSocket listener) throws Exception {
        List<Socket> queued = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort()), 200);
                queued.add(socket);
            } catch (SocketTimeoutException full) {
                socket.close();
                return queued;
            }
        }
        throw new AssertionError("the accept queue never filled");
    }
}
