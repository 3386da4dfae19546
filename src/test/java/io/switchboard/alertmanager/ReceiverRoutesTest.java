package io.switchboard.alertmanager;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.switchboard.alertmanager.Notifications.putReceiver;
import static io.switchboard.alertmanager.Notifications.read;
import static io.switchboard.support.Api.assertError;
import static io.switchboard.support.Api.create;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.kibana;
import static io.switchboard.support.Api.path;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Saving, reading, listing and deleting receivers, per space, and the 400s and 404s of those routes. */
@QuarkusTest
class ReceiverRoutesTest {

    private static final String RECEIVERS = "/api/actions/alertmanager/receivers";

    private static String receiver(String name) {
        return "/api/actions/alertmanager/receiver/" + name;
    }

    private static String serverLog(String space) {
        return create(space, "{\"name\":\"log\",\"connector_type_id\":\".server-log\"}");
    }

    @Test
    void createReadReplaceListAndDelete() {
        String space = freshSpace();
        String log = serverLog(space);
        JsonNode created = read(putReceiver(space, "ops", """
                {"actions":[{"id":"%s"},{"id":"%s","params":{"message":"{{status}}: {{groupKey}}","level":"warn"}}]}
                """.formatted(log, log)).statusCode(200));
        assertEquals("ops", created.get("name").asText());
        assertEquals(2, created.get("actions").size());
        assertEquals("{\"id\":\"" + log + "\"}", created.get("actions").get(0).toString(),
                "an action without params has no params key");
        assertEquals("{\"message\":\"{{status}}: {{groupKey}}\",\"level\":\"warn\"}",
                created.get("actions").get(1).get("params").toString(), "params are kept as given, in order");
        assertTrue(created.hasNonNull("created_at") && created.hasNonNull("updated_at"), created.toString());

        JsonNode read = read(kibana().get(path(space, receiver("ops"))).then().statusCode(200));
        assertEquals(created, read);

        JsonNode replaced = read(putReceiver(space, "ops", "{\"actions\":[{\"id\":\"" + log + "\"}]}")
                .statusCode(200));
        assertEquals(1, replaced.get("actions").size());
        assertEquals(created.get("created_at"), replaced.get("created_at"), "replacing keeps the creation time");

        putReceiver(space, "another", "{\"actions\":[{\"id\":\"" + log + "\"}]}").statusCode(200);
        JsonNode list = read(kibana().get(path(space, RECEIVERS)).then().statusCode(200));
        assertEquals(2, list.size());
        assertEquals("another", list.get(0).get("name").asText());
        assertEquals("ops", list.get(1).get("name").asText());
        assertEquals(1, list.get(1).get("actions").size());

        kibana().delete(path(space, receiver("ops"))).then().statusCode(204);
        assertError(kibana().get(path(space, receiver("ops"))).then(), 404,
                "Saved object [alertmanager-receiver/ops] not found");
        assertError(kibana().delete(path(space, receiver("ops"))).then(), 404,
                "Saved object [alertmanager-receiver/ops] not found");
        assertEquals(1, read(kibana().get(path(space, RECEIVERS)).then().statusCode(200)).size());
    }

    @Test
    void receiversAndConnectorsBelongToTheirSpace() {
        String space = freshSpace();
        String other = freshSpace();
        String log = serverLog(space);
        putReceiver(space, "team", "{\"actions\":[{\"id\":\"" + log + "\"}]}").statusCode(200);

        assertError(kibana().get(path(other, receiver("team"))).then(), 404,
                "Saved object [alertmanager-receiver/team] not found");
        assertEquals(0, read(kibana().get(path(other, RECEIVERS)).then().statusCode(200)).size());
        assertError(putReceiver(other, "team", "{\"actions\":[{\"id\":\"" + log + "\"}]}"), 400,
                "[request body.actions.0.id]: connector [" + log + "] not found in space [" + other + "]");
        // The default space has no prefix.
        assertError(kibana().get(receiver("team")).then(), 404, "Saved object [alertmanager-receiver/team] not found");
    }

    @Test
    void preconfiguredConnectorsMayBeNamedFromEverySpace() {
        String space = freshSpace();
        putReceiver(space, "preconfigured", "{\"actions\":[{\"id\":\"preconfigured-server-log\"},"
                + "{\"id\":\"my-slack1\"}]}").statusCode(200)
                .body("actions[1].id", equalTo("my-slack1"));
    }

    @Test
    void bodiesAreValidatedWithKibanasMessages() {
        String space = freshSpace();
        String log = serverLog(space);
        assertError(putReceiver(space, "r", "{}"), 400,
                "[request body.actions]: expected value of type [array] but got [undefined]");
        assertError(putReceiver(space, "r", "{\"actions\":[]}"), 400,
                "[request body.actions]: array size is [0], but cannot be smaller than [1]");
        assertError(putReceiver(space, "r", "{\"actions\":[{\"params\":{}}]}"), 400,
                "[request body.actions.0.id]: expected value of type [string] but got [undefined]");
        assertError(putReceiver(space, "r", "{\"actions\":[{\"id\":\"" + log + "\",\"params\":\"x\"}]}"), 400,
                "[request body.actions.0.params]: expected value of type [object] but got [string]");
        assertError(putReceiver(space, "r", "{\"actions\":[{\"id\":\"" + log + "\",\"group\":\"default\"}]}"), 400,
                "[request body.actions.0.group]: definition for this key is missing");
        assertError(putReceiver(space, "r", "{\"actions\":[{\"id\":\"" + log + "\"}],\"name\":\"r\"}"), 400,
                "[request body.name]: definition for this key is missing");
        assertError(putReceiver(space, "r", "{\"actions\":[{\"id\":\"" + log + "\"},{\"id\":\"gone\"}]}"), 400,
                "[request body.actions.1.id]: connector [gone] not found in space [" + space + "]");
        assertError(putReceiver(space, "r", "{\"actions\":"), 400, "Invalid request payload JSON format");
        assertError(putReceiver(space, "r", ""), 400,
                "[request body]: expected a plain object value, but found [null] instead.");
        assertError(putReceiver(space, "x".repeat(256), "{\"actions\":[{\"id\":\"" + log + "\"}]}"), 400,
                "[request params.name]: value has length [256] but it must have a maximum length of [255].");
        assertError(kibana().get(path(space, receiver("r"))).then(), 404,
                "Saved object [alertmanager-receiver/r] not found");
    }

    @Test
    void emailHasNoDefaultParamsAsNoDefaultCanChooseRecipients() {
        String space = freshSpace();
        String email = create(space, """
                {"name":"mail","connector_type_id":".email","config":{"service":"other","host":"localhost",
                 "port":2525,"from":"alerts@example.com","hasAuth":false},"secrets":{}}""");
        assertError(putReceiver(space, "mail", "{\"actions\":[{\"id\":\"" + email + "\"}]}"), 400,
                "[request body.actions.0.params]: required for a .email connector: give at least to, subject and "
                        + "message, as no default can choose recipients");
        putReceiver(space, "mail", """
                {"actions":[{"id":"%s","params":{"to":["ops@example.com"],"subject":"{{status}}",
                 "message":"{{#alerts}}{{labels.alertname}} {{/alerts}}"}}]}""".formatted(email)).statusCode(200);
    }

    @Test
    void changesNeedTheXsrfHeaderButNotifyDoesNot() {
        String space = freshSpace();
        String log = serverLog(space);
        assertError(RestAssured.given().contentType(ContentType.JSON)
                .body("{\"actions\":[{\"id\":\"" + log + "\"}]}").put(path(space, receiver("x"))).then(), 400,
                "Request must contain a kbn-xsrf header.");
        assertError(RestAssured.given().delete(path(space, receiver("x"))).then(), 400,
                "Request must contain a kbn-xsrf header.");
        // Without the header the notify route is reached: the receiver does not exist.
        assertError(Notifications.send(space, "x", Notifications.payload("firing", "{}:{}",
                java.util.Map.of("alertname", "A"))), 404, "Saved object [alertmanager-receiver/x] not found");
        // Another route ending the same way is not exempt.
        assertError(RestAssured.given().contentType(ContentType.JSON).body("{}")
                .post(path(space, "/api/actions/connector/x/_notify")).then(), 400,
                "Request must contain a kbn-xsrf header.");
    }

    @Test
    void notifyTakesOnlyJson() {
        String space = freshSpace();
        String log = serverLog(space);
        putReceiver(space, "json", "{\"actions\":[{\"id\":\"" + log + "\"}]}").statusCode(200);
        RestAssured.given().contentType(ContentType.TEXT).body("{}")
                .post(path(space, receiver("json") + "/_notify")).then().statusCode(415);
        assertFalse(read(kibana().get(path(space, RECEIVERS)).then().statusCode(200)).isEmpty());
    }
}
