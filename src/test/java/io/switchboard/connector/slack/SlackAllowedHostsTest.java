package io.switchboard.connector.slack;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.support.RestrictedSettingsProfile;
import org.junit.jupiter.api.Test;

import static io.switchboard.support.Api.assertError;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.kibana;
import static io.switchboard.support.Api.path;

@QuarkusTest
@TestProfile(RestrictedSettingsProfile.class)
class SlackAllowedHostsTest {

    private static String body(String url) {
        return "{\"name\":\"slack\",\"connector_type_id\":\".slack\",\"secrets\":{\"webhookUrl\":\"" + url + "\"}}";
    }

    @Test
    void webhookHostMustBeAllowed() {
        String space = freshSpace();
        String route = path(space, "/api/actions/connector");
        kibana().body(body("https://hooks.slack.com/services/T0/B0/x")).post(route).then().statusCode(200);
        kibana().body(body("https://HOOKS.slack.com:8443/services/x")).post(route).then().statusCode(200);
        assertError(kibana().body(body("http://slack.mynonexistent.com/other/stuff/in/the/path")).post(route).then(),
                400, "error validating action type secrets: error configuring slack action: target url "
                        + "\"http://slack.mynonexistent.com/[REDACTED]\" is not added to the Kibana config "
                        + "xpack.actions.allowedHosts");
        assertError(kibana().body(body("fee-fi-fo-fum")).post(route).then(), 400,
                "error validating action type secrets: error configuring slack action: unable to parse host name "
                        + "from webhookUrl");
        assertError(kibana().body(body("mailto:hooks.slack.com")).post(route).then(), 400,
                "error validating action type secrets: error configuring slack action: target url "
                        + "\"[REDACTED URL]\" is not added to the Kibana config xpack.actions.allowedHosts");
    }

    @Test
    void updateChecksTheNewHost() {
        String space = freshSpace();
        String id = kibana().body(body("https://hooks.slack.com/services/x"))
                .post(path(space, "/api/actions/connector")).then().statusCode(200).extract().path("id");
        assertError(kibana().body("{\"name\":\"n\",\"secrets\":{\"webhookUrl\":\"https://evil.example.com/\"}}")
                        .put(path(space, "/api/actions/connector/" + id)).then(), 400,
                "error validating action type secrets: error configuring slack action: target url "
                        + "\"https://evil.example.com/\" is not added to the Kibana config xpack.actions.allowedHosts");
    }
}
