package io.switchboard.connector.webhook;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.support.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Base64;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.switchboard.support.Api.create;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.kibana;
import static io.switchboard.support.Api.path;
import static io.switchboard.support.TestCertificates.base64;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Webhooks over TLS to a server that demands a client certificate and presents a self-signed one. */
@QuarkusTest
class WebhookTlsExecutionTest {

    private static WireMockServer mutualTls;
    private static TestCertificates certificates;

    @BeforeAll
    static void start() throws Exception {
        certificates = TestCertificates.get();
        mutualTls = new WireMockServer(options().httpDisabled(true).dynamicHttpsPort().bindAddress("127.0.0.1")
                .keystorePath(certificates.serverStore.toString()).keystorePassword(TestCertificates.PASSWORD)
                .keyManagerPassword(TestCertificates.PASSWORD).keystoreType("PKCS12")
                .needClientAuth(true).trustStorePath(certificates.clientTrustStore.toString())
                .trustStorePassword(TestCertificates.PASSWORD).trustStoreType("PKCS12"));
        mutualTls.start();
        mutualTls.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
    }

    @AfterAll
    static void stop() {
        mutualTls.stop();
    }

    private static String run(String config, String secrets) {
        String space = freshSpace();
        String id = create(space, "{\"name\":\"tls\",\"connector_type_id\":\".webhook\",\"config\":" + config
                + ",\"secrets\":" + secrets + "}");
        return kibana().body("{\"params\":{\"body\":\"hello\"}}")
                .post(path(space, "/api/actions/connector/" + id + "/_execute")).then().statusCode(200)
                .extract().asString();
    }

    private static String url() {
        return "https://localhost:" + mutualTls.httpsPort() + "/tls";
    }

    @Test
    void pfxClientCertificateWithTheServersCa() {
        int before = mutualTls.findAll(anyRequestedFor(anyUrl())).size();
        String response = run("""
                {"url":"%s","authType":"webhook-authentication-ssl","certType":"ssl-pfx","ca":"%s","verificationMode":"full"}"""
                .formatted(url(), base64(certificates.serverCertificatePem)), """
                {"pfx":"%s","password":"%s"}""".formatted(Base64.getEncoder().encodeToString(certificates.clientPfx),
                TestCertificates.PASSWORD));
        assertEquals("ok", io.restassured.path.json.JsonPath.from(response).getString("status"), response);
        assertEquals(before + 1, mutualTls.findAll(anyRequestedFor(anyUrl())).size());
    }

    @Test
    void crtAndKeyClientCertificateWithoutVerification() {
        String response = run("""
                {"url":"%s","authType":"webhook-authentication-ssl","certType":"ssl-crt-key","verificationMode":"none"}"""
                .formatted(url()), """
                {"crt":"%s","key":"%s"}""".formatted(base64(certificates.clientCertificatePem),
                base64(certificates.clientKeyPem)));
        assertEquals("ok", io.restassured.path.json.JsonPath.from(response).getString("status"), response);
    }

    @Test
    void withoutTheCaTheSelfSignedServerIsRefused() {
        String space = freshSpace();
        String id = create(space, """
                {"name":"tls","connector_type_id":".webhook","config":{"url":"%s","authType":"webhook-authentication-ssl",
                 "certType":"ssl-crt-key"},"secrets":{"crt":"%s","key":"%s"}}""".formatted(url(),
                base64(certificates.clientCertificatePem), base64(certificates.clientKeyPem)));
        kibana().body("{\"params\":{\"body\":\"hello\"}}")
                .post(path(space, "/api/actions/connector/" + id + "/_execute")).then().statusCode(200)
                .body("status", equalTo("error"))
                .body("message", equalTo("error calling webhook, request failed"))
                .body("service_message", startsWith("["));
    }

    @Test
    void withoutAClientCertificateTheServerRefuses() {
        String space = freshSpace();
        String id = create(space, """
                {"name":"tls","connector_type_id":".webhook","config":{"url":"%s","hasAuth":false,
                 "ca":"%s"}}""".formatted(url(), base64(certificates.serverCertificatePem)));
        kibana().body("{\"params\":{\"body\":\"hello\"}}")
                .post(path(space, "/api/actions/connector/" + id + "/_execute")).then().statusCode(200)
                .body("status", equalTo("error"))
                .body("message", equalTo("error calling webhook, request failed"));
    }
}
