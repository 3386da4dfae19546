package io.switchboard.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.support.RestrictedSettingsProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;

import static io.switchboard.support.Api.assertError;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.kibana;
import static io.switchboard.support.Api.path;
import static io.switchboard.support.Database.update;
import static org.hamcrest.Matchers.equalTo;

/** {@code xpack.actions.enabledActionTypes} without {@code .server-log}. */
@QuarkusTest
@TestProfile(RestrictedSettingsProfile.class)
class RestrictedSettingsTest {

    private static final String DISABLED = "action type \".server-log\" is not enabled in the Kibana config "
            + "xpack.actions.enabledActionTypes";

    @Inject
    DataSource dataSource;

    @Test
    void disabledTypeCannotBeCreatedButIsValidatedFirst() {
        String route = path(freshSpace(), "/api/actions/connector");
        assertError(kibana().body("{\"name\":\"log\",\"connector_type_id\":\".server-log\"}").post(route).then(),
                403, DISABLED);
        assertError(kibana().body("{\"name\":\"log\",\"connector_type_id\":\".server-log\",\"config\":{\"a\":1}}")
                .post(route).then(), 400, "error validating action type config: [a]: definition for this key is missing");
        kibana().body("{\"name\":\"index\",\"connector_type_id\":\".index\",\"config\":{\"index\":\"i\"}}")
                .post(route).then().statusCode(200);
    }

    @Test
    void storedConnectorOfADisabledTypeCanBeReadAndDeletedButNotUpdated() {
        String space = freshSpace();
        String connector = path(space, "/api/actions/connector/old-log");
        kibana().body("{\"name\":\"index\",\"connector_type_id\":\".index\",\"config\":{\"index\":\"i\"}}")
                .post(connector).then().statusCode(200);
        // As if it had been created before the type was disabled.
        update(dataSource, "UPDATE connector SET connector_type_id = '.server-log', config = '{}' "
                + "WHERE space_id = ? AND id = 'old-log'", space);
        kibana().get(connector).then().statusCode(200).body("connector_type_id", equalTo(".server-log"));
        assertError(kibana().body("{\"name\":\"renamed\"}").put(connector).then(), 403, DISABLED);
        kibana().get(connector).then().body("name", equalTo("index"));
        kibana().delete(connector).then().statusCode(204);
    }

    @Test
    void connectorTypesShowWhatIsDisabledInConfig() {
        kibana().get("/api/actions/connector_types").then().statusCode(200)
                .body("find { it.id == '.server-log' }.enabled", equalTo(false))
                .body("find { it.id == '.server-log' }.enabled_in_config", equalTo(false))
                .body("find { it.id == '.server-log' }.enabled_in_license", equalTo(true))
                .body("find { it.id == '.index' }.enabled", equalTo(true));
    }

    @Test
    void preconfiguredConnectorOfADisabledTypeIsStillReadableAndRuns() {
        kibana().get("/api/actions/connector/preconfigured-server-log").then().statusCode(200)
                .body("is_preconfigured", equalTo(true));
        kibana().body("{\"params\":{\"message\":\"still runs\"}}")
                .post("/api/actions/connector/preconfigured-server-log/_execute").then().statusCode(200)
                .body("status", equalTo("ok"));
    }

    @Test
    void storedConnectorOfADisabledTypeDoesNotRun() {
        String space = freshSpace();
        String connector = path(space, "/api/actions/connector/stored-log");
        kibana().body("{\"name\":\"index\",\"connector_type_id\":\".index\",\"config\":{\"index\":\"i\"}}")
                .post(connector).then().statusCode(200);
        update(dataSource, "UPDATE connector SET connector_type_id = '.server-log', config = '{}' "
                + "WHERE space_id = ? AND id = 'stored-log'", space);
        assertError(kibana().body("{\"params\":{\"message\":\"x\"}}").post(connector + "/_execute").then(),
                403, DISABLED);
    }
}
