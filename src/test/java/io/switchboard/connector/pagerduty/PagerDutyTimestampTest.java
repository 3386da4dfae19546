package io.switchboard.connector.pagerduty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.support.WireMockPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.switchboard.support.Api.create;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.kibana;
import static io.switchboard.support.Api.path;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The {@code payload.timestamp} PagerDuty receives: Kibana reads the timestamp with {@code moment(text)} and sends
 * {@code toISOString()}, so every form validation accepts arrives as one ISO 8601 instant in UTC with milliseconds.
 * Expected values are what moment 2.31 on Node 20 prints in a UTC process.
 */
@QuarkusTest
class PagerDutyTimestampTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final WireMockServer pagerDuty = WireMockPeer.server();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            2011-10-05T14:48:00.000Z                                          | 2011-10-05T14:48:00.000Z
            2011-10-05                                                        | 2011-10-05T00:00:00.000Z
            2011-10-05 14:48                                                  | 2011-10-05T14:48:00.000Z
            2011-10-05T14:48:00+02:00                                         | 2011-10-05T12:48:00.000Z
            2011-10-05T14:48:00.123456+0530                                   | 2011-10-05T09:18:00.123Z
            2011-10-05T14:48:00,5-03                                          | 2011-10-05T17:48:00.500Z
            2011-10-05T24:00                                                  | 2011-10-06T00:00:00.000Z
            20111005T144800Z                                                  | 2011-10-05T14:48:00.000Z
            2011-W40-3                                                        | 2011-10-05T00:00:00.000Z
            2011-W40                                                          | 2011-10-03T00:00:00.000Z
            2020-W53-7                                                        | 2021-01-03T00:00:00.000Z
            2011W403                                                          | 2011-10-05T00:00:00.000Z
            2011-278                                                          | 2011-10-05T00:00:00.000Z
            2011-10                                                           | 2011-10-01T00:00:00.000Z
            2011                                                              | 2011-01-01T00:00:00.000Z
            +010000-01-01                                                     | +010000-01-01T00:00:00.000Z
            -000001-12-31T23:00:00Z                                           | -000001-12-31T23:00:00.000Z
            '  2011-10-05T14:48:00Z  '                                        | 2011-10-05T14:48:00.000Z
            'Wed, 05 Oct 2011 14:48:00 GMT'                                   | 2011-10-05T14:48:00.000Z
            '5 Oct 11 14:48 EST'                                              | 2011-10-05T19:48:00.000Z
            'Oct 5, 2011'                                                     | 2011-10-05T00:00:00.000Z
            October 5 2011 2:48 pm                                            | 2011-10-05T14:48:00.000Z
            2011/10/05 14:48:00                                               | 2011-10-05T14:48:00.000Z
            10/05/2011                                                        | 2011-10-05T00:00:00.000Z
            12/31/99 11:59:59 PM                                              | 1999-12-31T23:59:59.000Z
            Feb 30 2011                                                       | 2011-03-02T00:00:00.000Z
            2011-10-05 14:48 +0200                                            | 2011-10-05T12:48:00.000Z
            Oct 5 2011 10:00 GMT+5:30                                         | 2011-10-05T04:30:00.000Z
            Wed Oct 05 2011 16:48:00 GMT+0200 (Central European Summer Time)  | 2011-10-05T14:48:00.000Z
            /Date(1317826080000)/                                             | 2011-10-05T14:48:00.000Z
            """)
    void everyAcceptedFormIsSentAsAnIsoInstantInUtc(String timestamp, String sent) throws Exception {
        assertEquals(sent, trigger(timestamp).at("/payload/timestamp").textValue());
    }

    @Test
    void theTimestampKeepsItsPlaceInThePayload() throws Exception {
        JsonNode event = trigger("Oct 5, 2011 14:48 UTC");
        assertEquals("{\"summary\":\"s\",\"source\":\"src\",\"severity\":\"info\","
                + "\"timestamp\":\"2011-10-05T14:48:00.000Z\",\"component\":\"disk\"}", event.get("payload").toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            2011-02-30
            Thu, 05 Oct 2011 14:48:00 GMT
            2021-W53-1
            2011-10-05T14:48:00+14:01
            2011/10/05T14:48
            not a date
            """)
    void aRefusedFormIsNeverSent(String timestamp) throws Exception {
        String enqueue = stub();
        String space = freshSpace();
        String id = connector(space, enqueue);
        kibana().body(JSON.createObjectNode().set("params", JSON.createObjectNode().put("timestamp", timestamp)).toString())
                .post(path(space, "/api/actions/connector/" + id + "/_execute")).then().statusCode(200)
                .body("status", equalTo("error"))
                .body("message", equalTo(
                        "error validating action params: error parsing timestamp \"" + timestamp + "\""));
        assertEquals(0, pagerDuty.findAll(postRequestedFor(urlEqualTo(enqueue))).size());
    }

    /** Triggers an event with the timestamp and returns the event PagerDuty received. */
    private JsonNode trigger(String timestamp) throws Exception {
        String enqueue = stub();
        String space = freshSpace();
        String id = connector(space, enqueue);
        String params = JSON.createObjectNode().put("summary", "s").put("source", "src").put("timestamp", timestamp)
                .put("component", "disk").toString();
        kibana().body("{\"params\":" + params + "}")
                .post(path(space, "/api/actions/connector/" + id + "/_execute")).then().statusCode(200)
                .body("status", equalTo("ok"));
        List<LoggedRequest> sent = pagerDuty.findAll(postRequestedFor(urlEqualTo(enqueue)));
        assertEquals(1, sent.size());
        return JSON.readTree(sent.getFirst().getBodyAsString());
    }

    private String stub() {
        String enqueue = "/v2/enqueue/" + UUID.randomUUID();
        pagerDuty.stubFor(post(urlEqualTo(enqueue)).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"k\"}")));
        return enqueue;
    }

    private static String connector(String space, String enqueue) {
        return create(space, """
                {"name":"pd","connector_type_id":".pagerduty","config":{"apiUrl":"%s"},
                 "secrets":{"routingKey":"R0UT1NGKEY0123456789"}}""".formatted(WireMockPeer.url(enqueue)));
    }
}
