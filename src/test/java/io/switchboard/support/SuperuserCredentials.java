package io.switchboard.support;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;

/**
 * Every RestAssured request of every test is the test superuser's unless the test says otherwise: the application
 * authenticates every route. Registered through the service loader, so it runs in the class loader of the tests.
 */
public class SuperuserCredentials implements QuarkusTestBeforeEachCallback {

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        RestAssured.authentication = RestAssured.preemptive().basic(Api.SUPERUSER, Api.SUPERUSER_PASSWORD);
    }
}
