package io.switchboard.connector.jira;

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
class JiraAllowedHostsTest {

    private static String body(String apiUrl) {
        return "{\"name\":\"jira\",\"connector_type_id\":\".jira\",\"config\":{\"apiUrl\":\"" + apiUrl
                + "\",\"projectKey\":\"CK\"},\"secrets\":{\"email\":\"e@x.com\",\"apiToken\":\"t\"}}";
    }

    @Test
    void apiUrlHostMustBeAllowed() {
        String route = path(freshSpace(), "/api/actions/connector");
        kibana().body(body("https://" + RestrictedSettingsProfile.ALLOWED_HOST + "/jira")).post(route)
                .then().statusCode(200);
        assertError(kibana().body(body("http://jira.mynonexistent.com")).post(route).then(), 400,
                "error validating action type config: error configuring connector action: target url "
                        + "\"http://jira.mynonexistent.com\" is not added to the Kibana config xpack.actions.allowedHosts");
        assertError(kibana().body(body("www.jiraisinkibanaactions.com")).post(route).then(), 400,
                "error validating action type config: error configuring connector action: target url "
                        + "\"www.jiraisinkibanaactions.com\" is not added to the Kibana config "
                        + "xpack.actions.allowedHosts");
    }

    @Test
    void allowListIsCheckedBeforeSecrets() {
        assertError(kibana().body("{\"name\":\"jira\",\"connector_type_id\":\".jira\",\"config\":{\"apiUrl\":"
                        + "\"https://evil.example.com\",\"projectKey\":\"CK\"}}")
                        .post(path(freshSpace(), "/api/actions/connector")).then(), 400,
                "error validating action type config: error configuring connector action: target url "
                        + "\"https://evil.example.com\" is not added to the Kibana config xpack.actions.allowedHosts");
    }

    @Test
    void updateChecksTheNewUrl() {
        String space = freshSpace();
        String id = kibana().body(body("https://" + RestrictedSettingsProfile.ALLOWED_HOST))
                .post(path(space, "/api/actions/connector")).then().statusCode(200).extract().path("id");
        assertError(kibana().body("{\"name\":\"n\",\"config\":{\"apiUrl\":\"https://evil.example.com\","
                        + "\"projectKey\":\"CK\"},\"secrets\":{\"email\":\"e\",\"apiToken\":\"t\"}}")
                        .put(path(space, "/api/actions/connector/" + id)).then(), 400,
                "error validating action type config: error configuring connector action: target url "
                        + "\"https://evil.example.com\" is not added to the Kibana config xpack.actions.allowedHosts");
    }
}
