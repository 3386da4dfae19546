package io.switchboard.execution;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.switchboard.support.LogCapture;
import io.switchboard.support.MisbehavingConnectorType;
import io.switchboard.support.TightEgressProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.switchboard.support.Api.create;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.kibana;
import static io.switchboard.support.Api.path;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** A connector that throws or never returns still gets Kibana's answers, and the pipeline stays in charge. */
@QuarkusTest
@TestProfile(TightEgressProfile.class)
class MisbehavingConnectorTest {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private static final LogCapture LOGS = LogCapture.install();

    @Inject
    DataSource dataSource;

    private static String connector(String space) {
        return create(space, "{\"name\":\"bad\",\"connector_type_id\":\"" + MisbehavingConnectorType.ID + "\"}");
    }

    @Test
    void aThrownExceptionBecomesTheGenericRetryableError() {
        String space = freshSpace();
        String id = connector(space);
        kibana().body("{\"params\":{\"behaviour\":\"throw\"}}")
                .post(path(space, "/api/actions/connector/" + id + "/_execute")).then().statusCode(200)
                .body("status", equalTo("error"))
                .body("message", equalTo("an error occurred while running the action"))
                .body("service_message", equalTo("the connector broke"))
                .body("retry", equalTo(true))
                .body("errorSource", equalTo("framework"));
    }

    @Test
    void anErrorThrownByAConnectorStillEndsTheExecutionWithItsOutcomeRow() throws Exception {
        String space = freshSpace();
        String id = connector(space);
        kibana().body("{\"params\":{\"behaviour\":\"overflow\"}}")
                .post(path(space, "/api/actions/connector/" + id + "/_execute")).then().statusCode(200)
                .body("status", equalTo("error"))
                .body("message", equalTo("an error occurred while running the action"))
                .body("service_message", equalTo("StackOverflowError"))
                .body("retry", equalTo(true));
        assertEquals(List.of("execute-start", "execute"), actions(space, id));
    }

    @Test
    void aCallerThatGoesAwayStopsTheConnectorAndTheExecutionStillEnds() throws Exception {
        String space = freshSpace();
        String id = connector(space);
        String body = "{\"params\":{\"behaviour\":\"hang\"}}";
        long started = System.nanoTime();
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.getOutputStream().write(("POST " + path(space, "/api/actions/connector/" + id + "/_execute")
                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\nkbn-xsrf: true\r\nContent-Type: application/json\r\n"
                    + "Authorization: " + io.switchboard.support.Api.authorization() + "\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            Thread.sleep(300);
        }
        List<String> actions = List.of();
        while (System.nanoTime() - started < 1_500_000_000L && actions.size() < 2) {
            Thread.sleep(50);
            actions = actions(space, id);
        }
        // Well before the 2 s deadline, and without a timeout: the connector's wait was interrupted.
        assertEquals(List.of("execute-start", "execute"), actions);
        assertFalse(LOGS.text().contains("IOException"), "a client going away is not an error");
    }

    @Test
    void anExecutionPastItsDeadlineIsCancelledAndLogged() throws Exception {
        String space = freshSpace();
        String id = connector(space);
        long started = System.nanoTime();
        kibana().body("{\"params\":{\"behaviour\":\"hang\"}}")
                .post(path(space, "/api/actions/connector/" + id + "/_execute")).then().statusCode(200)
                .body("status", equalTo("error"))
                .body("message", equalTo("an error occurred while running the action"))
                .body("service_message", equalTo("execution cancelled due to timeout - exceeded timeout of \"2s\""))
                .body("retry", equalTo(true));
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        assertEquals(true, seconds < 30, "the answer came after " + seconds + " s, not at the 2 s deadline");
        assertEquals(List.of("execute-start", "execute-timeout", "execute"), actions(space, id));
    }

    private List<String> actions(String space, String connectorId) throws Exception {
        List<String> actions = new ArrayList<>();
        for (String document : io.switchboard.support.Database.events(dataSource, space, connectorId)) {
            actions.add(JSON.readTree(document).at("/event/action").asText());
        }
        return actions;
    }
}
