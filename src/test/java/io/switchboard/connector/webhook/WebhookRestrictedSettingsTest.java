package io.switchboard.connector.webhook;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.support.RestrictedSettingsProfile;
import org.junit.jupiter.api.Test;

import static io.switchboard.connector.webhook.WebhookConnectorTest.connector;
import static io.switchboard.support.Api.assertError;
import static io.switchboard.support.Api.create;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.kibana;
import static io.switchboard.support.Api.path;

/** {@code .webhook} against {@code xpack.actions.allowedHosts}. */
@QuarkusTest
@TestProfile(RestrictedSettingsProfile.class)
class WebhookRestrictedSettingsTest {

    private static final String CONFIG_ERROR = "error validating action type config: ";

    @Test
    void allowedHostIsAcceptedWhateverThePortAndPath() {
        create(freshSpace(), connector("{\"url\":\"https://" + RestrictedSettingsProfile.ALLOWED_HOST
                + ":8443/hook?x=1\"}", "{}"));
    }

    @Test
    void otherHostsAreRefused() {
        String route = path(freshSpace(), "/api/actions/connector");
        assertError(kibana().body(connector("{\"url\":\"https://evil.example.net/hook\"}", "{}")).post(route).then(),
                400, CONFIG_ERROR + "error configuring webhook action: target url \"https://evil.example.net/hook\" "
                        + "is not added to the Kibana config xpack.actions.allowedHosts");
        // an unparsable URL is reported as such, before the allowlist
        assertError(kibana().body(connector("{\"url\":\"evil.example.net\"}", "{}")).post(route).then(), 400,
                CONFIG_ERROR + "error configuring webhook action: unable to parse url: TypeError: Invalid URL: "
                        + "evil.example.net");
    }

    @Test
    void updateChecksTheAllowlistToo() {
        String space = freshSpace();
        String id = create(space, connector("{\"url\":\"http://" + RestrictedSettingsProfile.ALLOWED_HOST + "\"}",
                "{}"));
        assertError(kibana().body("{\"name\":\"hook\",\"config\":{\"url\":\"http://evil.example.net\"}}")
                .put(path(space, "/api/actions/connector/" + id)).then(), 400,
                CONFIG_ERROR + "error configuring webhook action: target url \"http://evil.example.net\" "
                        + "is not added to the Kibana config xpack.actions.allowedHosts");
    }
}
