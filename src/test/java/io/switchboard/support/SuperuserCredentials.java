package io.switchboard.support;

import io.restassured.RestAssured;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Every RestAssured request of every test is the test superuser's unless the test says otherwise: the application
 * authenticates every route. Registered for all tests through the service loader.
 */
public class SuperuserCredentials implements BeforeEachCallback {

    @Override
    public void beforeEach(ExtensionContext context) {
        RestAssured.authentication = RestAssured.preemptive().basic(Api.SUPERUSER, Api.SUPERUSER_PASSWORD);
    }
}
