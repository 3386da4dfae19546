package io.switchboard.connector.pagerduty;

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
class PagerDutyAllowedHostsTest {

    private static String body(String config) {
        return "{\"name\":\"pd\",\"connector_type_id\":\".pagerduty\",\"config\":" + config
                + ",\"secrets\":{\"routingKey\":\"k\"}}";
    }

    @Test
    void effectiveApiUrlMustBeAllowed() {
        String route = path(freshSpace(), "/api/actions/connector");
        kibana().body(body("{}")).post(route).then().statusCode(200);
        kibana().body(body("{\"apiUrl\":null}")).post(route).then().statusCode(200);
        kibana().body(body("{\"apiUrl\":\"https://" + RestrictedSettingsProfile.ALLOWED_HOST + "/enqueue\"}"))
                .post(route).then().statusCode(200);
        assertError(kibana().body(body("{\"apiUrl\":\"http://pagerduty.mynonexistent.com\"}")).post(route).then(),
                400, "error validating action type config: error configuring pagerduty action: target url "
                        + "\"http://pagerduty.mynonexistent.com\" is not added to the Kibana config "
                        + "xpack.actions.allowedHosts");
    }

    @Test
    void updateChecksTheNewUrl() {
        String space = freshSpace();
        String id = kibana().body(body("{}")).post(path(space, "/api/actions/connector")).then().statusCode(200)
                .extract().path("id");
        assertError(kibana().body("{\"name\":\"n\",\"config\":{\"apiUrl\":\"https://evil.example.com/x\"},"
                        + "\"secrets\":{\"routingKey\":\"k\"}}").put(path(space, "/api/actions/connector/" + id)).then(),
                400, "error validating action type config: error configuring pagerduty action: target url "
                        + "\"https://evil.example.com/x\" is not added to the Kibana config xpack.actions.allowedHosts");
    }
}
