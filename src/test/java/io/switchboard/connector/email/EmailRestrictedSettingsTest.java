package io.switchboard.connector.email;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.support.RestrictedSettingsProfile;
import org.junit.jupiter.api.Test;

import static io.switchboard.connector.email.EmailConnectorTest.connector;
import static io.switchboard.support.Api.assertError;
import static io.switchboard.support.Api.create;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.kibana;
import static io.switchboard.support.Api.path;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code .email} against {@code xpack.actions.allowedHosts} and {@code xpack.actions.email.domain_allowlist}. */
@QuarkusTest
@TestProfile(RestrictedSettingsProfile.class)
class EmailRestrictedSettingsTest {

    private static final String CONFIG_ERROR = "error validating action type config: ";
    private static final String NO_AUTH = ",\"hasAuth\":false}";

    @Test
    void acceptsAllowedSenderAndHosts() {
        String space = freshSpace();
        create(space, connector("{\"host\":\"smtp.allowed.example.com\",\"port\":25,\"from\":\"me@example.org\""
                + NO_AUTH, "{}"));
        create(space, connector("{\"service\":\"gmail\",\"from\":\"Me <me@allowed.example.com>\"" + NO_AUTH, "{}"));
        create(space, connector("{\"service\":\"__json\",\"from\":\"me@example.org\"" + NO_AUTH, "{}"));
        // exchange sends over HTTPS to Microsoft, so no SMTP host is checked; it is refused only as not built
        assertError(kibana().body(connector("""
                {"service":"exchange_server","from":"me@example.org","tenantId":"t","clientId":"c"}""",
                "{\"clientSecret\":\"s\"}")).post(path(space, "/api/actions/connector")).then(), 400,
                "error validating action type connector: " + EmailConnectorType.EXCHANGE_NOT_SUPPORTED);
    }

    @Test
    void senderMustBeAValidAddressInAnAllowedDomain() {
        assertConfigError("{\"service\":\"__json\",\"from\":\"not an address\"" + NO_AUTH,
                "[from]: not valid emails: not an address");
        assertConfigError("{\"service\":\"__json\",\"from\":\"me@evil.example.net\"" + NO_AUTH,
                "[from]: not allowed emails: me@evil.example.net");
        // domains are compared exactly
        assertConfigError("{\"service\":\"__json\",\"from\":\"me@Example.org\"" + NO_AUTH,
                "[from]: not allowed emails: me@Example.org");
        // the sender is checked before anything the service needs
        assertConfigError("{\"service\":\"exchange_server\",\"from\":\"me@evil.example.net\"}",
                "[from]: not allowed emails: me@evil.example.net");
    }

    @Test
    void customHostMustBeAllowed() {
        assertConfigError("{\"host\":\"smtp.evil.example.net\",\"port\":25,\"from\":\"me@example.org\"" + NO_AUTH,
                "[host] value 'smtp.evil.example.net' is not in the allowedHosts configuration");
    }

    @Test
    void namedServiceMustResolveToAnAllowedHost() {
        assertConfigError("{\"service\":\"hotmail\",\"from\":\"me@example.org\"" + NO_AUTH,
                "[service] value 'hotmail' resolves to host 'smtp-mail.outlook.com' which is not in the allowedHosts"
                        + " configuration");
        assertConfigError("{\"service\":\"elastic_cloud\",\"from\":\"me@example.org\"" + NO_AUTH,
                "[service] value 'elastic_cloud' resolves to host 'dockerhost' which is not in the allowedHosts"
                        + " configuration");
        assertConfigError("{\"service\":\"nope\",\"from\":\"me@example.org\"" + NO_AUTH,
                "[service] value 'nope' is not valid");
    }

    @Test
    void aVeryLongTemplatedRecipientIsCheckedWithoutOverflowingTheStack() {
        String space = freshSpace();
        String id = create(space, connector("{\"service\":\"__json\",\"from\":\"me@example.org\"" + NO_AUTH, "{}"));
        String recipient = "{{" + "x".repeat(5_000) + "}}";
        kibana().body("{\"params\":{\"to\":[\"" + recipient + "\"],\"subject\":\"s\",\"message\":\"m\"}}")
                .post(path(space, "/api/actions/connector/" + id + "/_execute")).then().statusCode(200)
                .body("status", equalTo("error"))
                .body("message", equalTo("[to/cc/bcc]: not valid emails: " + recipient));
    }

    @Test
    void updateChecksTheAllowlistsToo() {
        String space = freshSpace();
        String id = create(space, connector("{\"service\":\"__json\",\"from\":\"me@example.org\"" + NO_AUTH, "{}"));
        assertError(kibana().body("{\"name\":\"mail\",\"config\":{\"service\":\"__json\",\"from\":\"me@elsewhere.io\""
                + NO_AUTH + "}").put(path(space, "/api/actions/connector/" + id)).then(), 400,
                CONFIG_ERROR + "[from]: not allowed emails: me@elsewhere.io");
    }

    @Test
    void executionChecksRecipientsAgainWithoutSkippingTemplates() throws Exception {
        String space = freshSpace();
        String id = create(space, connector("{\"service\":\"__json\",\"from\":\"me@example.org\"" + NO_AUTH, "{}"));
        String route = path(space, "/api/actions/connector/" + id + "/_execute");
        // params validation lets a template through, the executor does not
        kibana().body("""
                {"params":{"to":["ops@example.org","{{context.owner}}"],"cc":["x@evil.example.net"],
                 "subject":"s","message":"m"}}""").post(route).then().statusCode(200)
                .body("status", equalTo("error"))
                .body("message", equalTo("error validating action params: [to/cc/bcc]: not allowed emails: "
                        + "x@evil.example.net"));
        String body = kibana().body("""
                {"params":{"to":["ops@example.org","{{context.owner}}"],"subject":"s","message":"m"}}""")
                .post(route).then().statusCode(200).extract().asString();
        assertEquals(new ObjectMapper().readTree("""
                {"status":"error","connector_id":"%s","message":"[to/cc/bcc]: not valid emails: {{context.owner}}",
                 "errorSource":"user"}""".formatted(id)), new ObjectMapper().readTree(body));
        kibana().body("{\"params\":{\"to\":[\"ops@example.org\"],\"subject\":\"s\",\"message\":\"m\"}}")
                .post(route).then().statusCode(200).body("status", equalTo("ok"));
    }

    private static void assertConfigError(String config, String reason) {
        assertError(kibana().body(connector(config, "{}"))
                .post(path(freshSpace(), "/api/actions/connector")).then(), 400, CONFIG_ERROR + reason);
    }
}
